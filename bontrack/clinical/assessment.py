"""The diary assessment behind `bontrack assess` and `assess_csv`, per the DESIGN.md contract."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bontrack.clinical.common import InputError, as_date
from bontrack.clinical.diary import Diary, read_csv
from bontrack.clinical.ichd3 import (
    Diagnosis,
    chronic_migraine,
    chronic_tension_type_pattern,
    medication_overuse,
)
from bontrack.clinical.metrics import PeriodCounts, count_span, window_periods
from bontrack.clinical.rules import IHS_DIARY_2026, OUTCOME_DEFAULT, DayRules, OutcomeRules


@dataclass(frozen=True, slots=True)
class TreatmentWindow:
    """Headache days at baseline and in the weeks 9–12 window of one treatment."""

    date: date
    cycle: int
    baseline: PeriodCounts
    window: PeriodCounts
    baseline_headache_days: int | None
    window_headache_days: int | None
    reduction_percent: float | None

    def to_dict(self) -> dict[str, Any]:
        """The treatment entry as the `assess --json` contract spells it."""
        return {
            "date": self.date.isoformat(),
            "cycle": self.cycle,
            "baseline_headache_days": self.baseline_headache_days,
            "window": {"start": self.window.start.isoformat(), "end": self.window.end.isoformat()},
            "window_recorded_days": self.window.recorded_days,
            "window_headache_days": self.window_headache_days,
            "reduction_percent": self.reduction_percent,
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything `assess` decides about one diary, with the reasons behind each answer."""

    rules: str
    as_of: date
    periods: tuple[PeriodCounts, ...]
    chronic_migraine: Diagnosis
    medication_overuse: Diagnosis
    tension_type: Diagnosis
    treatments: tuple[TreatmentWindow, ...]

    @property
    def window_start(self) -> date:
        """First day of the assessment window."""
        return self.periods[0].start

    def to_dict(self) -> dict[str, Any]:
        """The exact `assess --json` object of DESIGN.md."""
        moh = self.medication_overuse
        return {
            "rules": self.rules,
            "window": {"start": self.window_start.isoformat(), "end": self.as_of.isoformat()},
            "periods": [p.to_dict() for p in self.periods],
            "chronic_migraine": self.chronic_migraine.met,
            "medication_overuse": {
                "met": moh.met,
                "subtypes": list(moh.subtypes) if moh.met else [],
            },
            "treatments": [t.to_dict() for t in self.treatments],
        }


def reduction_percent(baseline: int | None, window: int | None) -> float | None:
    """100 × (baseline − window) / baseline to one decimal; None when unknown or baseline 0."""
    if baseline is None or window is None or baseline == 0:
        return None
    # Half away from zero, as most checkers (and people) round: 6.25 → 6.3, not 6.2.
    exact = Decimal(100 * (baseline - window)) / Decimal(baseline)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def judged(counts: PeriodCounts, rules: DayRules = IHS_DIARY_2026) -> int | None:
    """Headache days of a span, or None when too few days were recorded to count them."""
    return counts.headache_days if counts.sufficient(rules) else None


def baseline_span(
    first_treatment: date, outcome: OutcomeRules = OUTCOME_DEFAULT
) -> tuple[date, date]:
    """The baseline: the days just before the first treatment of a course."""
    start = first_treatment - timedelta(days=outcome.baseline_days)
    return start, first_treatment - timedelta(days=1)


def cycle_span(treatment: date, outcome: OutcomeRules = OUTCOME_DEFAULT) -> tuple[date, date]:
    """The cycle window: days 56–83 after a treatment (weeks 9–12)."""
    start = treatment + timedelta(days=outcome.cycle_window_start_day)
    return start, start + timedelta(days=outcome.cycle_window_days - 1)


def treatment_windows(
    diary: Diary,
    treatments: Iterable[date],
    rules: DayRules = IHS_DIARY_2026,
    outcome: OutcomeRules = OUTCOME_DEFAULT,
) -> list[TreatmentWindow]:
    """Baseline and cycle-window headache days for each treatment, cycles counted from 1."""
    dates = sorted(treatments)
    if not dates:
        return []
    baseline = count_span(diary, *baseline_span(dates[0], outcome), rules)
    base_days = judged(baseline, rules)
    result = []
    for cycle, day in enumerate(dates, start=1):
        window = count_span(diary, *cycle_span(day, outcome), rules)
        window_days = judged(window, rules)
        result.append(
            TreatmentWindow(
                date=day,
                cycle=cycle,
                baseline=baseline,
                window=window,
                baseline_headache_days=base_days,
                window_headache_days=window_days,
                reduction_percent=reduction_percent(base_days, window_days),
            )
        )
    return result


def check_treatments(treatments: Iterable[date | str]) -> list[date]:
    """Treatment dates as dates; InputError for a bad or repeated date."""
    dates: list[date] = []
    problems: list[str] = []
    for value in treatments:
        try:
            day = as_date(value, "treatment date")
        except InputError as exc:
            problems.extend(exc.messages)
            continue
        if day in dates:
            problems.append(f"treatment date {day.isoformat()} is given more than once")
        dates.append(day)
    if problems:
        raise InputError(problems)
    return dates


def default_as_of(diary: Diary, treatments: Iterable[date]) -> date:
    """The day before the first treatment when there is one, else the diary's last date."""
    dates = sorted(treatments)
    if dates:
        return dates[0] - timedelta(days=1)
    if diary.last is None:
        raise InputError(["the diary has no days, so an as-of date is needed"])
    return diary.last


def assess(
    diary: Diary,
    treatments: Iterable[date] = (),
    as_of: date | None = None,
    rules: DayRules = IHS_DIARY_2026,
) -> Assessment:
    """Assess a diary: window periods, ICHD-3 1.3/8.2/2.3 and per-treatment reductions."""
    dates = sorted(treatments)
    if as_of is not None and diary.first is not None and as_of < diary.first:
        raise InputError(
            [
                f"as-of date {as_of.isoformat()} is before the diary's first day "
                f"{diary.first.isoformat()}"
            ]
        )
    end = as_of if as_of is not None else default_as_of(diary, dates)
    periods = window_periods(diary, end, rules)
    return Assessment(
        rules=rules.name,
        as_of=end,
        periods=tuple(periods),
        chronic_migraine=chronic_migraine(periods, rules),
        medication_overuse=medication_overuse(periods, rules),
        tension_type=chronic_tension_type_pattern(periods, rules),
        treatments=tuple(treatment_windows(diary, dates, rules)),
    )


def assess_csv(
    text: str,
    treatments: Iterable[date | str] | None = None,
    as_of: date | str | None = None,
) -> dict[str, Any]:
    """Assess a diary CSV and return the `bontrack assess --json` object; InputError if bad."""
    dates = check_treatments(treatments or ())
    end = as_date(as_of, "as-of date") if as_of is not None else None
    diary = Diary(read_csv(text))
    return assess(diary, dates, end).to_dict()
