"""The public directory: clinics as the public sees them, what they offer at what price and
wait, their ratings and booking requests, and the postcode table distances are measured from.

A Listing is a clinic's public face. It may belong to a bontrack clinic (then its clinic admins
edit it, and patients treated there can leave verified ratings) or stand alone (a clinic that
does not use bontrack, kept by the platform admin).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontrack.accounts.models import Clinic

# A waiting time or price older than this is shown as stale.
STALE_AFTER_DAYS = 35


class Postcode(models.Model):
    """One Norwegian postcode with the place's centre, loaded from directory/data/postcodes.csv."""

    code = models.CharField(_("postcode"), max_length=4, primary_key=True)
    place = models.CharField(_("place"), max_length=80)
    municipality = models.CharField(_("municipality"), max_length=80)
    county = models.CharField(_("county"), max_length=80)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.place}"


class Treatment(models.TextChoices):
    CHRONIC_MIGRAINE = "bont_chronic_migraine", _("BoNT-A for chronic migraine")
    PAIN = "bont_pain", _("BoNT-A for long-lasting pain conditions")
    NECK_SHOULDER = "bont_neck_shoulder", _("BoNT-A for neck and shoulder pain")
    JAW = "bont_jaw", _("BoNT-A for jaw pain and teeth grinding")


class Listing(models.Model):
    """A clinic in the public directory."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public hospital unit")
        PRIVATE = "private", _("Private clinic")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    clinic = models.OneToOneField(
        Clinic, on_delete=models.SET_NULL, null=True, blank=True, related_name="listing"
    )
    published = models.BooleanField(_("published"), default=True)
    description = models.TextField(_("description (Norwegian)"), max_length=4000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=4000, blank=True)
    # Free text lines such as "Neurologist", "Nurse"; no names of staff.
    staff_roles = models.JSONField(_("staff roles"), default=list, blank=True)
    blue_prescription = models.BooleanField(
        _("blue prescription can apply"),
        default=False,
        help_text=_("Whether patients who meet the criteria can have the drug reimbursed."),
    )

    street_address = models.CharField(_("street address"), max_length=200)
    postcode = models.ForeignKey(
        Postcode, on_delete=models.PROTECT, related_name="listings", verbose_name=_("postcode")
    )
    # Where the clinic is; from the postcode's centre when not given more exactly.
    latitude = models.FloatField()
    longitude = models.FloatField()
    where_to_meet = models.CharField(
        _("where to meet (building, floor, entrance)"), max_length=300, blank=True
    )
    parking = models.CharField(_("parking"), max_length=300, blank=True)
    public_transport = models.CharField(_("public transport"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # [{"day": 0..6 (Monday=0), "opens": "08:00", "closes": "15:30"}, …]; days absent = closed.
    opening_hours = models.JSONField(_("opening hours"), default=list, blank=True)

    # A paid placement is shown as advertising while today ≤ advertised_until.
    advertised_until = models.DateField(_("advertised until"), null=True, blank=True)

    # Kept current from published ratings (see directory services), for fast search.
    rating_count = models.PositiveIntegerField(default=0)
    rating_mean = models.FloatField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["published", "name"])]

    def __str__(self) -> str:
        return self.name

    def is_advertised(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.advertised_until is not None and today <= self.advertised_until


class Offering(models.Model):
    """One treatment a listed clinic offers, with its price from and its waiting time."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="offerings")
    treatment = models.CharField(_("treatment"), max_length=30, choices=Treatment.choices)
    # The lowest price a patient pays for one treatment, in whole NOK (self-pay; for a
    # public unit the patient's fee). Null when the clinic does not say.
    price_from = models.PositiveIntegerField(
        _("price from (NOK)"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    price_confirmed_on = models.DateField(_("price last confirmed"), null=True, blank=True)
    wait_weeks = models.PositiveSmallIntegerField(
        _("waiting time (weeks)"), null=True, blank=True, validators=[MaxValueValidator(260)]
    )
    wait_updated_on = models.DateField(_("waiting time updated"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["listing", "treatment"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "treatment"], name="one_offering_per_treatment"
            )
        ]
        indexes = [
            models.Index(fields=["treatment", "price_from"]),
            models.Index(fields=["treatment", "wait_weeks"]),
        ]

    def __str__(self) -> str:
        return f"{self.listing} — {self.get_treatment_display()}"

    @staticmethod
    def stale(day: dt.date | None, today: dt.date | None = None) -> bool:
        """Whether a date of last confirmation is missing or older than STALE_AFTER_DAYS."""
        today = today or timezone.localdate()
        return day is None or (today - day).days > STALE_AFTER_DAYS


class ProfileChange(models.Model):
    """One change to a listing or its offerings: who, when, which field, before and after."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    # "name", "offering:bont_chronic_migraine:price_from", …
    field = models.CharField(max_length=100)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.listing}: {self.field}"


class Rating(models.Model):
    """A patient's experience of a clinic: 1–5 stars and text.

    Verified ratings come from patients treated at the clinic in bontrack; public
    submissions wait for moderation. Only published ratings are shown and counted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        REMOVED = "removed", _("Removed after a report")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="ratings")
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("your experience"), max_length=2000, blank=True)
    # Shown with the rating: "Verified patient" or the name the author chose (first name, alias).
    display_name = models.CharField(_("shown as"), max_length=60, blank=True)
    verified = models.BooleanField(default=False)
    # Set for verified ratings only; never shown publicly.
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.CharField(max_length=300, blank=True)
    reply = models.TextField(_("the clinic's reply"), max_length=2000, blank=True)
    reply_at = models.DateTimeField(null=True, blank=True)
    reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A keyed hash of the sender's address, for rate limits; never the address itself.
    sender_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["listing", "status", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.listing}: {self.stars}★"


class AbuseReport(models.Model):
    """Anyone may report a published rating or reply; the moderators handle it."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("what is wrong"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=300, blank=True)
    sender_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"report on {self.rating_id}"


def _status_token() -> str:
    return secrets.token_urlsafe(24)


class BookingRequest(models.Model):
    """Someone asks a clinic for an appointment; the clinic accepts or declines."""

    class Status(models.TextChoices):
        NEW = "new", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Referral(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNSURE = "unsure", _("Not sure")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="bookings")
    treatment = models.CharField(_("treatment"), max_length=30, choices=Treatment.choices)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_times = models.CharField(_("preferred times"), max_length=300, blank=True)
    has_referral = models.CharField(
        _("do you have a referral?"), max_length=6, choices=Referral.choices
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    language = models.CharField(max_length=5, default="nb")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    status_note = models.CharField(_("message to the requester"), max_length=500, blank=True)
    # The requester's own page for the request: /klinikker/bestilling/<token>/.
    token = models.CharField(max_length=40, unique=True, default=_status_token)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appointment = models.ForeignKey(
        "treatments.Appointment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sender_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["listing", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"booking {self.pk} for {self.listing}"
