"""Clinic analytics: patients treated, cycles, responder rates, reduction in headache days and
side-effect rates, beside PREEMPT's published figures (CLINICAL.md §6).

Computed with Polars over the per-period diary summaries and the treatment tables, never
over the raw diary rows: a cycle's baseline and window are counted from the summaries' day
flags with the spans, counts and reduction that bontrack.clinical.outcome.cycle_outcomes
uses (tests hold the two equal).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bontrack.accounts import audit, roles
from bontrack.accounts.models import Role
from bontrack.clinical.assessment import baseline_span, cycle_span, reduction_percent
from bontrack.clinical.rules import CONTINUATION_RULES, IHS_DIARY_2026, OUTCOME_DEFAULT
from bontrack.treatments import summaries
from bontrack.treatments.models import Course, Session, SideEffectReport
from bontrack.treatments.summary_models import DiaryPeriodSummary

RESPONDER_LEVELS = (30.0, 50.0)
_SPANS_PER_QUERY = 400


@dataclass(frozen=True)
class Yardstick:
    """A published figure to set the clinic's beside, with where it comes from."""

    label: str | Promise
    value: float
    unit: str
    source: str | Promise


PREEMPT_SOURCE = _("PREEMPT 1 and 2, as summarised in CLINICAL.md §6")
PREEMPT_2_SOURCE = _("PREEMPT 2, as summarised in CLINICAL.md §6")
PREEMPT = (
    Yardstick(_("≥ 50 % responders, BoNT-A (pooled, week 24)"), 44.8, " %", PREEMPT_SOURCE),
    Yardstick(_("≥ 50 % responders, placebo (pooled, week 24)"), 34.2, " %", PREEMPT_SOURCE),
    Yardstick(_("Change in headache days per 28 days, BoNT-A"), -9.0, "", PREEMPT_2_SOURCE),
    Yardstick(_("Change in headache days per 28 days, placebo"), -6.7, "", PREEMPT_2_SOURCE),
    Yardstick(_("Baseline mean headache days per 28 days"), 19.9, "", PREEMPT_SOURCE),
    Yardstick(_("Overusing acute medication at baseline"), 64.8, " %", PREEMPT_SOURCE),
)
PREEMPT_RESPONDER_50_PERCENT = 44.8
PREEMPT_PLACEBO_RESPONDER_50_PERCENT = 34.2
PREEMPT_2_CHANGE_HEADACHE_DAYS = -9.0
PREEMPT_BASELINE_HEADACHE_DAYS = 19.9


@dataclass(frozen=True)
class RuleRates:
    """Responders among courses under one continuation rule set (latest judged cycle)."""

    rules: str
    courses: int
    judged: int
    responders: dict[float, int]

    def rate(self, level: float) -> float | None:
        if not self.judged:
            return None
        return round(100 * self.responders[level] / self.judged, 1)


@dataclass(frozen=True)
class CycleRow:
    """All judged cycles with the same number."""

    cycle: int
    judged: int
    mean_change_days: float | None
    mean_reduction_percent: float | None
    responder_50_percent: float | None


