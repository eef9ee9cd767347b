"""Treatment outcome: reductions, responders, onset, wearing-off and continue/pause/stop."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bontrack.clinical.assessment import baseline_span, cycle_span, reduction_percent
from bontrack.clinical.common import Reason
from bontrack.clinical.diary import Diary
from bontrack.clinical.metrics import PeriodCounts, count_span
from bontrack.clinical.rules import (
    IHS_DIARY_2026,
    OUTCOME_DEFAULT,
    ContinuationRules,
    DayRules,
    OutcomeRules,
)

Action = Literal["continue", "pause", "stop", "undecided"]

# Every code a cycle's or a suggestion's reason can carry; stable, so a user interface can
# word it. `reasons` keeps the English sentences; `why` holds the same reasons with codes.
OutcomeCode = Literal[
    "cycle_counts",
    "headache_days_reduced",
    "moderate_severe_days_reduced",
    "wearing_off_not_judged",
    "wearing_off",
    "no_wearing_off",
    "converted_to_episodic",
    "cycle_not_judged_yet",
    "too_few_cycles",
    "cycle_response",
    "cycle_response_with_moderate_severe",
    "responder_continue",
    "no_response_stop",
    "cycles_allowed",
]


@dataclass(frozen=True, slots=True)
class CycleOutcome:
    """How one treatment cycle went against the course baseline."""

    cycle: int
    treatment: date
    headache_reduction_percent: float | None
    moderate_severe_reduction_percent: float | None
    responder: dict[float, bool | None]
    onset_week: int | None
    wearing_off: bool | None
    reasons: tuple[str, ...]
    why: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A continuation suggestion under one rule set; the physician decides."""

    rules: str
    action: Action
    reasons: tuple[str, ...]
    reevaluate_on: date | None = None
    why: tuple[Reason, ...] = ()


def _counted(counts: PeriodCounts, rules: DayRules) -> tuple[int | None, int | None]:
    if not counts.sufficient(rules):
        return None, None
    return counts.headache_days, counts.moderate_severe_days


def _weekly_rate(counts: PeriodCounts) -> float | None:
    """Headache days per 7 recorded days, or None without any recorded day."""
    if counts.recorded_days == 0:
        return None
    return 7 * counts.headache_days / counts.recorded_days


def effect_onset_week(
    diary: Diary,
    treatment: date,
    baseline: PeriodCounts,
    rules: OutcomeRules = OUTCOME_DEFAULT,
) -> int | None:
    """First week after treatment whose headache-day rate is ≥30 % below the baseline rate."""
    base_rate = _weekly_rate(baseline)
    if base_rate is None or base_rate == 0:
        return None
    limit = base_rate * (1 - rules.onset_reduction_percent / 100)
    weeks = (rules.cycle_window_start_day + rules.cycle_window_days) // 7
    for week in range(1, weeks + 1):
        start = treatment + timedelta(days=7 * (week - 1))
        counts = count_span(diary, start, start + timedelta(days=6))
        rate = _weekly_rate(counts)
        enough = counts.recorded_days >= rules.onset_min_recorded_days_per_week
        if enough and rate is not None and rate <= limit:
            return week
    return None


def wearing_off(
    diary: Diary, treatment: date, rules: OutcomeRules = OUTCOME_DEFAULT
) -> tuple[bool | None, str]:
    """Whether headache days rise in weeks 9–12 against weeks 3–8 of the cycle, and why."""
    worn, why = _wearing_off(diary, treatment, rules)
    return worn, why.detail


