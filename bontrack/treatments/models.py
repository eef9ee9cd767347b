"""Treatment courses of botulinum toxin: sessions and their injections, vials and lots, prices,
appointments, the patient's follow-up and side effects, outcome decisions, applications."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontrack.accounts.models import Clinic

# Botox is dosed in units, never mg; every amount below is in units (U).


class VialLot(models.Model):
    """A lot of one product in a clinic's stock; an expired lot is never used."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="lots")
    product = models.CharField(_("product"), max_length=80, default="Botox (onabotulinumtoxinA)")
    vial_units = models.PositiveIntegerField(_("units per vial"))
    lot_number = models.CharField(_("lot number"), max_length=40)
    expires_on = models.DateField(_("expiry date"))
    vials_in_stock = models.PositiveIntegerField(_("vials in stock"), default=0)

    class Meta:
        ordering = ["expires_on"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "lot_number"], name="one_lot_per_clinic")
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.vial_units} U, lot {self.lot_number} ({self.expires_on})"


class VialPrice(models.Model):
    """The clinic's price for one vial size from a date: data an admin edits, never code."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="vial_prices")
    vial_units = models.PositiveIntegerField(_("units per vial"))
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default="NOK")
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)

    class Meta:
        ordering = ["vial_units", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.vial_units} U: {self.price} {self.currency} from {self.valid_from}"


class CustomProtocol(models.Model):
    """A clinic's saved protocol for pain conditions: muscles, sides, sites and units."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="protocols")
    name = models.SlugField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # [{"muscle": "trapezius", "side": "left", "sites": 4, "units_per_site": 10}, …]
    sites = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="one_protocol_name_per_clinic")
        ]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    """A course of treatment: indication, protocol, planned cycles, continuation rule set."""

    class Indication(models.TextChoices):
        CHRONIC_MIGRAINE = "chronic_migraine", _("Chronic migraine")
        PAIN = "pain", _("Pain condition")

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        STOPPED = "stopped", _("Stopped")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="courses"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="courses")
    indication = models.CharField(_("indication"), max_length=20, choices=Indication.choices)
    icd10 = models.CharField(_("ICD-10 code"), max_length=10, blank=True)
    # "preempt", "preempt-follow-the-pain", or the name of one of the clinic's CustomProtocols.
    protocol = models.CharField(_("protocol"), max_length=60, default="preempt")
    planned_cycles = models.PositiveSmallIntegerField(
        _("planned cycles"), default=3, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    continuation_rules = models.CharField(_("continuation rule set"), max_length=20,
                                          default="nkh-2018")
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    started_on = models.DateField(_("started"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"course {self.pk} ({self.indication})"


class Session(models.Model):
    """One treatment session. Signed sessions never change; corrections are addenda."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="treatment_sessions"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="sessions")
    cycle = models.PositiveSmallIntegerField(_("cycle"))
    performed_on = models.DateField(_("date"))
    physician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.DRAFT)
    lot = models.ForeignKey(VialLot, null=True, blank=True, on_delete=models.PROTECT,
                            related_name="sessions")
    units_per_ml = models.DecimalField(_("dilution (U per mL)"), max_digits=6, decimal_places=2,
                                       default=50)
    # [[vial size, count], …] as chosen by bontrack.clinical.dosing.choose_vials
    vials = models.JSONField(default=list, blank=True)
    total_units = models.PositiveIntegerField(default=0)
    waste_units = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    cost_currency = models.CharField(max_length=3, blank=True)
    local_anaesthetic = models.BooleanField(_("local anaesthetic mixed in"), default=False)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True,
                                                        blank=True)
    observation_minutes = models.PositiveSmallIntegerField(_("observation (minutes)"),
                                                           null=True, blank=True)
    observation_note = models.CharField(_("how the patient was"), max_length=300, blank=True)
    immediate_reactions = models.CharField(_("immediate reactions"), max_length=300, blank=True)
    # Hard stops and warnings from bontrack.clinical.session_check at signing, with the rules.
    limits_check = models.JSONField(default=dict, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["performed_on"]
        constraints = [
            models.UniqueConstraint(fields=["course", "cycle"], name="one_session_per_cycle")
        ]
        indexes = [models.Index(fields=["clinic", "performed_on"])]

    def __str__(self) -> str:
        return f"session {self.pk}, cycle {self.cycle}, {self.performed_on}"

    @property
    def is_signed(self) -> bool:
        return self.state == self.State.SIGNED


class InjectionSite(models.Model):
    """Units into one muscle on one side at a number of sites."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="injections")
    muscle = models.CharField(max_length=40)
    side = models.CharField(max_length=10)  # left, right, midline
    sites = models.PositiveSmallIntegerField()
    units = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "muscle", "side"],
                                    name="one_row_per_muscle_side")
        ]

    def __str__(self) -> str:
        return f"{self.muscle} {self.side}: {self.units} U / {self.sites}"


