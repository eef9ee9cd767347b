"""API routes of the patients app, scoped by `accounts.access` like the pages are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import django_auth

from bontrack.accounts import access, audit, roles
from bontrack.clinical.diary import MEDICATION_CLASSES
from bontrack.patients import diary
from bontrack.patients.diary_models import DiaryEntry, Medication
from bontrack.patients.models import Patient

router = Router(tags=["patients"], auth=django_auth)


class PatientOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date | None
    preferred_language: str
    interpreter_language: str


class DiaryDayOut(Schema):
    date: dt.date
    headache_hours: Decimal
    intensity: int
    unilateral: bool
    pulsating: bool
    aggravated_by_activity: bool
    nausea: bool
    vomiting: bool
    photophobia: bool
    phonophobia: bool
    aura: bool
    acute_meds: list[str]
    relieved_by_acute_med: bool
    pain_nrs: int | None
    pain_areas: list[str]
    menstruation: bool | None
    attacks: int
    note: str
    version: int
    medications: list[int]


class DiaryDayIn(Schema):
    headache_hours: Decimal = Field(Decimal(0), ge=0, le=24)
    intensity: int = Field(0, ge=0, le=3)
    unilateral: bool = False
    pulsating: bool = False
    aggravated_by_activity: bool = False
    nausea: bool = False
    vomiting: bool = False
    photophobia: bool = False
    phonophobia: bool = False
    aura: bool = False
    relieved_by_acute_med: bool = False
    pain_nrs: int | None = Field(None, ge=0, le=10)
    pain_areas: list[str] = []
    menstruation: bool | None = None
    note: str = Field("", max_length=2000)
    medications: list[int] = Field([], description="ids of the patient's own medicines taken")
    acute_meds: list[str] = Field(
        [], description=f"classes taken that are not on the list: {', '.join(MEDICATION_CLASSES)}"
    )


class MedicationOut(Schema):
    id: int
    kind: str
    name: str
    drug_class: str
    generic: str
    dose: str
    started_on: dt.date | None
    stopped_on: dt.date | None
    outcome: str
    active: bool


class MedicationIn(Schema):
    kind: Medication.Kind
    name: str = Field(..., min_length=1, max_length=120)
    drug_class: str = Field("", max_length=24)
    generic: str = Field("", max_length=40)
    dose: str = Field("", max_length=120)
    started_on: dt.date | None = None
    stopped_on: dt.date | None = None
    outcome: str = ""
    active: bool = True


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


def _own(request: HttpRequest, patient: Patient) -> None:
    # Only the patient writes their own diary and medicine list.
    if patient.user_id != request.user.pk:
        raise PermissionDenied("only the patient may change their own diary")


def _day_out(entry: DiaryEntry) -> DiaryDayOut:
    return DiaryDayOut(
        **{
            name: getattr(entry, name)
            for name in (
                "date",
                "headache_hours",
                "intensity",
                "unilateral",
                "pulsating",
                "aggravated_by_activity",
                "nausea",
                "vomiting",
                "photophobia",
                "phonophobia",
                "aura",
                "relieved_by_acute_med",
                "pain_nrs",
                "pain_areas",
                "menstruation",
                "attacks",
                "note",
                "version",
            )
        },
        acute_meds=sorted(entry.acute_med_classes),
        medications=sorted(i.medication_id for i in entry.intakes.all()),
    )


@router.get("/patients", response=list[PatientOut], summary="Patients the caller may see")
def list_patients(request: HttpRequest) -> list[PatientOut]:
    patients = list(access.patients_for(request.user).order_by("full_name")[:500])
    clinics = sorted(roles.clinic_ids(request.user))
    audit.record(
        actor=request.user,
        action="list",
        object_type="patients.patient",
        clinic=clinics[0] if clinics else None,
    )
    return [PatientOut.from_orm(p) for p in patients]


@router.get("/patients/{patient_id}", response=PatientOut, summary="One patient record")
def get_patient(request: HttpRequest, patient_id: int) -> PatientOut:
    return PatientOut.from_orm(access.get_patient(request.user, patient_id))


@router.get(
    "/patients/{patient_id}/diary",
    response=list[DiaryDayOut],
    summary="Diary days, oldest first, optionally between two dates",
)
def list_diary(
    request: HttpRequest, patient_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> list[DiaryDayOut]:
    patient = access.get_patient(request.user, patient_id, action="read")
    entries = DiaryEntry.objects.filter(patient=patient).prefetch_related("intakes")
    if start:
        entries = entries.filter(date__gte=start)
    if end:
        entries = entries.filter(date__lte=end)
    return [_day_out(e) for e in entries.order_by("date")]


@router.put(
    "/patients/{patient_id}/diary/{date}",
    response={200: DiaryDayOut, 400: ErrorOut},
    summary="Record or replace one diary day (the patient only); edits keep history",
)
def put_diary_day(
    request: HttpRequest, patient_id: int, date: dt.date, payload: DiaryDayIn
) -> tuple[int, DiaryDayOut | ErrorOut]:
    patient = access.get_patient(request.user, patient_id, action="read")
    _own(request, patient)
    day = diary.DayInput(
        date=date,
        **payload.dict(exclude={"medications", "acute_meds"}),
        medications={pk: 1 for pk in payload.medications},
        extra_classes=frozenset(payload.acute_meds),
    )
    try:
        entry = diary.save_day(
            user=request.user, patient=patient, day=day, source=DiaryEntry.Source.API
        )
    except diary.DiaryInputError as exc:
        return 400, ErrorOut(detail="the day was not saved", errors=exc.errors)
    return 200, _day_out(entry)


@router.get(
    "/patients/{patient_id}/medications",
    response=list[MedicationOut],
    summary="The patient's medicine list",
)
def list_medications(request: HttpRequest, patient_id: int) -> list[MedicationOut]:
    patient = access.get_patient(request.user, patient_id, action="read")
    return [MedicationOut.from_orm(m) for m in Medication.objects.filter(patient=patient)]


@router.post(
    "/patients/{patient_id}/medications",
    response={201: MedicationOut, 400: ErrorOut},
    summary="Add a medicine to the patient's own list (the patient only)",
)
def add_medication(
    request: HttpRequest, patient_id: int, payload: MedicationIn
) -> tuple[int, MedicationOut | ErrorOut]:
    patient = access.get_patient(request.user, patient_id, action="read")
    _own(request, patient)
    errors = {}
    if payload.kind == Medication.Kind.ACUTE and payload.drug_class not in MEDICATION_CLASSES:
        errors["drug_class"] = f"choose one of: {', '.join(MEDICATION_CLASSES)}"
    if payload.outcome and payload.outcome not in Medication.Outcome.values:
        errors["outcome"] = f"choose one of: {', '.join(Medication.Outcome.values)}"
    if payload.started_on and payload.stopped_on and payload.stopped_on < payload.started_on:
        errors["stopped_on"] = "the stop date is before the start date"
    if errors:
        return 400, ErrorOut(detail="the medicine was not added", errors=errors)
    medication = Medication.objects.create(patient=patient, **payload.dict())
    audit.record(actor=request.user, action="create", obj=medication, patient=patient)
    return 201, MedicationOut.from_orm(medication)