def _wearing_off(diary: Diary, treatment: date, rules: OutcomeRules) -> tuple[bool | None, Reason]:
    early = count_span(diary, treatment + timedelta(days=14), treatment + timedelta(days=55))
    late = count_span(diary, *cycle_span(treatment, rules))
    # Demand the same share of recorded days as the 20-of-28 rule before comparing rates.
    if early.recorded_days * 28 < 20 * early.length or late.recorded_days * 28 < 20 * late.length:
        return None, Reason(
            "wearing_off_not_judged",
            "wearing-off not judged: too few recorded days in weeks 3–8 or 9–12",
        )
    early_rate, late_rate = _weekly_rate(early), _weekly_rate(late)
    assert early_rate is not None and late_rate is not None
    rising = late_rate - early_rate >= rules.wearing_off_min_increase_per_week
    verdict = "wearing-off" if rising else "no wearing-off"
    return rising, Reason(
        "wearing_off" if rising else "no_wearing_off",
        f"{verdict}: {late_rate:.1f} headache days/week in weeks 9–12 "
        f"against {early_rate:.1f} in weeks 3–8",
        (("late", float(f"{late_rate:.1f}")), ("early", float(f"{early_rate:.1f}"))),
    )


def cycle_outcomes(
    diary: Diary,
    treatments: Iterable[date],
    day_rules: DayRules = IHS_DIARY_2026,
    rules: OutcomeRules = OUTCOME_DEFAULT,
) -> list[CycleOutcome]:
    """Reductions, responder status, onset and wearing-off for each treatment cycle."""
    dates = sorted(treatments)
    if not dates:
        return []
    baseline = count_span(diary, *baseline_span(dates[0], rules), day_rules)
    base_hd, base_ms = _counted(baseline, day_rules)
    outcomes = []
    for cycle, day in enumerate(dates, start=1):
        window = count_span(diary, *cycle_span(day, rules), day_rules)
        hd, ms = _counted(window, day_rules)
        headache = reduction_percent(base_hd, hd)
        modsev = reduction_percent(base_ms, ms)
        responder: dict[float, bool | None] = {
            level: None if headache is None else headache >= level
            for level in rules.responder_thresholds
        }
        why = [
            Reason(
                "cycle_counts",
                f"baseline {base_hd if base_hd is not None else 'not counted'} headache days; "
                f"weeks 9–12 {hd if hd is not None else 'not counted'} "
                f"({window.recorded_days} recorded days)",
                (("baseline", base_hd), ("window", hd), ("recorded", window.recorded_days)),
            )
        ]
        if headache is not None:
            why.append(
                Reason(
                    "headache_days_reduced",
                    f"headache days reduced by {headache} %",
                    (("percent", headache),),
                )
            )
        if modsev is not None:
            why.append(
                Reason(
                    "moderate_severe_days_reduced",
                    f"moderate/severe days reduced by {modsev} %",
                    (("percent", modsev),),
                )
            )
        worn, wearing = _wearing_off(diary, day, rules)
        why.append(wearing)
        outcomes.append(
            CycleOutcome(
                cycle=cycle,
                treatment=day,
                headache_reduction_percent=headache,
                moderate_severe_reduction_percent=modsev,
                responder=responder,
                onset_week=effect_onset_week(diary, day, baseline, rules),
                wearing_off=worn,
                reasons=tuple(r.detail for r in why),
                why=tuple(why),
            )
        )
    return outcomes


def episodic_streak(
    diary: Diary,
    first_treatment: date,
    as_of: date,
    below_days: int,
    day_rules: DayRules = IHS_DIARY_2026,
) -> int:
    """Consecutive most recent periods since the first treatment with < below_days headache days."""
    span = day_rules.period_days
    periods = []
    start = first_treatment
    while start + timedelta(days=span - 1) <= as_of:
        periods.append(count_span(diary, start, start + timedelta(days=span - 1), day_rules))
        start += timedelta(days=span)
    streak = 0
    for counts in reversed(periods):
        # A period without enough data breaks the streak: conversion must be shown, not assumed.
        if not counts.sufficient(day_rules) or counts.headache_days >= below_days:
            break
        streak += 1
    return streak


def _evaluated(outcomes: Sequence[CycleOutcome], rules: ContinuationRules) -> list[CycleOutcome]:
    return [
        o
        for o in outcomes
        if o.cycle >= rules.judge_from_cycle and o.headache_reduction_percent is not None
    ]


