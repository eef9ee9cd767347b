"""Synthetic, plausible, seeded diaries for demos, examples, tests and benchmarks."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bontrack.clinical.diary import DiaryDay


@dataclass(frozen=True, slots=True)
class PatientModel:
    """How a synthetic patient's headaches behave; rates are per day."""

    headache_rate: float = 0.65
    migraine_share: float = 0.6
    missing_rate: float = 0.03
    triptan_rate: float = 0.3
    analgesic_rate: float = 0.35
    other_rate: float = 0.05
    treatment_effect: float = 0.45


def _effect(day: date, treatments: Sequence[date], model: PatientModel) -> float:
    """Share of the headache rate removed on this day by the latest treatment."""
    latest = max((t for t in treatments if t <= day), default=None)
    if latest is None:
        return 0.0
    # Onset after about a week, full effect by week 3, fading from week 11 (CLINICAL.md §6).
    age = (day - latest).days
    if age < 7:
        return model.treatment_effect * age / 14
    if age < 75:
        return model.treatment_effect
    return model.treatment_effect * max(0.0, 1 - (age - 75) / 30)


def _headache_day(current: date, rng: random.Random, model: PatientModel) -> DiaryDay:
    migraine = rng.random() < model.migraine_share
    meds: set[str] = set()
    if migraine and rng.random() < model.triptan_rate / model.migraine_share:
        meds.add("triptan")
    if rng.random() < model.analgesic_rate:
        meds.add(rng.choice(("simple_analgesic", "simple_analgesic", "combination_analgesic")))
    if rng.random() < model.other_rate:
        meds.add(rng.choice(("gepant", "other")))
    intensity = rng.choice((2, 3)) if migraine else rng.choice((1, 1, 2))
    return DiaryDay(
        date=current,
        headache_hours=float(rng.choice((2, 3, 4, 5, 6, 8, 10, 12, 16, 24))),
        intensity=intensity,
        unilateral=migraine and rng.random() < 0.6,
        pulsating=migraine and rng.random() < 0.7,
        aggravated_by_activity=migraine and rng.random() < 0.7,
        nausea=migraine and rng.random() < 0.6,
        vomiting=migraine and rng.random() < 0.1,
        photophobia=rng.random() < (0.8 if migraine else 0.1),
        phonophobia=rng.random() < (0.7 if migraine else 0.1),
        aura=migraine and rng.random() < 0.1,
        acute_meds=frozenset(meds),
        relieved_by_acute_med=bool(meds) and rng.random() < 0.6,
        pain_nrs=rng.randint(5, 9) if migraine else rng.randint(2, 5),
    )


def synthetic_diary(
    start: date,
    days: int,
    *,
    seed: int,
    treatments: Sequence[date] = (),
    model: PatientModel | None = None,
) -> list[DiaryDay]:
    """A diary of `days` calendar days from `start`; a few days are left unrecorded."""
    rng = random.Random(seed)
    patient = model or PatientModel()
    result = []
    for offset in range(days):
        current = start + timedelta(days=offset)
        if rng.random() < patient.missing_rate:
            continue
        rate = patient.headache_rate * (1 - _effect(current, treatments, patient))
        if rng.random() < rate:
            result.append(_headache_day(current, rng, patient))
        else:
            result.append(DiaryDay(date=current, pain_nrs=rng.choice((None, 0, 1))))
    return result


def every_twelve_weeks(first: date, count: int) -> list[date]:
    """Treatment dates 84 days apart."""
    return [first + timedelta(days=84 * k) for k in range(count)]


def period_days(
    start: date,
    *,
    days: int = 28,
    recorded: int | None = None,
    headache: int = 0,
    migraine: int = 0,
    moderate: int = 0,
    meds: Mapping[str, int] | None = None,
) -> list[DiaryDay]:
    """Days with exact counts: the first `recorded` days exist, the first `headache` of them ache.

    Migraine days are the first headache days (features without moderate intensity), moderate
    days the first headache days with intensity 2; each medication class takes the next run of
    recorded days after the previous class, wrapping round, so classes overlap only when needed.
    """
    count = days if recorded is None else recorded
    if not migraine <= headache <= count or moderate > headache:
        raise ValueError("need migraine <= headache <= recorded and moderate <= headache")
    taken: list[set[str]] = [set() for _ in range(count)]
    cursor = 0
    for name, n in (meds or {}).items():
        for k in range(n):
            taken[(cursor + k) % count].add(name)
        cursor += n
    result = []
    for i in range(count):
        aching = i < headache
        is_migraine = i < migraine
        result.append(
            DiaryDay(
                date=start + timedelta(days=i),
                headache_hours=6.0 if aching else 0.0,
                intensity=(2 if i < moderate else 1) if aching else 0,
                unilateral=is_migraine,
                pulsating=is_migraine,
                nausea=is_migraine,
                acute_meds=frozenset(taken[i]),
            )
        )
    return result
