"""Cycle outcomes and the continue/pause/stop suggestions of each rule set."""

from datetime import date, timedelta

from bontrack.clinical import Diary, DiaryDay
from bontrack.clinical.outcome import (
    CycleOutcome,
    cycle_outcomes,
    episodic_streak,
    suggest_continuation,
)
from bontrack.clinical.rules import continuation_rules
from bontrack.clinical.synthetic import period_days

START = date(2026, 1, 1)
FIRST = START + timedelta(28)


def course(after: list[dict[str, int]]) -> Diary:
    """A 20-headache-day baseline, then one 28-day period per entry from the first treatment."""
    days: list[DiaryDay] = period_days(START, headache=20, moderate=10)
    for k, counts in enumerate(after):
        days += period_days(FIRST + timedelta(28 * k), **counts)
    return Diary(days)


def outcome(cycle: int, headache: float | None, modsev: float | None = None) -> CycleOutcome:
    return CycleOutcome(cycle, FIRST, headache, modsev, {}, None, None, ())


def test_a_cycle_reports_reductions_and_responder_levels() -> None:
    diary = course([{"headache": 14, "moderate": 5}] * 2 + [{"headache": 9, "moderate": 4}])
    (first,) = cycle_outcomes(diary, [FIRST])
    assert first.headache_reduction_percent == 55.0
    assert first.moderate_severe_reduction_percent == 60.0
    assert first.responder == {30.0: True, 50.0: True}


def test_effect_onset_is_the_first_week_well_below_the_baseline_rate() -> None:
    days = period_days(START, headache=28)
    for week in range(12):
        days += period_days(FIRST + timedelta(7 * week), days=7, headache=7 if week < 2 else 2)
    (first,) = cycle_outcomes(Diary(days), [FIRST])
    assert first.onset_week == 3


def test_wearing_off_shows_as_more_headache_days_in_weeks_9_to_12() -> None:
    days = period_days(START, headache=20)
    days += period_days(FIRST, days=14, headache=10)
    for week in range(2, 12):
        days += period_days(FIRST + timedelta(7 * week), days=7, headache=1 if week < 8 else 4)
    (first,) = cycle_outcomes(Diary(days), [FIRST])
    assert first.wearing_off is True
    assert "4.0 headache days/week in weeks 9–12 against 1.0 in weeks 3–8" in first.reasons[-1]


def test_three_periods_below_fifteen_days_is_an_episodic_streak() -> None:
    diary = course([{"headache": 16}] + [{"headache": 12}] * 3)
    assert episodic_streak(diary, FIRST, FIRST + timedelta(28 * 4 - 1), 15) == 3
    assert episodic_streak(diary, FIRST, FIRST + timedelta(28 * 4 - 1), 10) == 0


def test_nice_stops_after_two_cycles_below_thirty_percent() -> None:
    rules = continuation_rules("nice-ta260")
    stop = suggest_continuation([outcome(1, 10.0), outcome(2, 25.0)], 0, rules, FIRST)
    assert stop.action == "stop"
    assert "< 30 % reduction in headache days" in stop.reasons[0]
    assert suggest_continuation([outcome(1, 10.0)], 0, rules, FIRST).action == "continue"
    keep = suggest_continuation([outcome(1, 10.0), outcome(2, 30.0)], 0, rules, FIRST)
    assert keep.action == "continue"
    assert suggest_continuation([outcome(2, 60.0)], 3, rules, FIRST).action == "stop"


def test_ehf_allows_a_third_cycle_and_pauses_when_episodic() -> None:
    rules = continuation_rules("ehf-2018")
    assert suggest_continuation([outcome(2, 20.0)], 0, rules, FIRST).action == "continue"
    assert suggest_continuation([outcome(2, 20.0), outcome(3, 20.0)], 0, rules,
                                FIRST).action == "stop"
    pause = suggest_continuation([outcome(3, 80.0)], 3, rules, FIRST)
    assert pause.action == "pause"
    assert pause.reevaluate_on == FIRST + timedelta(135)


def test_nkh_continues_on_fewer_moderate_severe_days_alone() -> None:
    rules = continuation_rules("nkh-2018")
    keep = suggest_continuation([outcome(2, 10.0, 40.0)], 0, rules, FIRST)
    assert keep.action == "continue"
    assert suggest_continuation([outcome(3, 10.0, 10.0)], 0, rules, FIRST).action == "stop"
    assert suggest_continuation([outcome(2, 10.0, 40.0)], 3, rules, FIRST).action == "pause"


def test_a_cycle_without_recorded_window_days_is_undecided() -> None:
    rules = continuation_rules("nice-ta260")
    undecided = suggest_continuation([outcome(1, None), outcome(2, None)], 0, rules, FIRST)
    assert undecided.action == "undecided"
