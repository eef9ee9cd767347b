"""Named, versioned rule sets: every threshold the clinical core uses, as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from bontrack.clinical.common import InputError

# ICHD-3 8.2 names exactly these five classes; gepants, ditans and "other" never count.
OVERUSE_CLASSES: tuple[str, ...] = (
    "ergot",
    "triptan",
    "simple_analgesic",
    "opioid",
    "combination_analgesic",
)


@dataclass(frozen=True, slots=True)
class DayRules:
    """Day definitions and period rules (CLINICAL.md §2–3)."""

    name: str
    headache_min_hours: float
    moderate_min_intensity: int
    migraine_min_characteristics: int
    period_days: int
    min_recorded_days: int
    window_periods: int


@dataclass(frozen=True, slots=True)
class ClassificationRules:
    """ICHD-3 thresholds per period: chronic migraine, overuse, tension-type pattern."""

    name: str
    chronic_headache_days: int
    chronic_migraine_days: int
    overuse_days: MappingProxyType[str, int]
    overuse_codes: MappingProxyType[str, str]
    mixed_overuse_days: int
    mixed_min_classes: int
    mixed_code: str


@dataclass(frozen=True, slots=True)
class SessionLimits:
    """Label limits a treatment session is checked against (CLINICAL.md §5)."""

    name: str
    max_units_per_site: int
    max_units_per_session: int
    min_interval_days: int
    preempt_extra_muscles: frozenset[str]


@dataclass(frozen=True, slots=True)
class ContinuationRules:
    """When to suggest continue, pause or stop (CLINICAL.md §6)."""

    name: str
    responder_percent: float
    judge_from_cycle: int
    stop_after_cycles: int
    episodic_below_days: int
    episodic_periods: int
    action_when_episodic: Literal["pause", "stop"]
    moderate_severe_alternative: bool
    reevaluate_after_days: int | None
    source: str


@dataclass(frozen=True, slots=True)
class ReimbursementRules:
    """Which criteria a reimbursement rule set asks for (CLINICAL.md §7)."""

    name: str
    criteria: tuple[str, ...]
    specialist_applicant_required: bool
    min_preventives: int
    source: str


@dataclass(frozen=True, slots=True)
class OutcomeRules:
    """Windows and thresholds for judging a treatment cycle."""

    name: str
    baseline_days: int
    cycle_window_start_day: int
    cycle_window_days: int
    responder_thresholds: tuple[float, ...]
    onset_reduction_percent: float
    onset_min_recorded_days_per_week: int
    wearing_off_min_increase_per_week: float


@dataclass(frozen=True, slots=True)
class ScheduleRules:
    """Treatment interval, booking window and reminders (CLINICAL.md §5–6)."""

    name: str
    min_interval_days: int
    booking_window_days: int
    reminder_days_before: tuple[int, ...] = field(default=(14, 2))
    evaluation_after_cycles: tuple[int, ...] = field(default=(2, 3))


IHS_DIARY_2026 = DayRules(
    name="ihs-diary-2026",
    headache_min_hours=4.0,
    moderate_min_intensity=2,
    migraine_min_characteristics=2,
    period_days=28,
    min_recorded_days=20,
    window_periods=3,
)

ICHD_3 = ClassificationRules(
    name="ichd-3",
    chronic_headache_days=15,
    chronic_migraine_days=8,
    overuse_days=MappingProxyType(
        {
            "ergot": 10,
            "triptan": 10,
            "simple_analgesic": 15,
            "opioid": 10,
            "combination_analgesic": 10,
        }
    ),
    overuse_codes=MappingProxyType(
        {
            "ergot": "8.2.1",
            "triptan": "8.2.2",
            "simple_analgesic": "8.2.3",
            "opioid": "8.2.4",
            "combination_analgesic": "8.2.5",
        }
    ),
    mixed_overuse_days=10,
    mixed_min_classes=2,
    mixed_code="8.2.6",
)

LABEL_LIMITS = SessionLimits(
    name="bont-a-label-2024",
    max_units_per_site=50,
    max_units_per_session=400,
    min_interval_days=84,
    preempt_extra_muscles=frozenset({"temporalis", "occipitalis", "trapezius"}),
)

OUTCOME_DEFAULT = OutcomeRules(
    name="cycle-outcome-2026",
    baseline_days=28,
    cycle_window_start_day=56,
    cycle_window_days=28,
    responder_thresholds=(30.0, 50.0),
    onset_reduction_percent=30.0,
    onset_min_recorded_days_per_week=5,
    wearing_off_min_increase_per_week=1.0,
)

SCHEDULE_DEFAULT = ScheduleRules(
    name="every-12-weeks",
    min_interval_days=84,
    booking_window_days=14,
)

CONTINUATION_RULES: MappingProxyType[str, ContinuationRules] = MappingProxyType(
    {
        "nice-ta260": ContinuationRules(
            name="nice-ta260",
            responder_percent=30.0,
            judge_from_cycle=2,
            stop_after_cycles=2,
            episodic_below_days=15,
            episodic_periods=3,
            action_when_episodic="stop",
            moderate_severe_alternative=False,
            reevaluate_after_days=None,
            source="NICE TA260 (2012): stop after 2 cycles with < 30 % reduction or when episodic",
        ),
        "ehf-2018": ContinuationRules(
            name="ehf-2018",
            responder_percent=30.0,
            judge_from_cycle=2,
            stop_after_cycles=3,
            episodic_below_days=10,
            episodic_periods=3,
            action_when_episodic="pause",
            moderate_severe_alternative=False,
            reevaluate_after_days=135,
            source="European Headache Federation guideline 2018",
        ),
        "nkh-2018": ContinuationRules(
            name="nkh-2018",
            responder_percent=30.0,
            judge_from_cycle=2,
            stop_after_cycles=3,
            episodic_below_days=15,
            episodic_periods=3,
            action_when_episodic="pause",
            moderate_severe_alternative=True,
            reevaluate_after_days=None,
            source="Nasjonal kompetansetjeneste for hodepine 2018",
        ),
    }
)

REIMBURSEMENT_RULES: MappingProxyType[str, ReimbursementRules] = MappingProxyType(
    {
        "no-5-14-2019": ReimbursementRules(
            name="no-5-14-2019",
            criteria=("chronic_migraine", "beta_blocker", "topiramate", "applicant"),
            specialist_applicant_required=False,
            min_preventives=0,
            source="Helsedirektoratet, rundskriv til § 5-14, botulinumtoksin type A, 01.08.2019",
        ),
        "no-specialist-applicant": ReimbursementRules(
            name="no-specialist-applicant",
            criteria=("chronic_migraine", "beta_blocker", "topiramate", "applicant"),
            specialist_applicant_required=True,
            min_preventives=0,
            source="no-5-14-2019 plus the applicant rule clinics state since 2019",
        ),
        "nice-ta260": ReimbursementRules(
            name="nice-ta260",
            criteria=("chronic_migraine", "three_preventives", "medication_overuse_managed"),
            specialist_applicant_required=False,
            min_preventives=3,
            source="NICE technology appraisal TA260 (2012)",
        ),
    }
)


def reimbursement_rules(name: str) -> ReimbursementRules:
    """The reimbursement rule set called `name`, or InputError listing the known ones."""
    try:
        return REIMBURSEMENT_RULES[name]
    except KeyError:
        known = ", ".join(REIMBURSEMENT_RULES)
        raise InputError([f"unknown rule set {name!r}; choose one of {known}"]) from None


def continuation_rules(name: str) -> ContinuationRules:
    """The continuation rule set called `name`, or InputError listing the known ones."""
    try:
        return CONTINUATION_RULES[name]
    except KeyError:
        known = ", ".join(CONTINUATION_RULES)
        raise InputError([f"unknown rule set {name!r}; choose one of {known}"]) from None
