"""ICHD-3 classification from diary periods: 1.3, 8.2 with subtypes and the 2.3 pattern."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bontrack.clinical.common import Criterion, Params, Reason
from bontrack.clinical.metrics import PeriodCounts
from bontrack.clinical.rules import (
    ICHD_3,
    IHS_DIARY_2026,
    OVERUSE_CLASSES,
    ClassificationRules,
    DayRules,
)

# Every code of a criterion, an explanation or a part of one; stable, so a user interface can
# word them (the English detail stays what the CLI prints).
Ichd3Code = Literal[
    "period_too_few_days",
    "period_headache_days",
    "period_migraine_days",
    "period_tension_type_days",
    "period_overuse",
    "period_no_overuse",
    "overuse_class_days",
    "periods_too_few_days",
    "period_has_only",
    "headache_and_migraine_days",
    "headache_days_and_overuse",
]
_AT_LEAST: dict[str, Ichd3Code] = {
    "headache_days": "period_headache_days",
    "migraine_days": "period_migraine_days",
    "tension_type_days": "period_tension_type_days",
}


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """An ICHD-3 diagnosis held (True), not held (False) or not judged (None), with reasons.

    `explanation` is the English sentence; `explanation_code` and `explanation_params` say it
    again for a user interface.
    """

    code: str
    name: str
    met: bool | None
    subtypes: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    explanation: str = ""
    explanation_code: str = ""
    explanation_params: Params = ()

    @property
    def reason(self) -> Reason:
        """The explanation as a reason, for wording it."""
        return Reason(self.explanation_code, self.explanation, self.explanation_params)

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


def _period(index: int, period: PeriodCounts) -> Params:
    """The values of a period's label: its number, first and last day."""
    return (
        ("period", index + 1),
        ("start", period.start.isoformat()),
        ("end", period.end.isoformat()),
    )


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
        code="period_too_few_days",
        params=(
            *_period(index, period),
            ("recorded", period.recorded_days),
            ("min", rules.min_recorded_days),
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
        code=_AT_LEAST[what],
        params=(
            *_period(index, period),
            ("days", value),
            ("sign", "≥" if ok else "<"),
            ("need", need),
        ),
    )


def _span(periods: Sequence[PeriodCounts]) -> str:
    if not periods:
        return "no periods"
    return f"{periods[0].start.isoformat()} – {periods[-1].end.isoformat()}"


def _explain(
    periods: Sequence[PeriodCounts],
    rules: DayRules,
    counts: Sequence[tuple[str, int]],
    code: Ichd3Code,
) -> Reason:
    """One sentence: the counts per period against their thresholds, or why not judged."""
    thin = [
        Reason(
            "period_has_only",
            f"period {i + 1} has only {p.recorded_days} recorded days",
            (("period", i + 1), ("recorded", p.recorded_days)),
        )
        for i, p in enumerate(periods)
        if not p.sufficient(rules)
    ]
    if thin:
        return Reason(
            "periods_too_few_days",
            "; ".join(r.detail for r in thin) + f" (at least {rules.min_recorded_days} are needed)",
            (("periods", tuple(thin)), ("min", rules.min_recorded_days)),
        )
    parts = []
    params: list[tuple[str, str | int | tuple[str, ...]]] = []
    for field, need in counts:
        values = tuple(str(getattr(p, field)) for p in periods)
        parts.append(f"{field.replace('_', ' ')} {', '.join(values)} (≥ {need} needed in each)")
        params += [(field, values), (f"{field}_need", need)]
    start, end = (
        (periods[0].start.isoformat(), periods[-1].end.isoformat()) if periods else ("", "")
    )
    return Reason(
        code,
        f"{' and '.join(parts)} in the periods of {_span(periods)}",
        (*params, ("start", start), ("end", end)),
    )


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
        "headache_and_migraine_days",
    )
    return Diagnosis("1.3", "Chronic migraine", met, (), tuple(criteria), *_explained(explanation))


def _explained(reason: Reason) -> tuple[str, str, Params]:
    """A reason as the explanation fields of a Diagnosis."""
    return reason.detail, reason.code, reason.params


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


def _overuse_detail(period: PeriodCounts) -> tuple[str, Params]:
    used = tuple(
        Reason(
            "overuse_class_days",
            f"{name} {period.acute_medication_days[name]}",
            (("class", name), ("days", period.acute_medication_days[name])),
        )
        for name in OVERUSE_CLASSES
        if name in period.acute_medication_days
    )
    listed = ", ".join(r.detail for r in used) if used else "no 8.2 class"
    return f"{listed}; {period.overuse_class_days} days with any 8.2 class", (
        ("classes", used),
        ("class_days", period.overuse_class_days),
    )


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
        used, used_params = _overuse_detail(p)
        criteria.append(
            Criterion(
                id=f"period_{i + 1}_overuse",
                met=bool(codes),
                detail=(
                    f"{_label(i, p)}: "
                    + (f"overuse ({', '.join(codes)})" if codes else "no overuse")
                    + f" — {used}"
                ),
                code="period_overuse" if codes else "period_no_overuse",
                params=(*_period(i, p), ("codes", tuple(codes)), *used_params),
            )
        )
    # The overuse count is added below once the periods are judged.
    explanation = _explain(
        periods,
        day_rules,
        (("headache_days", rules.chronic_headache_days),),
        "headache_days_and_overuse",
    )
    if insufficient:
        return Diagnosis(
            "8.2",
            "Medication-overuse headache",
            None,
            (),
            tuple(criteria),
            *_explained(explanation),
        )
    met = _overall(criteria, periods, day_rules)
    subtypes: tuple[str, ...] = ()
    if met:
        single = set.intersection(*per_period) - {rules.mixed_code}
        subtypes = tuple(sorted(single)) if single else (rules.mixed_code,)
    overusing = sum(1 for codes in per_period if codes)
    explanation = Reason(
        explanation.code,
        explanation.detail + f"; overuse in {overusing} of {len(periods)} periods",
        (*explanation.params, ("overusing", overusing), ("of", len(periods))),
    )
    return Diagnosis(
        "8.2",
        "Medication-overuse headache",
        met,
        subtypes,
        tuple(criteria),
        *_explained(explanation),
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