@dataclass(frozen=True)
class ClinicAnalytics:
    as_of: dt.date
    patients_treated: int
    courses: int
    sessions: int
    cycles_judged: int
    mean_baseline_days: float | None
    mean_change_days: float | None
    mean_reduction_percent: float | None
    responder_percent: dict[float, float | None]
    per_rule: list[RuleRates]
    per_cycle: list[CycleRow]
    sessions_with_side_effects: int
    sessions_with_red_flags: int
    side_effect_percent: float | None
    red_flag_percent: float | None
    yardsticks: tuple[Yardstick, ...] = PREEMPT


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _frame(rows: list[tuple[Any, ...]], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row")


def _sessions(clinic_ids: set[int]) -> pl.DataFrame:
    rows = list(
        Session.objects.filter(clinic_id__in=clinic_ids, state=Session.State.SIGNED).values_list(
            "id", "course_id", "patient_id", "performed_on"
        )
    )
    frame = _frame(
        rows,
        {"session": pl.Int64, "course": pl.Int64, "patient": pl.Int64, "performed_on": pl.Date},
    )
    return frame.sort("course", "performed_on", "session").with_columns(
        pl.col("performed_on").rank("ordinal").over("course").cast(pl.Int64).alias("cycle"),
        pl.col("performed_on").min().over("course").alias("first_treatment"),
    )


def _judged(counts: tuple[int, int]) -> int | None:
    """Headache days of a span (recorded, headache), None when too few days were recorded."""
    if counts[0] < IHS_DIARY_2026.min_recorded_days:
        return None
    return counts[1]


def _day_flags(patients: set[int], starts: set[dt.date]) -> dict[int, dict[dt.date, str]]:
    """The day flags of the given patients' summaries of the given periods."""
    flags: dict[int, dict[dt.date, str]] = defaultdict(dict)
    if not patients:
        return flags
    rows = DiaryPeriodSummary.objects.filter(
        patient_id__in=patients, period_start__range=(min(starts), max(starts))
    ).values_list("patient_id", "period_start", "day_flags")
    for patient_id, start, day_flags in rows.iterator(chunk_size=5000):
        if start in starts:
            flags[patient_id][start] = day_flags
    return flags


def _cycles(sessions: pl.DataFrame) -> pl.DataFrame:
    """One row per signed session: baseline and window headache days and the reduction.

    The spans, the recorded-days rule and the reduction are those of
    bontrack.clinical.outcome.cycle_outcomes; the days are read from the per-period
    summaries' day flags instead of the raw diary (tests hold the two equal)."""
    rows = sessions.to_dicts()
    for c in rows:
        c["spans"] = (
            baseline_span(c["first_treatment"], OUTCOME_DEFAULT),
            cycle_span(c["performed_on"], OUTCOME_DEFAULT),
        )
    starts = {
        period
        for c in rows
        for start, end in c["spans"]
        for period in (summaries.period_start(start), summaries.period_start(end))
    }
    flags = _day_flags({c["patient"] for c in rows}, starts)
    for c in rows:
        mine = flags.get(c["patient"], {})
        c["baseline"], c["window"] = (
            _judged(summaries.span_counts(mine, start, end)) for start, end in c["spans"]
        )
        c["reduction"] = reduction_percent(c["baseline"], c["window"])
        del c["spans"]
    schema = {
        "session": pl.Int64,
        "course": pl.Int64,
        "patient": pl.Int64,
        "performed_on": pl.Date,
        "cycle": pl.Int64,
        "first_treatment": pl.Date,
        "baseline": pl.Int64,
        "window": pl.Int64,
        "reduction": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def compute(*, clinic_ids: set[int], as_of: dt.date | None = None) -> ClinicAnalytics:
    """The analytics of the given clinics (no access check, no audit: see `clinic_analytics`)."""
    as_of = as_of or timezone.localdate()
    sessions = _sessions(clinic_ids)
    cycles = _cycles(sessions)
    judged = cycles.filter(pl.col("reduction").is_not_null()).with_columns(
        (pl.col("window") - pl.col("baseline")).alias("change")
    )
    for level in RESPONDER_LEVELS:
        judged = judged.with_columns((pl.col("reduction") >= level).alias(f"r{level:g}"))
    rules_of = dict(
        Course.objects.filter(clinic_id__in=clinic_ids).values_list("id", "continuation_rules")
    )
    latest = judged.sort("cycle").group_by("course").last()
    latest = latest.with_columns(
        pl.col("course").replace_strict(rules_of, default="").alias("rules")
    )
    courses_by_rule: dict[str, int] = defaultdict(int)
    for course in sessions.get_column("course").unique().to_list():
        courses_by_rule[rules_of.get(course, "")] += 1
    per_rule = []
    grouped = {
        row["rules"]: row
        for row in latest.group_by("rules")
        .agg(pl.len().alias("judged"), *(pl.col(f"r{lv:g}").sum() for lv in RESPONDER_LEVELS))
        .to_dicts()
    }
    for name in sorted(set(CONTINUATION_RULES) | set(courses_by_rule) - {""}):
        row = grouped.get(name, {})
        per_rule.append(
            RuleRates(
                rules=name,
                courses=courses_by_rule.get(name, 0),
                judged=int(row.get("judged", 0)),
                responders={lv: int(row.get(f"r{lv:g}", 0)) for lv in RESPONDER_LEVELS},
            )
        )
    per_cycle = [
        CycleRow(
            cycle=row["cycle"],
            judged=row["n"],
            mean_change_days=_round(row["change"]),
            mean_reduction_percent=_round(row["reduction"]),
            responder_50_percent=_share(int(row["r50"]), row["n"]),
        )
        for row in judged.group_by("cycle")
        .agg(
            pl.len().alias("n"),
            pl.col("change").mean(),
            pl.col("reduction").mean(),
            pl.col("r50").sum(),
        )
        .sort("cycle")
        .to_dicts()
    ]
    reports = _frame(
        list(
            SideEffectReport.objects.filter(
                session_id__in=sessions.get_column("session").to_list()
            ).values_list("session_id", "red_flag")
        ),
        {"session": pl.Int64, "red_flag": pl.Boolean},
    )
    with_effects = reports.get_column("session").n_unique()
    red = reports.filter(pl.col("red_flag")).get_column("session").n_unique()
    n_sessions = sessions.height
    n_latest = latest.height
    baselines = (
        judged.unique("course").get_column("baseline").drop_nulls().cast(pl.Float64).to_list()
    )
    return ClinicAnalytics(
        as_of=as_of,
        patients_treated=sessions.get_column("patient").n_unique(),
        courses=sessions.get_column("course").n_unique(),
        sessions=n_sessions,
        cycles_judged=judged.height,
        mean_baseline_days=_mean(baselines),
        mean_change_days=_round(latest.get_column("change").mean()) if n_latest else None,
        mean_reduction_percent=_round(latest.get_column("reduction").mean())
        if n_latest
        else None,
        responder_percent={
            lv: _share(int(latest.get_column(f"r{lv:g}").sum()), n_latest)
            for lv in RESPONDER_LEVELS
        },
        per_rule=per_rule,
        per_cycle=per_cycle,
        sessions_with_side_effects=with_effects,
        sessions_with_red_flags=red,
        side_effect_percent=_share(with_effects, n_sessions),
        red_flag_percent=_share(red, n_sessions),
    )


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def clinic_analytics(*, user: Any, as_of: dt.date | None = None) -> ClinicAnalytics:
    """The analytics of the clinics where the user is a coordinator or physician; audited."""
    clinic_ids = roles.clinic_ids(user, Role.COORDINATOR, Role.PHYSICIAN)
    if not clinic_ids:
        raise PermissionDenied
    result = compute(clinic_ids=clinic_ids, as_of=as_of)
    for clinic_id in sorted(clinic_ids):
        audit.record(
            actor=user,
            action="view",
            object_type="treatments.analytics",
            clinic=clinic_id,
            reason="clinic analytics (aggregate)",
        )
    return result
