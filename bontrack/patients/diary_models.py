"""The patient's own records: diary days with their history, medications, questionnaires,
self-management goals and reminders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontrack.clinical.diary import MEDICATION_CLASSES, DiaryDay

NOTE_MAX_LENGTH = 2000

MEDICATION_CLASS_CHOICES = [
    ("triptan", _("Triptan")),
    ("ergot", _("Ergot")),
    ("opioid", _("Opioid")),
    ("simple_analgesic", _("Simple painkiller (paracetamol, ibuprofen, aspirin …)")),
    ("combination_analgesic", _("Combination painkiller")),
    ("gepant", _("Gepant")),
    ("ditan", _("Ditan")),
    ("other", _("Other")),
]
assert [c for c, _label in MEDICATION_CLASS_CHOICES] == list(MEDICATION_CLASSES)

PAIN_AREAS = [
    ("head", _("Head")),
    ("face_jaw", _("Face and jaw")),
    ("neck", _("Neck")),
    ("shoulders", _("Shoulders")),
    ("upper_back", _("Upper back")),
    ("lower_back", _("Lower back")),
    ("arms", _("Arms")),
    ("legs", _("Legs")),
    ("whole_body", _("Whole body")),
]


class DiaryEntry(models.Model):
    """One calendar day of a patient's headache and pain diary (CLINICAL.md §1).

    A day without an entry is missing, never headache-free. Several attacks in one day are
    folded into the day: total hours, worst intensity.
    """

    class Source(models.TextChoices):
        PORTAL = "portal", _("Patient portal")
        IMPORT = "import", _("CSV import")
        API = "api", _("API")
        REFERRAL = "referral", _("Referral")
        DEMO = "demo", _("Demo data")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="diary_entries"
    )
    date = models.DateField(_("date"))
    headache_hours = models.DecimalField(
        _("hours with headache"), max_digits=4, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    intensity = models.PositiveSmallIntegerField(
        _("worst intensity"), default=0, validators=[MaxValueValidator(3)]
    )
    unilateral = models.BooleanField(_("on one side"), default=False)
    pulsating = models.BooleanField(_("throbbing"), default=False)
    aggravated_by_activity = models.BooleanField(_("worse with activity"), default=False)
    nausea = models.BooleanField(_("nausea"), default=False)
    vomiting = models.BooleanField(_("vomiting"), default=False)
    photophobia = models.BooleanField(_("bothered by light"), default=False)
    phonophobia = models.BooleanField(_("bothered by sound"), default=False)
    aura = models.BooleanField(_("aura"), default=False)
    # Classes of acute medication taken, ';'-joined in the CSV contract's order.
    acute_meds = models.CharField(max_length=120, blank=True, default="")
    relieved_by_acute_med = models.BooleanField(_("the medicine helped"), default=False)
    pain_nrs = models.PositiveSmallIntegerField(
        _("worst pain 0–10"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    pain_areas = models.JSONField(_("where it hurt"), default=list, blank=True)
    menstruation = models.BooleanField(_("menstruation"), null=True, blank=True)
    attacks = models.PositiveSmallIntegerField(_("attacks"), default=0)
    note = models.TextField(_("note"), blank=True, default="", max_length=NOTE_MAX_LENGTH)
    version = models.PositiveIntegerField(default=1)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PORTAL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="one_diary_entry_per_day")
        ]
        verbose_name = _("diary day")
        verbose_name_plural = _("diary days")

    def __str__(self) -> str:
        return f"diary {self.patient_id} {self.date}"

    @property
    def acute_med_classes(self) -> frozenset[str]:
        return frozenset(c for c in self.acute_meds.split(";") if c)

    def to_day(self) -> DiaryDay:
        """The clinical core's value for this day."""
        return DiaryDay(
            date=self.date,
            headache_hours=float(self.headache_hours),
            intensity=self.intensity,
            unilateral=self.unilateral,
            pulsating=self.pulsating,
            aggravated_by_activity=self.aggravated_by_activity,
            nausea=self.nausea,
            vomiting=self.vomiting,
            photophobia=self.photophobia,
            phonophobia=self.phonophobia,
            aura=self.aura,
            acute_meds=self.acute_med_classes,
            relieved_by_acute_med=self.relieved_by_acute_med,
            pain_nrs=self.pain_nrs,
        )

    def snapshot(self) -> dict[str, Any]:
        """The recorded facts of this version, for the history."""
        return {
            "headache_hours": str(self.headache_hours),
            "intensity": self.intensity,
            **{name: getattr(self, name) for name in BOOLEAN_FIELDS},
            "acute_meds": self.acute_meds,
            "relieved_by_acute_med": self.relieved_by_acute_med,
            "pain_nrs": self.pain_nrs,
            "pain_areas": list(self.pain_areas),
            "menstruation": self.menstruation,
            "attacks": self.attacks,
            "note": self.note,
            "medications": sorted(
                self.intakes.values_list("medication_id", flat=True)
            ) if self.pk else [],
        }