def _responds(outcome: CycleOutcome, rules: ContinuationRules) -> bool:
    headache = outcome.headache_reduction_percent
    if headache is not None and headache >= rules.responder_percent:
        return True
    modsev = outcome.moderate_severe_reduction_percent
    return bool(
        rules.moderate_severe_alternative
        and modsev is not None
        and modsev >= rules.responder_percent
    )


def suggest_continuation(
    outcomes: Sequence[CycleOutcome],
    streak: int,
    rules: ContinuationRules,
    as_of: date,
) -> Suggestion:
    """Suggest continue, pause or stop under a named rule set, with the reasons."""
    if streak >= rules.episodic_periods:
        again = (
            as_of + timedelta(days=rules.reevaluate_after_days)
            if rules.reevaluate_after_days
            else None
        )
        reason = Reason(
            "converted_to_episodic",
            f"{streak} consecutive periods with fewer than {rules.episodic_below_days} "
            f"headache days: converted to episodic",
            (("periods", streak), ("below", rules.episodic_below_days)),
        )
        return _suggest(rules, rules.action_when_episodic, (reason,), again)
    evaluated = _evaluated(outcomes, rules)
    if not evaluated:
        given = max((o.cycle for o in outcomes), default=0)
        if given >= rules.judge_from_cycle:
            return _suggest(
                rules,
                "undecided",
                (
                    Reason(
                        "cycle_not_judged_yet",
                        f"cycle {given} cannot be judged yet: its weeks 9–12 lack recorded days",
                        (("cycle", given),),
                    ),
                ),
            )
        return _suggest(
            rules,
            "continue",
            (
                Reason(
                    "too_few_cycles",
                    f"{given} cycle(s) given; judge the response after cycle "
                    f"{rules.judge_from_cycle}",
                    (("given", given), ("judge_from", rules.judge_from_cycle)),
                ),
            ),
        )
    latest = evaluated[-1]
    reason = _response(latest, rules)
    if _responds(latest, rules):
        return _suggest(
            rules,
            "continue",
            (reason, Reason("responder_continue", "responder: continue every 12 weeks")),
        )
    if latest.cycle >= rules.stop_after_cycles:
        stop = Reason(
            "no_response_stop",
            f"no response after {latest.cycle} cycles",
            (("cycles", latest.cycle),),
        )
        return _suggest(rules, "stop", (reason, stop))
    allowed = Reason(
        "cycles_allowed",
        f"{rules.name} allows up to {rules.stop_after_cycles} cycles before stopping",
        (("rules", rules.name), ("cycles", rules.stop_after_cycles)),
    )
    return _suggest(rules, "continue", (reason, allowed))


def _suggest(
    rules: ContinuationRules,
    action: Action,
    why: tuple[Reason, ...],
    reevaluate_on: date | None = None,
) -> Suggestion:
    return Suggestion(rules.name, action, tuple(r.detail for r in why), reevaluate_on, why)


def _response(latest: CycleOutcome, rules: ContinuationRules) -> Reason:
    """The latest judged cycle's reductions against the responder threshold."""
    what = "≥" if _responds(latest, rules) else "<"
    measure = (
        "reduction in headache days or moderate/severe days"
        if rules.moderate_severe_alternative
        else "reduction in headache days"
    )
    modsev = latest.moderate_severe_reduction_percent
    detail = (
        f"cycle {latest.cycle}: {latest.headache_reduction_percent} % fewer headache days"
        + (f", {modsev} % fewer moderate/severe days" if modsev is not None else "")
        + f" ({what} {rules.responder_percent:g} % {measure})"
    )
    return Reason(
        "cycle_response" if modsev is None else "cycle_response_with_moderate_severe",
        detail,
        (
            ("cycle", latest.cycle),
            ("headache", latest.headache_reduction_percent),
            *((("moderate_severe", modsev),) if modsev is not None else ()),
            ("sign", what),
            ("threshold", f"{rules.responder_percent:g}"),
            (
                "measure",
                "headache_or_moderate_severe_days"
                if rules.moderate_severe_alternative
                else "headache_days",
            ),
        ),
    )
