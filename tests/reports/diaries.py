"""Stored diaries for overview, chart and PDF tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bontrack.clinical import DiaryDay
from bontrack.clinical.synthetic import synthetic_diary
from bontrack.patients.diary_models import DiaryEntry
from bontrack.patients.models import Patient


def store(
    patient: Patient, days: Iterable[DiaryDay], *, notes: dict[date, str] | None = None
) -> int:
    """Save clinical-core days as the patient's diary entries; returns how many."""
    notes = notes or {}
    entries = [
        DiaryEntry(
            patient=patient,
            date=d.date,
            headache_hours=d.headache_hours,
            intensity=d.intensity,
            unilateral=d.unilateral,
            pulsating=d.pulsating,
            aggravated_by_activity=d.aggravated_by_activity,
            nausea=d.nausea,
            vomiting=d.vomiting,
            photophobia=d.photophobia,
            phonophobia=d.phonophobia,
            aura=d.aura,
            acute_meds=";".join(sorted(d.acute_meds)),
            relieved_by_acute_med=d.relieved_by_acute_med,
            pain_nrs=d.pain_nrs,
            note=notes.get(d.date, ""),
        )
        for d in days
    ]
    DiaryEntry.objects.bulk_create(entries)
    return len(entries)


def store_synthetic(patient: Patient, *, start: date, days: int, seed: int) -> list[DiaryDay]:
    diary = synthetic_diary(start, days, seed=seed)
    store(patient, diary)
    return diary
