"""Who is who: users, clinics (the tenants), memberships with roles, referrers, break-glass."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PHYSICIAN = "physician", _("Physician")
    CLINIC_ADMIN = "clinic_admin", _("Clinic administrator")


class Speciality(models.TextChoices):
    """A physician's speciality, spelt as the reimbursement rules' applicant roles."""

    NEUROLOGIST = "neurologist", _("Neurologist")
    ANAESTHESIOLOGIST = "anaesthesiologist", _("Anaesthesiologist")
    HOSPITAL_PHYSICIAN = "hospital_physician", _("Hospital physician")
    GP = "gp", _("General practitioner")


class Clinic(models.Model):
    """A clinic: the tenant every clinical row belongs to."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("a user needs an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # E-mail addresses are stored lower-case; log-in must not depend on how they are typed.
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in; roles come from memberships, a patient link or a referrer profile.

    `is_staff` is Django's flag for the admin site (platform administration), not a clinic role.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("nb", "Norsk"), ("en", "English")],
        default="nb",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("platform administrator"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Membership(models.Model):
    """A user's role at a clinic. One user may hold several roles at several clinics."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Blank means not recorded: the applicant criterion then stays unknown, never assumed.
    speciality = models.CharField(
        _("speciality"),
        max_length=20,
        choices=Speciality.choices,
        blank=True,
        help_text=_("For physicians: decides who may apply for reimbursement."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "clinic", "role"], name="one_role_per_clinic")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.clinic}"

    def clean(self) -> None:
        if self.speciality and self.role != Role.PHYSICIAN:
            raise ValidationError(
                {"speciality": _("Only a physician's membership has a speciality.")}
            )


class ReferrerKind(models.TextChoices):
    GP = "gp", _("General practitioner")
    SPECIALIST = "specialist", _("Specialist")


class ReferrerProfile(models.Model):
    """A GP or specialist who sends referrals."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="referrer")
    kind = models.CharField(_("kind"), max_length=20, choices=ReferrerKind.choices)
    # The Norwegian health personnel register (HPR) number: up to nine digits.
    hpr_number = models.CharField(
        _("HPR number"),
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^\d{4,9}$", _("An HPR number has 4–9 digits."))],
    )
    practice_name = models.CharField(_("practice"), max_length=200)
    practice_address = models.CharField(_("practice address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("referrer")
        verbose_name_plural = _("referrers")

    def __str__(self) -> str:
        return f"{self.user} ({self.practice_name})"


class BreakGlassAccess(models.Model):
    """A physician's emergency access to a patient outside their clinics: reasoned, timed, shown."""

    DEFAULT_DURATION = timedelta(hours=2)

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="break_glass"
    )
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "patient", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} → patient {self.patient_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    def is_active(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return bool(self.started_at <= now < self.expires_at)


class AuditEvent(models.Model):
    """One access to patient data. Append-only; each row is chained to the one before it.

    `row_hash` is SHA-256 over this row's fields and the previous row's hash, so an edited,
    inserted or deleted row breaks the chain at that point (`bontrack audit verify`).
    Identity is stored as ids, not names: erasing a patient's identity leaves the chain intact.
    """

    seq = models.BigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    patient = models.ForeignKey(
        "patients.Patient", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["patient", "at"]),
            models.Index(fields=["clinic", "at"]),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("audit events are append-only")


class AuditChainHead(models.Model):
    """The single row holding the last sequence number and hash; locked to append in order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    row_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit chain head at row {self.seq}"
