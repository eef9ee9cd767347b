"""Demo diaries: the demo patients and a small cohort at the demo clinic (idempotent)."""

from __future__ import annotations

import datetime as dt

from bontrack.accounts.models import Clinic
from bontrack.clinical.synthetic import PatientModel
from bontrack.demo import LOADERS, DemoLogin
from bontrack.patients import cohort
from bontrack.patients.models import Patient
from bontrack.treatments.demo import cohort_treatment_dates, treatment_dates

COHORT_SIZE = 24


def load() -> list[DemoLogin]:
    today = dt.date.today()
    clinic = Clinic.objects.get(slug="demo-oslo")
    per = Patient.objects.get(user__email="pasient@demo.bontrack.no")
    pia = Patient.objects.get(user__email="pasient2@demo.bontrack.no")
    # Per: two years, chronic migraine with triptan and painkiller overuse.
    cohort.fill_diary(
        patient=per,
        model=PatientModel(
            headache_rate=0.78, migraine_share=0.66, triptan_rate=0.45, analgesic_rate=0.55
        ),
        end=today - dt.timedelta(days=1),
        days=730,
        seed=7,
        # The demo course's sessions (treatments/demo.py): the diary shows their effect.
        treatments=treatment_dates(today),
    )
    # Pia: a little over a year, fewer headache days.
    cohort.fill_diary(
        patient=pia,
        model=PatientModel(headache_rate=0.5, migraine_share=0.5),
        end=today - dt.timedelta(days=1),
        days=400,
        seed=11,
    )
    for patient in (per, pia):
        cohort.give_medicines(patient)
    cohort.build(
        clinic=clinic,
        count=COHORT_SIZE,
        days=540,
        seed=2026,
        end=today - dt.timedelta(days=1),
        # Some of the cohort are on a course (treatments/demo.py signs their sessions).
        treatments_for=lambda index: cohort_treatment_dates(index, today),
    )
    return []


LOADERS.append(("patients", load))
