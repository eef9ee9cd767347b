"""Forms of the diary pages. They parse and check; the services store."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bontrack.clinical.drugs import PREVENTIVES
from bontrack.forms import StyledFormMixin
from bontrack.patients.diary import DayInput
from bontrack.patients.diary_models import NOTE_MAX_LENGTH, PAIN_AREAS, Medication

INTENSITY_CHOICES = [
    ("0", _("No headache")),
    ("1", _("Mild — I could do what I usually do")),
    ("2", _("Moderate — it got in the way")),
    ("3", _("Severe — I could not do much at all")),
]
MENSTRUATION_CHOICES = [("", _("Not relevant")), ("yes", _("Yes")), ("no", _("No"))]
IMPORT_MAX_BYTES = 1_000_000


class DiaryDayForm(StyledFormMixin, forms.Form):
    headache_hours = forms.DecimalField(
        label=_("How many hours did you have a headache?"),
        min_value=Decimal(0),
        max_value=Decimal(24),
        decimal_places=2,
        max_digits=4,
        required=False,
        help_text=_("Add up all attacks that day. 0 if none."),
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "max_value": _("A day has 24 hours; enter at most 24."),
            "min_value": _("Hours cannot be negative."),
            "invalid": _("Enter the hours as a number, for example 4 or 2.5."),
        },
    )
    intensity = forms.TypedChoiceField(
        label=_("How bad was it at its worst?"),
        choices=INTENSITY_CHOICES,
        coerce=int,
        initial="0",
        widget=forms.RadioSelect,
    )
    unilateral = forms.BooleanField(label=_("On one side of the head"), required=False)
    pulsating = forms.BooleanField(label=_("Throbbing or pulsing"), required=False)
    aggravated_by_activity = forms.BooleanField(
        label=_("Worse when moving, e.g. walking stairs"), required=False
    )
    nausea = forms.BooleanField(label=_("Nausea"), required=False)
    vomiting = forms.BooleanField(label=_("Vomiting"), required=False)
    photophobia = forms.BooleanField(label=_("Light bothered me"), required=False)
    phonophobia = forms.BooleanField(label=_("Sound bothered me"), required=False)
    aura = forms.BooleanField(
        label=_("Aura (e.g. flickering zigzag lines) before or during the headache"),
        required=False,
    )
    medications = forms.ModelMultipleChoiceField(
        label=_("Medicines taken for the headache"),
        queryset=Medication.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    relieved_by_acute_med = forms.BooleanField(
        label=_("The medicine helped (the headache eased within two hours)"), required=False
    )
    pain_nrs = forms.TypedChoiceField(
        label=_("Worst pain today, 0 (none) to 10 (worst imaginable)"),
        choices=[("", _("Not recorded"))] + [(str(n), str(n)) for n in range(11)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    pain_areas = forms.MultipleChoiceField(
        label=_("Where did it hurt?"),
        choices=PAIN_AREAS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    menstruation = forms.ChoiceField(
        label=_("Menstruation today"),
        choices=MENSTRUATION_CHOICES,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything you want to remember, such as triggers or what helped."),
        error_messages={
            "max_length": _(
                "The note can be at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )

    def __init__(self, *args: Any, patient: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        medications = self.fields["medications"]
        assert isinstance(medications, forms.ModelMultipleChoiceField)
        medications.queryset = Medication.objects.filter(
            patient=patient, kind=Medication.Kind.ACUTE, active=True
        )

    def to_input(self, date: dt.date) -> DayInput:
        data = self.cleaned_data
        menstruation = {"yes": True, "no": False}.get(data.get("menstruation") or "")
        return DayInput(
            date=date,
            headache_hours=data.get("headache_hours") or Decimal(0),
            intensity=data["intensity"],
            unilateral=data["unilateral"],
            pulsating=data["pulsating"],
            aggravated_by_activity=data["aggravated_by_activity"],
            nausea=data["nausea"],
            vomiting=data["vomiting"],
            photophobia=data["photophobia"],
            phonophobia=data["phonophobia"],
            aura=data["aura"],
            relieved_by_acute_med=data["relieved_by_acute_med"],
            pain_nrs=data.get("pain_nrs"),
            pain_areas=list(data.get("pain_areas") or []),
            menstruation=menstruation,
            note=data.get("note") or "",
            medications={m.pk: 1 for m in data.get("medications") or []},
        )

    @staticmethod
    def initial_from(day: DayInput) -> dict[str, Any]:
        return {
            "headache_hours": day.headache_hours,
            "intensity": str(day.intensity),
            "unilateral": day.unilateral,
            "pulsating": day.pulsating,
            "aggravated_by_activity": day.aggravated_by_activity,
            "nausea": day.nausea,
            "vomiting": day.vomiting,
            "photophobia": day.photophobia,
            "phonophobia": day.phonophobia,
            "aura": day.aura,
            "medications": list(day.medications),
            "relieved_by_acute_med": day.relieved_by_acute_med,
            "pain_nrs": "" if day.pain_nrs is None else str(day.pain_nrs),
            "pain_areas": day.pain_areas,
            "menstruation": {True: "yes", False: "no"}.get(day.menstruation, ""),  # type: ignore[arg-type]
            "note": day.note,
        }


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Diary file (CSV)"),
        help_text=_("The same format bontrack exports: one row per day, with a header row."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)d bytes; the limit is %(limit)d bytes (about 10 years "
                    "of diary)."
                ),
                params={"size": upload.size, "limit": IMPORT_MAX_BYTES},
            )
        raw = upload.read()
        try:
            return str(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. Save it as CSV UTF-8 and try again.")
            ) from None


class MedicationForm(StyledFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    generic = forms.ChoiceField(
        label=_("Active substance (preventives)"),
        choices=[("", _("Other or not listed"))]
        + [(d.generic, d.generic.capitalize()) for d in PREVENTIVES],
        required=False,
        help_text=_("Lets the clinic see which preventives you have tried."),
    )

    class Meta:
        model = Medication
        fields = [
            "kind",
            "name",
            "drug_class",
            "generic",
            "dose",
            "started_on",
            "stopped_on",
            "outcome",
            "active",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "stopped_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "drug_class": _("For medicines taken during attacks."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Medication.Kind.ACUTE and not data.get("drug_class"):
            self.add_error("drug_class", _("Choose the type of medicine for attacks."))
        start, stop = data.get("started_on"), data.get("stopped_on")
        if start and stop and stop < start:
            self.add_error("stopped_on", _("The stop date is before the start date."))
        return data
