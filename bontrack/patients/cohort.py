"""A seeded synthetic cohort of patients with realistic diaries, for demos and benchmarks.

Names, identity numbers and diaries are invented: identity numbers are synthetic (month + 80)
and belong to no real person.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from bontrack.accounts.models import Clinic
from bontrack.clinical.diary import MEDICATION_CLASSES, DiaryDay
from bontrack.clinical.synthetic import PatientModel, synthetic_diary
from bontrack.patients.diary_models import BOOLEAN_FIELDS, DiaryEntry, Medication
from bontrack.patients.models import Enrolment, Patient
from bontrack.patients.nin import make_national_id
from bontrack.treatments import summaries

_ORDER = {name: i for i, name in enumerate(MEDICATION_CLASSES)}
FIRST_NAMES = (
    "Anne",
    "Kari",
    "Ingrid",
    "Liv",
    "Marit",
    "Nora",
    "Emma",
    "Sara",
    "Hilde",
    "Ola",
    "Per",
    "Lars",
    "Jon",
    "Erik",
    "Nils",
    "Aksel",
    "Sofie",
    "Maja",
    "Ida",
)
LAST_NAMES = (
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Berg",
    "Haugen",
    "Bakken",
    "Lie",
    "Dahl",
)


@dataclass(frozen=True)
class CohortPatient:
    patient: Patient
    model: PatientModel


def entry_from_day(patient_id: int, day: DiaryDay, *, source: str) -> DiaryEntry:
    """A DiaryEntry row for a clinical-core day (no validation: the generator is trusted)."""
    headache = day.headache_hours > 0 or day.intensity > 0
    return DiaryEntry(
        patient_id=patient_id,
        date=day.date,
        headache_hours=Decimal(str(day.headache_hours)),
        intensity=day.intensity,
        **{name: getattr(day, name) for name in BOOLEAN_FIELDS},
        acute_meds=";".join(sorted(day.acute_meds, key=_ORDER.__getitem__)),
        relieved_by_acute_med=day.relieved_by_acute_med,
        pain_nrs=day.pain_nrs,
        attacks=1 if headache else 0,
        source=source,
    )


def _model(rng: random.Random) -> PatientModel:
    # Most referred patients are chronic; some are borderline, a few overuse heavily.
    return PatientModel(
        headache_rate=rng.uniform(0.4, 0.8),
        migraine_share=rng.uniform(0.45, 0.75),
        missing_rate=rng.choice((0.01, 0.03, 0.08)),
        triptan_rate=rng.uniform(0.15, 0.45),
        analgesic_rate=rng.uniform(0.15, 0.6),
        treatment_effect=rng.uniform(0.1, 0.6),
    )


def _birth_date(rng: random.Random) -> dt.date:
    return dt.date(rng.randint(1955, 2003), rng.randint(1, 12), rng.randint(1, 28))


def create_patients(
    *, clinic: Clinic, count: int, seed: int, prefix: str = ""
) -> Iterator[CohortPatient]:
    """Create `count` enrolled patients with synthetic identity numbers (idempotent by number)."""
    rng = random.Random(seed)
    for index in range(count):
        birth = _birth_date(rng)
        # The individual number encodes the century: 000–499 for 1900s, 500–999 for 2000s.
        individual = (100 if birth.year < 2000 else 500) + index % 400
        number = make_national_id(birth, individual, synthetic=True)
        name = f"{prefix}{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        patient, _ = Patient.objects.get_or_create(
            national_id=number, defaults={"full_name": name, "birth_date": birth}
        )
        Enrolment.objects.get_or_create(patient=patient, clinic=clinic)
        yield CohortPatient(patient=patient, model=_model(rng))


def fill_diary(
    *,
    patient: Patient,
    model: PatientModel,
    end: dt.date,
    days: int,
    seed: int,
    treatments: tuple[dt.date, ...] = (),
    batch_size: int = 2000,
) -> int:
    """Give a patient `days` days of synthetic diary ending on `end`, unless they have one."""
    if DiaryEntry.objects.filter(patient=patient).exists():
        return 0
    start = end - dt.timedelta(days=days - 1)
    generated = synthetic_diary(start, days, seed=seed, treatments=treatments, model=model)
    rows = [entry_from_day(patient.pk, d, source=DiaryEntry.Source.DEMO) for d in generated]
    DiaryEntry.objects.bulk_create(rows, batch_size=batch_size)
    summaries.refresh(patient_id=patient.pk, dates=[d.date for d in generated])
    return len(rows)


def give_medicines(patient: Patient) -> None:
    """The usual medicine list of a patient referred for chronic migraine."""
    if Medication.objects.filter(patient=patient).exists():
        return
    today = dt.date.today()
    Medication.objects.bulk_create(
        [
            Medication(
                patient=patient,
                kind="acute",
                name="Sumatriptan",
                dose="50 mg",
                drug_class="triptan",
            ),
            Medication(
                patient=patient,
                kind="acute",
                name="Paracetamol",
                dose="1 g",
                drug_class="simple_analgesic",
            ),
            Medication(
                patient=patient,
                kind="acute",
                name="Ibuprofen",
                dose="400 mg",
                drug_class="simple_analgesic",
            ),
            Medication(
                patient=patient,
                kind="preventive",
                name="Propranolol",
                dose="80 mg",
                generic="propranolol",
                started_on=today - dt.timedelta(days=900),
                stopped_on=today - dt.timedelta(days=700),
                outcome="failed",
                active=False,
            ),
            Medication(
                patient=patient,
                kind="preventive",
                name="Topiramat",
                dose="50 mg",
                generic="topiramate",
                started_on=today - dt.timedelta(days=650),
                stopped_on=today - dt.timedelta(days=560),
                outcome="intolerant",
                active=False,
            ),
            Medication(
                patient=patient,
                kind="preventive",
                name="Amitriptylin",
                dose="10 mg",
                generic="amitriptyline",
                started_on=today - dt.timedelta(days=500),
                outcome="ongoing",
            ),
        ]
    )


def build(
    *,
    clinic: Clinic,
    count: int,
    days: int,
    seed: int,
    end: dt.date | None = None,
    prefix: str = "",
    treatments_for: Callable[[int], tuple[dt.date, ...]] | None = None,
) -> int:
    """Create a cohort with diaries; returns the number of diary days written.

    `treatments_for(index)` gives the treatment dates of the index-th member (none for most):
    a treated member has chronic migraine at baseline and a diary that shows the effect."""
    end = end or dt.date.today()
    written = 0
    for index, member in enumerate(
        create_patients(clinic=clinic, count=count, seed=seed, prefix=prefix)
    ):
        treatments = treatments_for(index) if treatments_for else ()
        model = member.model
        if treatments:
            model = dataclasses.replace(
                model, headache_rate=max(model.headache_rate, 0.7),
                migraine_share=max(model.migraine_share, 0.6),
            )
        with transaction.atomic():
            written += fill_diary(
                patient=member.patient,
                model=model,
                end=end,
                days=days,
                seed=seed * 100_003 + index,
                treatments=treatments,
            )
            give_medicines(member.patient)
    return written