BOOLEAN_FIELDS = (
    "unilateral", "pulsating", "aggravated_by_activity", "nausea", "vomiting",
    "photophobia", "phonophobia", "aura",
)


class DiaryEntryVersion(models.Model):
    """An earlier version of a diary day, kept when the day is edited."""

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    recorded_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["entry", "version"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="one_row_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.entry} v{self.version}"


class Medication(models.Model):
    """A drug on the patient's own list: acute (tapped per day) or preventive (tried over time)."""

    class Kind(models.TextChoices):
        ACUTE = "acute", _("For attacks")
        PREVENTIVE = "preventive", _("Preventive")

    class Outcome(models.TextChoices):
        ONGOING = "ongoing", _("Still taking it")
        EFFECTIVE = "effective", _("Helped")
        FAILED = "failed", _("Did not help enough")
        INTOLERANT = "intolerant", _("Stopped because of side effects")
        CONTRAINDICATED = "contraindicated", _("Could not be used (contraindicated)")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="medications"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    # Acute medicines only: the class that counts toward medication overuse.
    drug_class = models.CharField(
        _("type"), max_length=24, choices=MEDICATION_CLASS_CHOICES, blank=True
    )
    # Preventives: a generic name or ATC code the eligibility rules know, when one applies.
    generic = models.CharField(_("generic name or ATC code"), max_length=40, blank=True)
    dose = models.CharField(_("dose"), max_length=120, blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    stopped_on = models.DateField(_("stopped"), null=True, blank=True)
    outcome = models.CharField(
        _("how did it go?"), max_length=16, choices=Outcome.choices, blank=True
    )
    active = models.BooleanField(_("on my list"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.dose}".strip()


class MedicationIntake(models.Model):
    """Which of the patient's acute medicines were taken on a diary day."""

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="intakes")
    medication = models.ForeignKey(Medication, on_delete=models.PROTECT, related_name="+")
    doses = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "medication"], name="one_intake_per_drug")
        ]

    def __str__(self) -> str:
        return f"{self.medication_id} × {self.doses}"


class QuestionnaireResponse(models.Model):
    """A filled-in MIDAS, a HIT-6 total, or a PGIC answer."""

    class Kind(models.TextChoices):
        MIDAS = "midas", "MIDAS"
        HIT6 = "hit6", "HIT-6"
        PGIC = "pgic", "PGIC"

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="questionnaires"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    answered_on = models.DateField(default=timezone.localdate)
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()
    grade = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-answered_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.answered_on}: {self.score}"


class SelfManagementGoal(models.Model):
    """A goal the clinic sets with the patient, ticked off in the diary."""

    class Kind(models.TextChoices):
        ACTIVITY_REST = "activity_rest", _("Balance activity and rest")
        RELAXATION = "relaxation", _("Relaxation exercises")
        TRAINING = "training", _("Gradual training of strength and endurance")
        HEALTHY_LIFE_CENTRE = "healthy_life_centre", _("Group at the local healthy-life centre")
        OTHER = "other", _("Other")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="goals"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    text = models.CharField(_("what to do"), max_length=300)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text


class GoalCheck(models.Model):
    """The patient ticked a goal off on a day."""

    goal = models.ForeignKey(SelfManagementGoal, on_delete=models.CASCADE, related_name="checks")
    date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["goal", "date"], name="one_tick_per_day")]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.date}"


class Reminder(models.Model):
    """A reminder the patient asked for: the daily diary, or a questionnaire that is due."""

    class Kind(models.TextChoices):
        DIARY = "diary", _("Daily diary")
        QUESTIONNAIRE = "questionnaire", _("Questionnaire")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    time_of_day = models.TimeField(_("time of day"))
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.patient_id} at {self.time_of_day:%H:%M}"


class ReminderDelivery(models.Model):
    """One sending of a reminder. The unique key makes each at-most-once across workers."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not needed")

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    due_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.CLAIMED)
    claimed_at = models.DateTimeField(default=timezone.now)
    worker = models.CharField(max_length=80, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reminder", "due_on"], name="one_delivery_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.reminder_id} {self.due_on} {self.status}"
