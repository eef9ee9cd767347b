"""Patient records and which clinics care for them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontrack.accounts.models import Clinic
from bontrack.patients.nin import InvalidNationalId, parse_national_id


def allow_synthetic_ids() -> bool:
    return bool(getattr(settings, "ALLOW_SYNTHETIC_NATIONAL_IDS", False))


def validate_national_id(value: str) -> None:
    try:
        parse_national_id(value, allow_synthetic=allow_synthetic_ids())
    except InvalidNationalId as exc:
        raise ValidationError(
            _("Not a valid national identity number: %(why)s."), params={"why": str(exc)}
        ) from None


class Patient(models.Model):
    """A person in treatment. One record per national identity number, shared by clinics."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    national_id = models.CharField(
        _("national identity number"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_national_id],
        help_text=_("Fødselsnummer or D-number, 11 digits."),
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("nb", "Norsk"), ("en", "English")],
        default="nb",
    )
    interpreter_language = models.CharField(
        _("interpreter needed for language"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty when no interpreter is needed."),
    )
    clinics = models.ManyToManyField(Clinic, through="Enrolment", related_name="patients")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set when the patient's identity has been erased at their request (GDPR art. 17).
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")

    def __str__(self) -> str:
        return self.full_name

    @property
    def needs_interpreter(self) -> bool:
        return bool(self.interpreter_language)

    def clean(self) -> None:
        if self.national_id:
            parsed = parse_national_id(self.national_id, allow_synthetic=allow_synthetic_ids())
            self.national_id = parsed.number
            if self.birth_date and self.birth_date != parsed.birth_date:
                raise ValidationError(
                    {"birth_date": _("The date of birth does not match the identity number.")}
                )
            self.birth_date = parsed.birth_date


class Enrolment(models.Model):
    """A clinic's care relation to a patient: staff of that clinic may see the record."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="enrolments")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="enrolments")
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "clinic"], name="one_enrolment_per_clinic")
        ]

    def __str__(self) -> str:
        return f"patient {self.patient_id} at clinic {self.clinic_id}"


class ErasureRequest(models.Model):
    """A patient's request to erase their identity; carried out by a platform administrator.

    Health records carry a legal duty to keep them, so erasure pseudonymises identity
    rather than deleting clinical rows, and it is never automatic.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        DONE = "done", _("Carried out")
        REFUSED = "refused", _("Refused")

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="erasure_requests")
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"erasure request {self.pk} ({self.status})"


# The patient's own records live in their own module; Django finds them through this import.
from bontrack.patients.diary_models import (  # noqa: E402
    DiaryEntry,
    DiaryEntryVersion,
    GoalCheck,
    Medication,
    MedicationIntake,
    QuestionnaireResponse,
    Reminder,
    ReminderDelivery,
    SelfManagementGoal,
)

__all__ = [
    "DiaryEntry",
    "DiaryEntryVersion",
    "Enrolment",
    "ErasureRequest",
    "GoalCheck",
    "Medication",
    "MedicationIntake",
    "Patient",
    "QuestionnaireResponse",
    "Reminder",
    "ReminderDelivery",
    "SelfManagementGoal",
]