class Addendum(models.Model):
    """A correction or addition to a signed session."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField(max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"addendum to session {self.session_id}"


class Appointment(models.Model):
    """A slot in the clinic's calendar, with one physician; never two at once for one."""

    class Kind(models.TextChoices):
        FIRST_VISIT = "first_visit", _("First visit")
        TREATMENT = "treatment", _("Treatment")
        FOLLOW_UP = "follow_up", _("Follow-up")
        EVALUATION = "evaluation", _("Evaluation")

    class State(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="appointments")
    physician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="appointments"
    )
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="appointments")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.BOOKED)
    note = models.CharField(max_length=300, blank=True)
    # Set once when the day-before reminder is claimed, so it goes out at most once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["physician", "starts_at"]),
                   models.Index(fields=["clinic", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_at:%Y-%m-%d %H:%M}"


class FollowUp(models.Model):
    """The patient's short report after a session, due on day 7, 14, 28 and 84."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="follow_ups")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="follow_ups"
    )
    day = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    answered_at = models.DateTimeField(null=True, blank=True)
    effect_started = models.BooleanField(null=True, blank=True)
    effect_started_on = models.DateField(null=True, blank=True)
    effect_lasted_days = models.PositiveSmallIntegerField(null=True, blank=True)
    effect_lasted_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_came_back_gradually = models.BooleanField(null=True, blank=True)
    more_active = models.BooleanField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["session", "day"], name="one_follow_up_per_day")
        ]

    def __str__(self) -> str:
        return f"follow-up day {self.day} of session {self.session_id}"


class SideEffectReport(models.Model):
    """A side effect the patient reports; red flags go to the top of the clinic's worklist."""

    class Severity(models.TextChoices):
        MILD = "mild", _("Mild")
        MODERATE = "moderate", _("Moderate")
        SEVERE = "severe", _("Severe")

    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="side_effects")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="side_effects"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="side_effects")
    # Ids: bruising, neck_pain, headache, muscle_weakness, reduced_sensation, drooping_eyelid,
    # allergic_reaction, difficulty_breathing, difficulty_swallowing, difficulty_speaking, other
    kinds = models.JSONField(default=list)
    where = models.CharField(max_length=200, blank=True)
    other = models.CharField(max_length=300, blank=True)
    onset_on = models.DateField(null=True, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, blank=True)
    resolved = models.BooleanField(null=True, blank=True)
    red_flag = models.BooleanField(default=False)
    reported_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    handled_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-red_flag", "-reported_at"]
        indexes = [models.Index(fields=["clinic", "red_flag", "handled_at"])]

    def __str__(self) -> str:
        return f"side effects {', '.join(self.kinds)}"


class OutcomeDecision(models.Model):
    """The physician's decision after a cycle, beside bontrack's suggestion and its rule set."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        PAUSE = "pause", _("Pause")
        STOP = "stop", _("Stop")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="decisions")
    cycle = models.PositiveSmallIntegerField()
    rules = models.CharField(max_length=20)
    suggestion = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    suggestion_reasons = models.JSONField(default=list, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.decision} after cycle {self.cycle}"


class Application(models.Model):
    """A reimbursement application (blue prescription) drafted here and sent elsewhere."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Waiting for the answer")
        APPROVED = "approved", _("Approved")
        DENIED = "denied", _("Denied")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="applications"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="applications")
    rules = models.CharField(max_length=30)
    # The criteria as evaluated when drafted: [{"id", "met", "detail"}, …]
    criteria = models.JSONField(default=list)
    drafted_at = models.DateTimeField(default=timezone.now)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_on = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-drafted_at"]

    def __str__(self) -> str:
        return f"application {self.pk} ({self.rules}, {self.answer})"
from bontrack.treatments.summary_models import DiaryPeriodSummary  # noqa: E402,F401
