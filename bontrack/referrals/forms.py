"""Forms of the referrer's pages. They parse and check; `services` stores and decides."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bontrack.accounts.models import Clinic
from bontrack.forms import StyledFormMixin
from bontrack.patients.models import allow_synthetic_ids
from bontrack.patients.nin import InvalidNationalId, parse_national_id
from bontrack.referrals import services
from bontrack.referrals.models import Complaint, Referral

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

# The clinical core's checklist in the words the referrer reads (its own labels are English
# and outside gettext, since bontrack/clinical has no Django in it).
SECTION_LABELS: dict[str, StrPromise] = {
    "patient": _("Patient"),
    "request": _("The request"),
    "history": _("History and earlier care"),
    "clinical": _("Clinical status"),
    "work": _("Education, work and benefits"),
    "social": _("Social situation"),
    "language": _("Language and interpreter"),
}
ITEM_LABELS: dict[str, StrPromise] = {
    "reason": _("Reason: what is asked for"),
    "clinic": _("Which outpatient clinic"),
    "investigations": _("Earlier investigations and treatments and their effect"),
    "diagnoses": _("Earlier and ongoing diagnoses"),
    "attached_reports": _("Reports from physiotherapist, psychologist or mental health care"),
    "current_treatment": _("Current treatment"),
    "individual_plan": _("Individual plan: entitled? started?"),
    "history": _("Short history, condition and daily function"),
    "bmi": _("Weight and height (BMI)"),
    "symptoms": _("Symptoms: type, duration, triggers"),
    "medication": _("Medication: which, dose, effect, side effects"),
    "substance_use": _("Use of alcohol, drugs and medicines"),
    "tests": _("Relevant blood tests and examinations"),
    "education_work_history": _("Education and work history"),
    "current_work": _("Current work: position and percentage"),
    "nav_benefits": _("NAV benefits (sick pay, AAP, disability) with percentage"),
    "work_motivation": _("Motivation to return to or increase work"),
    "civil_status": _("Civil status, children, partner"),
    "living_situation": _("Living situation"),
    "strains": _("Ongoing strains"),
    "nationality": _("Nationality"),
    "language": _("Language"),
    "interpreter": _("Interpreter needed"),
    "gender": _("Gender"),
    # Not checklist items, but the referral cannot be sent without them.
    "patient_name": _("Patient's full name"),
    "patient_national_id": _("National identity number"),
    "complaint": _("Main complaint"),
}
# Where in the form each item is answered, for the meter's links.
ITEM_FIELDS = {"bmi": "weight_kg", "diagnoses": "diag_0_code", "medication": "med_0_name"}
# Needed by `services.send` beyond the checklist; shown as the meter's first section.
SEND_FIELDS = ("patient_name", "patient_national_id", "complaint")

TEXT_ITEMS = (
    "reason", "investigations", "diagnoses", "attached_reports", "current_treatment",
    "history", "symptoms", "medication", "substance_use", "tests",
    "education_work_history", "current_work", "nav_benefits", "work_motivation",
    "civil_status", "living_situation", "strains", "nationality", "language",
)
CHOICE_ITEMS = ("individual_plan", "interpreter", "gender")
# The tri-state answers are kept as given too, so "don't know" is not shown as unanswered.
TRI_QUESTIONS = ("neurological_symptoms", "failed_treatment")
TRI_STATE = [("", _("Not answered")), ("yes", _("Yes")), ("no", _("No")),
             ("unknown", _("Don't know"))]
TRI_VALUES = {"yes": True, "no": False}
DIAGNOSIS_ROWS = 4
MEDICATION_ROWS = 6
NAV_ROWS = 3
CODE_SYSTEMS = [("", "–"), ("ICD-10", "ICD-10"), ("ICPC-2", "ICPC-2")]
CODE_PATTERNS = {
    # G43.7 or G437; ICPC-2 is a chapter letter and two digits, N89.
    "ICD-10": re.compile(r"^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,2})?$"),
    "ICPC-2": re.compile(r"^[A-Z][0-9]{2}$"),
}
MEDICATION_KINDS = [("", "–"), ("preventive", _("Preventive (prophylactic)")),
                    ("acute", _("Acute (for attacks)")), ("other", _("Other"))]
OUTCOMES = [
    ("", "–"),
    ("ongoing", _("Ongoing")),
    ("effective", _("Effective")),
    ("failed", _("No effect")),
    ("intolerant", _("Stopped for side effects")),
    ("contraindicated", _("Contraindicated")),
]
NAV_BENEFITS = [("", "–"), ("sick_pay", _("Sick pay (sykepenger)")),
                ("aap", _("Work assessment allowance (AAP)")),
                ("disability", _("Disability benefit (uføretrygd)")), ("other", _("Other"))]
DIARY_MAX_BYTES = 1_000_000


def _text(label: StrPromise, *, rows: int = 3, help_text: StrPromise | str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=4000, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ReferralForm(StyledFormMixin, forms.Form):
    """The whole referral. Every field is optional here: a draft may be half-written, and
    what is missing is shown by the completeness meter, not as errors."""

    # Patient
    patient_name = forms.CharField(label=_("Patient's full name"), required=False,
                                   max_length=200, widget=forms.TextInput(
                                       attrs={"autocomplete": "off"}))
    patient_national_id = forms.CharField(
        label=_("National identity number"), required=False, max_length=20,
        help_text=_("11 digits, fødselsnummer or D-number."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    patient_phone = forms.CharField(label=_("Patient's phone"), required=False, max_length=30,
                                    widget=forms.TextInput(attrs={"type": "tel"}))
    patient_email = forms.EmailField(label=_("Patient's e-mail"), required=False,
                                     error_messages={"invalid": _("Enter a valid e-mail "
                                                                  "address.")})
    patient_language = forms.ChoiceField(
        label=_("Language of letters to the patient"),
        choices=[("nb", _("Norwegian (bokmål)")), ("en", _("English"))], initial="nb",
    )
    # The request
    clinic = forms.ModelChoiceField(
        label=_("Which outpatient clinic"), queryset=Clinic.objects.none(), required=False,
        empty_label=_("Choose a clinic"),
    )
    complaint = forms.ChoiceField(label=_("Main complaint"), required=False,
                                  choices=[("", _("Choose")), *Complaint.choices])
    neurological_symptoms = forms.ChoiceField(
        label=_("Neurological additional symptoms"), required=False, choices=TRI_STATE,
        help_text=_("For example weakness, numbness, speech or vision disturbance beyond "
                    "typical aura."),
    )
    failed_treatment = forms.ChoiceField(
        label=_("Lack of effect of treatment in primary care"), required=False,
        choices=TRI_STATE,
    )
    reason = _text(ITEM_LABELS["reason"], rows=4)
    # History
    investigations = _text(ITEM_LABELS["investigations"])
    diagnoses = _text(_("Other diagnoses (free text)"), rows=2)
    attached_reports = _text(ITEM_LABELS["attached_reports"], rows=2,
                             help_text=_("Which reports you attach below, or where they are."))
    current_treatment = _text(ITEM_LABELS["current_treatment"], rows=2)
    individual_plan = forms.ChoiceField(
        label=_("Individual plan (IP)"), required=False,
        choices=[("", _("Not answered")), ("not_relevant", _("Not entitled or not relevant")),
                 ("entitled", _("Entitled, not started")), ("started", _("Started"))],
    )
    # Clinical status
    history = _text(ITEM_LABELS["history"], rows=4)
    weight_kg = forms.DecimalField(
        label=_("Weight (kg)"), required=False, min_value=Decimal(1), max_value=Decimal(400),
        max_digits=5, decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        error_messages={
            "min_value": _("Weight must be at least 1 kg."),
            "max_value": _("Weight must be at most 400 kg."),
            "invalid": _("Enter the weight as a number, for example 72.5."),
        },
    )
    height_cm = forms.DecimalField(
        label=_("Height (cm)"), required=False, min_value=Decimal(30), max_value=Decimal(250),
        max_digits=5, decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        error_messages={
            "min_value": _("Height must be at least 30 cm."),
            "max_value": _("Height must be at most 250 cm."),
            "invalid": _("Enter the height as a number, for example 172."),
        },
    )
    symptoms = _text(ITEM_LABELS["symptoms"], rows=4)
    medication = _text(_("Other medication (free text)"), rows=2)
    substance_use = _text(ITEM_LABELS["substance_use"], rows=2)
    tests = _text(ITEM_LABELS["tests"], rows=2)
    # Work
    education_work_history = _text(ITEM_LABELS["education_work_history"], rows=2)
    current_work = _text(ITEM_LABELS["current_work"], rows=2)
    nav_benefits = _text(ITEM_LABELS["nav_benefits"], rows=2,
                         help_text=_("Write \"none\" if the patient has no benefits."))
    work_motivation = _text(ITEM_LABELS["work_motivation"], rows=2)
    # Social
    civil_status = _text(ITEM_LABELS["civil_status"], rows=2)
    living_situation = _text(ITEM_LABELS["living_situation"], rows=2)
    strains = _text(ITEM_LABELS["strains"], rows=2)
    # Language
    other_language = forms.BooleanField(
        label=_("The patient's first language is not Norwegian"), required=False)
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=100)
    language = forms.CharField(label=_("Language"), required=False, max_length=100)
    interpreter = forms.ChoiceField(label=_("Interpreter needed"), required=False,
                                    choices=[("", _("Not answered")), ("yes", _("Yes")),
                                             ("no", _("No"))])
    gender = forms.ChoiceField(label=_("Gender"), required=False,
                               choices=[("", _("Not answered")), ("female", _("Female")),
                                        ("male", _("Male")), ("other", _("Other"))])
    # The diary
    diary_file = forms.FileField(
        label=_("Diary file (CSV)"), required=False,
        help_text=_("Optional. The bontrack diary format: one row per day, with a header row."),
    )
    diary_text = forms.CharField(
        label=_("Or paste the diary"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_rows()
        clinic = self.fields["clinic"]
        assert isinstance(clinic, forms.ModelChoiceField)
        clinic.queryset = Clinic.objects.filter(is_active=True).order_by("name")
        self.diary_problems: list[str] = []
        # Row fields are added after StyledFormMixin ran; give them its class too.
        for field in self.fields.values():
            if getattr(field.widget, "input_type", None) not in ("checkbox", "radio"):
                field.widget.attrs.setdefault("class", "ds-input")

    def _add_rows(self) -> None:
        for i in range(DIAGNOSIS_ROWS):
            self.fields[f"diag_{i}_system"] = forms.ChoiceField(
                label=_("Code system"), choices=CODE_SYSTEMS, required=False)
            self.fields[f"diag_{i}_code"] = forms.CharField(
                label=_("Code"), required=False, max_length=10)
            self.fields[f"diag_{i}_text"] = forms.CharField(
                label=_("Diagnosis"), required=False, max_length=200)
        for i in range(MEDICATION_ROWS):
            self.fields[f"med_{i}_name"] = forms.CharField(
                label=_("Medicine"), required=False, max_length=100)
            self.fields[f"med_{i}_kind"] = forms.ChoiceField(
                label=_("Type"), choices=MEDICATION_KINDS, required=False)
            self.fields[f"med_{i}_dose"] = forms.CharField(
                label=_("Dose"), required=False, max_length=100)
            self.fields[f"med_{i}_outcome"] = forms.ChoiceField(
                label=_("Outcome"), choices=OUTCOMES, required=False)
            self.fields[f"med_{i}_effect"] = forms.CharField(
                label=_("Effect"), required=False, max_length=200)
            self.fields[f"med_{i}_side_effects"] = forms.CharField(
                label=_("Side effects"), required=False, max_length=200)
        for i in range(NAV_ROWS):
            self.fields[f"nav_{i}_benefit"] = forms.ChoiceField(
                label=_("Benefit"), choices=NAV_BENEFITS, required=False)
            self.fields[f"nav_{i}_percent"] = forms.IntegerField(
                label=_("Percentage"), required=False, min_value=0, max_value=100,
                error_messages={"min_value": _("A percentage is 0–100."),
                                 "max_value": _("A percentage is 0–100.")})

    # --- Rows, for the template ------------------------------------------------------------

    def diagnosis_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"diag_{i}_{n}"] for n in ("system", "code", "text")]
                for i in range(DIAGNOSIS_ROWS)]

    def medication_rows(self) -> list[list[forms.BoundField]]:
        names = ("name", "kind", "dose", "outcome", "effect", "side_effects")
        return [[self[f"med_{i}_{n}"] for n in names] for i in range(MEDICATION_ROWS)]

    def nav_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"nav_{i}_{n}"] for n in ("benefit", "percent")] for i in range(NAV_ROWS)]

    # --- Checks ----------------------------------------------------------------------------

    def clean_patient_national_id(self) -> str:
        number = "".join(self.cleaned_data.get("patient_national_id", "").split())
        if number:
            try:
                parse_national_id(number, allow_synthetic=allow_synthetic_ids())
            except InvalidNationalId as exc:
                raise forms.ValidationError(
                    _("Not a valid national identity number: %(why)s"), params={"why": exc}
                ) from None
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(DIAGNOSIS_ROWS):
            system = data.get(f"diag_{i}_system") or ""
            code = (data.get(f"diag_{i}_code") or "").strip().upper()
            data[f"diag_{i}_code"] = code
            if code and not system:
                self.add_error(f"diag_{i}_system", _("Choose ICD-10 or ICPC-2 for the code."))
            elif code and not CODE_PATTERNS[system].match(code):
                example = "G43.7" if system == "ICD-10" else "N89"
                self.add_error(f"diag_{i}_code", _(
                    "%(code)s is not an %(system)s code (for example %(example)s)."
                ) % {"code": code, "system": system, "example": example})
        for i in range(NAV_ROWS):
            if data.get(f"nav_{i}_percent") is not None and not data.get(f"nav_{i}_benefit"):
                self.add_error(f"nav_{i}_benefit", _("Choose the benefit for the percentage."))
        self._clean_diary(data)
        return data

    def _clean_diary(self, data: dict[str, Any]) -> None:
        upload = data.get("diary_file")
        text = data.get("diary_text") or ""
        if upload:
            if upload.size > DIARY_MAX_BYTES:
                self.add_error("diary_file", _("The diary file is too large (limit 1 MB)."))
                return
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("diary_file", _(
                    "The file is not UTF-8 text. Save it as CSV UTF-8 and try again."))
                return
        self.diary_problems = services.check_diary(text)
        if self.diary_problems:
            field = "diary_file" if upload else "diary_text"
            self.add_error(field, _("The diary was not accepted; see the lines listed."))
        data["diary_csv"] = text.strip() + "\n" if text.strip() else ""

    # --- To and from the referral ----------------------------------------------------------

    def content(self) -> dict[str, Any]:
        """The answers kept in `Referral.content`, from the fields that validated."""
        data = self.cleaned_data
        content: dict[str, Any] = {}
        for name in TEXT_ITEMS + CHOICE_ITEMS:
            if name in data:
                content[name] = (data[name] or "").strip()
        for name in TRI_QUESTIONS:
            if name in data:
                content[name] = data[name] or ""
        if "other_language" in data:
            content["other_language"] = bool(data["other_language"])
        content["diagnosis_rows"] = [
            {"system": data.get(f"diag_{i}_system") or "", "code": data.get(f"diag_{i}_code"),
             "text": (data.get(f"diag_{i}_text") or "").strip()}
            for i in range(DIAGNOSIS_ROWS)
            if data.get(f"diag_{i}_code") or (data.get(f"diag_{i}_text") or "").strip()
        ]
        content["medication_rows"] = [
            {n: (data.get(f"med_{i}_{n}") or "").strip()
             for n in ("name", "kind", "dose", "outcome", "effect", "side_effects")}
            for i in range(MEDICATION_ROWS)
            if (data.get(f"med_{i}_name") or "").strip()
        ]
        content["nav_rows"] = [
            {"benefit": data[f"nav_{i}_benefit"], "percent": data.get(f"nav_{i}_percent")}
            for i in range(NAV_ROWS) if data.get(f"nav_{i}_benefit")
        ]
        return content

    def draft_data(self) -> dict[str, Any]:
        """What `services.save_draft` takes: the model's fields and the content."""
        data = self.cleaned_data
        return {
            "clinic": data.get("clinic"),
            "patient_national_id": data.get("patient_national_id", ""),
            "patient_name": (data.get("patient_name") or "").strip(),
            "patient_phone": (data.get("patient_phone") or "").strip(),
            "patient_email": data.get("patient_email") or "",
            "patient_language": data.get("patient_language") or "nb",
            "complaint": data.get("complaint") or "",
            "neurological_symptoms": TRI_VALUES.get(data.get("neurological_symptoms") or ""),
            "failed_treatment": TRI_VALUES.get(data.get("failed_treatment") or ""),
            "weight_kg": data.get("weight_kg"),
            "height_cm": data.get("height_cm"),
            "diary_csv": data.get("diary_csv", ""),
            "content": self.content(),
        }

    def preview(self, referral: Referral | None) -> Referral:
        """An unsaved copy of the referral with the posted answers, for the live meter."""
        data = self.cleaned_data
        stored = dict(referral.content or {}) if referral else {}
        stored.update(self.content())
        clinic = data.get("clinic")
        return Referral(
            clinic_id=clinic.pk if clinic else None,
            patient_name=(data.get("patient_name") or "").strip(),
            patient_national_id=data.get("patient_national_id", ""),
            complaint=data.get("complaint") or "",
            weight_kg=data.get("weight_kg"),
            height_cm=data.get("height_cm"),
            content=stored,
        )

    @staticmethod
    def initial_from(referral: Referral) -> dict[str, Any]:
        content = referral.content or {}
        initial: dict[str, Any] = {
            "clinic": referral.clinic_id,
            "patient_name": referral.patient_name,
            "patient_national_id": referral.patient_national_id,
            "patient_phone": referral.patient_phone,
            "patient_email": referral.patient_email,
            "patient_language": referral.patient_language,
            "complaint": referral.complaint,
            # "Don't know" and "not answered" are both None in the model; content tells them
            # apart.
            "neurological_symptoms": content.get("neurological_symptoms", ""),
            "failed_treatment": content.get("failed_treatment", ""),
            "weight_kg": referral.weight_kg,
            "height_cm": referral.height_cm,
            "diary_text": referral.diary_csv,
            "other_language": bool(content.get("other_language")),
        }
        for name in TEXT_ITEMS + CHOICE_ITEMS:
            initial[name] = content.get(name, "")
        for i, row in enumerate(content.get("diagnosis_rows", [])[:DIAGNOSIS_ROWS]):
            for key in ("system", "code", "text"):
                initial[f"diag_{i}_{key}"] = row.get(key, "")
        for i, row in enumerate(content.get("medication_rows", [])[:MEDICATION_ROWS]):
            for key in ("name", "kind", "dose", "outcome", "effect", "side_effects"):
                initial[f"med_{i}_{key}"] = row.get(key, "")
        for i, row in enumerate(content.get("nav_rows", [])[:NAV_ROWS]):
            initial[f"nav_{i}_benefit"] = row.get("benefit", "")
            initial[f"nav_{i}_percent"] = row.get("percent")
        return initial


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Attach a report or image"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB each and 10 files per referral."),
        error_messages={"required": _("Choose a file to attach.")},
    )


class AnswerForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your answer to the clinic"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the answer.")},
    )
