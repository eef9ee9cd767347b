"""Structured referrals, their attachments, and the record of what happened to each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontrack.accounts.models import Clinic, ReferrerProfile


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    ASSESSING = "assessing", _("Being assessed")
    ACCEPTED = "accepted", _("Accepted")
    NO_RIGHT = "no_right", _("No right to specialist care")
    RETURNED = "returned", _("Returned with a question")
    DECLINED = "declined", _("Declined")
    FORWARDED = "forwarded", _("Forwarded to another clinic")


# States in which the clinic has the referral and must act on it.
OPEN_STATUSES = (Status.RECEIVED, Status.ASSESSING)


class Complaint(models.TextChoices):
    HEADACHE = "headache", _("Headache or migraine")
    COMPLEX_PAIN = "complex_pain", _("Long-lasting complex pain")
    OTHER = "other", _("Other")


class Referral(models.Model):
    """One referral from a GP or specialist to a clinic.

    The free-text and structured answers live in `content`, keyed by the checklist item ids
    of `bontrack.clinical.referral`, so completeness is scored by the clinical core.
    """

    referrer = models.ForeignKey(
        ReferrerProfile, on_delete=models.PROTECT, related_name="referrals"
    )
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)

    # Who the referral is about. The patient record is found or created from the national
    # identity number when the referral is sent, never duplicated.
    patient_national_id = models.CharField(_("national identity number"), max_length=11,
                                           blank=True)
    patient_name = models.CharField(_("patient's full name"), max_length=200, blank=True)
    patient_phone = models.CharField(_("patient's phone"), max_length=30, blank=True)
    patient_email = models.EmailField(_("patient's e-mail"), blank=True)
    patient_language = models.CharField(
        _("patient's language for letters"), max_length=5,
        choices=[("nb", "Norsk"), ("en", "English")], default="nb",
    )
    patient = models.ForeignKey(
        "patients.Patient", null=True, blank=True, on_delete=models.PROTECT,
        related_name="referrals",
    )

    # Facts the triage suggestion reads (bontrack.clinical.triage).
    complaint = models.CharField(
        _("main complaint"), max_length=16, choices=Complaint.choices, blank=True
    )
    neurological_symptoms = models.BooleanField(
        _("neurological additional symptoms"), null=True, blank=True
    )
    failed_treatment = models.BooleanField(_("lack of effect of treatment"), null=True, blank=True)

    content = models.JSONField(default=dict, blank=True)
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(400)],
    )
    height_cm = models.DecimalField(
        _("height (cm)"), max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(250)],
    )
    # An optional diary in the CSV contract, so the clinic sees the baseline from day one.
    diary_csv = models.TextField(blank=True)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    # The clinic's decision; the rule set of the suggestion it confirmed or overrode.
    right = models.BooleanField(_("right to specialist care"), null=True, blank=True)
    deadline = models.DateField(_("latest start of assessment"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decision_rules = models.CharField(max_length=60, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    forwarded_to = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The first appointment booked for an accepted referral: it takes it off the at-risk list.
    appointment_on = models.DateField(_("first appointment"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["clinic", "status"]),
            models.Index(fields=["clinic", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk} ({self.status})"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def received_on(self) -> dt.date | None:
        return timezone.localtime(self.sent_at).date() if self.sent_at else None

    def days_left(self, today: dt.date) -> int | None:
        return (self.deadline - today).days if self.deadline else None


def attachment_storage() -> FileSystemStorage:
    # Outside the web root: files are only ever served through a view that checks access.
    return FileSystemStorage(location=settings.VAR_DIR / "attachments")


class Attachment(models.Model):
    """A report or image attached to a referral: type and size checked, scanned, kept private."""

    class Scan(models.TextChoices):
        PENDING = "pending", _("Not yet scanned")
        CLEAN = "clean", _("Clean")
        INFECTED = "infected", _("Rejected by the virus scan")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=attachment_storage, upload_to="referrals/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    scan = models.CharField(max_length=10, choices=Scan.choices, default=Scan.PENDING)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Event(models.Model):
    """Something that happened to a referral: sent, a decision, a question and its answer."""

    class Kind(models.TextChoices):
        SENT = "sent", _("Sent")
        STATUS = "status", _("Status changed")
        QUESTION = "question", _("Question to the referrer")
        ANSWER = "answer", _("Answer from the referrer")
        LETTER = "letter", _("Letter to the patient")
        NOTE = "note", _("Note")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    text = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)
    data: Any = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on referral {self.referral_id}"
