"""ICHD-3 classification from diary periods: 1.3, 8.2 with subtypes and the 2.3 pattern."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bontrack.clinical.common import Criterion
from bontrack.clinical.metrics import PeriodCounts
from bontrack.clinical.rules import (
    ICHD_3,
    IHS_DIARY_2026,
    OVERUSE_CLASSES,
    ClassificationRules,
    DayRules,
)


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """An ICHD-3 diagnosis held (True), not held (False) or not judged (None), with reasons."""

    code: str
    name: str
    met: bool | None
    subtypes: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    explanation: str = ""

    @property
    def summary(self) -> str:
        """One line a clinician reads first."""
        if self.met is None:
            return f"{self.name} ({self.code}): not judged — too few recorded days"
        if not self.met:
            return f"{self.name} ({self.code}): not met"
        codes = f" ({', '.join(self.subtypes)})" if self.subtypes else ""
        return f"{self.name} ({self.code}): met{codes}"


def _label(index: int, period: PeriodCounts) -> str:
    return f"period {index + 1} ({period.start.isoformat()} – {period.end.isoformat()})"


def _recorded(index: int, period: PeriodCounts, rules: DayRules) -> Criterion | None:
    """A criterion saying the period cannot be judged, or None when it can."""
    if period.sufficient(rules):
        return None
    return Criterion(
        id=f"period_{index + 1}_recorded_days",
        met=None,
        detail=(
            f"{_label(index, period)}: only {period.recorded_days} recorded days; "
            f"at least {rules.min_recorded_days} are needed to judge it"
        ),
    )


def _at_least(index: int, period: PeriodCounts, what: str, value: int, need: int) -> Criterion:
    ok = value >= need
    return Criterion(
        id=f"period_{index + 1}_{what}",
        met=ok,
        detail=(
            f"{_label(index, period)}: {value} {what.replace('_', ' ')} "
            f"({'≥' if ok else '<'} {need})"
        ),
    )


def _span(periods: Sequence[PeriodCounts]) -> str:
    if not periods:
        return "no periods"
    return f"{periods[0].start.isoformat()} – {periods[-1].end.isoformat()}"


def _explain(
    periods: Sequence[PeriodCounts], rules: DayRules, counts: Sequence[tuple[str, int]]
) -> str:
    """One sentence: the counts per period against their thresholds, or why not judged."""
    thin = [
        f"period {i + 1} has only {p.recorded_days} recorded days"
        for i, p in enumerate(periods)
        if not p.sufficient(rules)
    ]
    if thin:
        return "; ".join(thin) + f" (at least {rules.min_recorded_days} are needed)"
    parts = []
    for field, need in counts:
        values = ", ".join(str(getattr(p, field)) for p in periods)
        parts.append(f"{field.replace('_', ' ')} {values} (≥ {need} needed in each)")
    return f"{' and '.join(parts)} in the periods of {_span(periods)}"


def _overall(criteria: list[Criterion], periods: Sequence[PeriodCounts], rules: DayRules) -> bool:
    """Whether all period criteria held; callers check sufficiency first."""
    return all(c.met for c in criteria) and len(periods) == rules.window_periods


def chronic_migraine(
    periods: Sequence[PeriodCounts],
    day_rules: DayRules = IHS_DIARY_2026,
    rules: ClassificationRules = ICHD_3,
) -> Diagnosis:
    """ICHD-3 1.3: in every period ≥15 headache days of which ≥8 migraine days."""
    criteria: list[Criterion] = []
    insufficient = False
    for i, p in enumerate(periods):
        missing = _recorded(i, p, day_rules)
        if missing is not None:
            criteria.append(missing)
            insufficient = True
            continue
        criteria.append(
            _at_least(i, p, "headache_days", p.headache_days, rules.chronic_headache_days)
        )
        criteria.append(
            _at_least(i, p, "migraine_days", p.migraine_days, rules.chronic_migraine_days)
        )
    met = None if insufficient else _overall(criteria, periods, day_rules)
    explanation = _explain(
        periods,
        day_rules,
        (
            ("headache_days", rules.chronic_headache_days),
            ("migraine_days", rules.chronic_migraine_days),
        ),
    )
    return Diagnosis("1.3", "Chronic migraine", met, (), tuple(criteria), explanation)


def period_overuse(period: PeriodCounts, rules: ClassificationRules = ICHD_3) -> list[str]:
    """The single-class 8.2 codes this period overuses, or the 8.2.6 code for a mix."""
    meds = period.acute_medication_days
    single = [
        rules.overuse_codes[name]
        for name in OVERUSE_CLASSES
        if meds.get(name, 0) >= rules.overuse_days[name]
    ]
    if single:
        return sorted(single)
    classes_used = sum(1 for name in OVERUSE_CLASSES if meds.get(name, 0) > 0)
    if (
        period.overuse_class_days >= rules.mixed_overuse_days
        and classes_used >= rules.mixed_min_classes
    ):
        return [rules.mixed_code]
    return []


def _overuse_detail(period: PeriodCounts) -> str:
    used = [
        f"{name} {period.acute_medication_days[name]}"
        for name in OVERUSE_CLASSES
        if name in period.acute_medication_days
    ]
    listed = ", ".join(used) if used else "no 8.2 class"
    return f"{listed}; {period.overuse_class_days} days with any 8.2 class"


def medication_overuse(
    periods: Sequence[PeriodCounts],
    day_rules: DayRules = IHS_DIARY_2026,
    rules: ClassificationRules = ICHD_3,
) -> Diagnosis:
    """ICHD-3 8.2: ≥15 headache days and overuse in every period; subtypes in ascending order."""
    criteria: list[Criterion] = []
    insufficient = False
    per_period: list[set[str]] = []
    for i, p in enumerate(periods):
        missing = _recorded(i, p, day_rules)
        if missing is not None:
            criteria.append(missing)
            insufficient = True
            continue
        criteria.append(
            _at_least(i, p, "headache_days", p.headache_days, rules.chronic_headache_days)
        )
        codes = period_overuse(p, rules)
        per_period.append(set(codes))
        criteria.append(
            Criterion(
                id=f"period_{i + 1}_overuse",
                met=bool(codes),
                detail=(
                    f"{_label(i, p)}: "
                    + (f"overuse ({', '.join(codes)})" if codes else "no overuse")
                    + f" — {_overuse_detail(p)}"
                ),
            )
        )
    explanation = _explain(periods, day_rules, (("headache_days", rules.chronic_headache_days),))
    if insufficient:
        return Diagnosis(
            "8.2", "Medication-overuse headache", None, (), tuple(criteria), explanation
        )
    met = _overall(criteria, periods, day_rules)
    subtypes: tuple[str, ...] = ()
    if met:
        single = set.intersection(*per_period) - {rules.mixed_code}
        subtypes = tuple(sorted(single)) if single else (rules.mixed_code,)
    overusing = sum(1 for codes in per_period if codes)
    explanation += f"; overuse in {overusing} of {len(periods)} periods"
    return Diagnosis(
        "8.2", "Medication-overuse headache", met, subtypes, tuple(criteria), explanation
    )


def chronic_tension_type_pattern(
    periods: Sequence[PeriodCounts],
    day_rules: DayRules = IHS_DIARY_2026,
    rules: ClassificationRules = ICHD_3,
) -> Diagnosis:
    """ICHD-3 2.3 pattern, for information: ≥15 tension-type headache days in every period."""
    criteria: list[Criterion] = []
    insufficient = False
    for i, p in enumerate(periods):
        missing = _recorded(i, p, day_rules)
        if missing is not None:
            criteria.append(missing)
            insufficient = True
            continue
        criteria.append(
            _at_least(i, p, "tension_type_days", p.tension_type_days, rules.chronic_headache_days)
        )
    met = None if insufficient else _overall(criteria, periods, day_rules)
    return Diagnosis("2.3", "Chronic tension-type headache pattern", met, (), tuple(criteria))
