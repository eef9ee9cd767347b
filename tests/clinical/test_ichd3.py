"""Chronic migraine (1.3), medication overuse (8.2) and the 2.3 pattern at every edge."""

from datetime import date, timedelta

import pytest

from bontrack.clinical import Diary, DiaryDay
from bontrack.clinical.assessment import assess
from bontrack.clinical.synthetic import period_days

START = date(2026, 1, 1)


def three_periods(**counts: object) -> Diary:
    """A diary whose three assessment periods all have the given counts."""
    days: list[DiaryDay] = []
    for k in range(3):
        days += period_days(START + timedelta(days=28 * k), **counts)  # type: ignore[arg-type]
    return Diary(days)


AS_OF = START + timedelta(days=83)


def test_fifteen_headache_days_with_eight_migraine_days_in_each_period_is_chronic() -> None:
    result = assess(three_periods(headache=15, migraine=8), as_of=AS_OF)
    assert result.chronic_migraine.met is True


def test_fourteen_headache_days_in_each_period_is_not_chronic() -> None:
    result = assess(three_periods(headache=14, migraine=8), as_of=AS_OF)
    assert result.chronic_migraine.met is False
    failed = [c for c in result.chronic_migraine.criteria if c.met is False]
    assert [c.id for c in failed] == [f"period_{k}_headache_days" for k in (1, 2, 3)]
    assert "14 headache days (< 15)" in failed[0].detail


def test_seven_migraine_days_is_not_chronic_migraine() -> None:
    result = assess(three_periods(headache=20, migraine=7), as_of=AS_OF)
    assert result.chronic_migraine.met is False
    assert any("7 migraine days (< 8)" in c.detail for c in result.chronic_migraine.criteria)


def test_one_short_period_makes_chronic_migraine_false() -> None:
    days = period_days(START, headache=20, migraine=10)
    days += period_days(START + timedelta(days=28), headache=14, migraine=10)
    days += period_days(START + timedelta(days=56), headache=20, migraine=10)
    assert assess(Diary(days), as_of=AS_OF).chronic_migraine.met is False


def test_nineteen_recorded_days_leaves_the_diagnoses_unjudged() -> None:
    days = period_days(START, recorded=19, headache=19, migraine=19)
    days += period_days(START + timedelta(days=28), headache=20, migraine=10)
    days += period_days(START + timedelta(days=56), headache=20, migraine=10)
    result = assess(Diary(days), as_of=AS_OF)
    assert result.chronic_migraine.met is None
    assert result.medication_overuse.met is None
    assert "only 19 recorded days" in result.chronic_migraine.criteria[0].detail


def test_twenty_recorded_days_are_enough_to_judge() -> None:
    result = assess(three_periods(recorded=20, headache=16, migraine=8), as_of=AS_OF)
    assert result.chronic_migraine.met is True


@pytest.mark.parametrize(
    ("meds", "met", "subtypes"),
    [
        ({"simple_analgesic": 15}, True, ("8.2.3",)),
        ({"simple_analgesic": 14}, False, ()),
        ({"triptan": 10}, True, ("8.2.2",)),
        ({"triptan": 9}, False, ()),
        ({"ergot": 10}, True, ("8.2.1",)),
        ({"opioid": 10}, True, ("8.2.4",)),
        ({"combination_analgesic": 10}, True, ("8.2.5",)),
        ({"triptan": 5, "simple_analgesic": 5}, True, ("8.2.6",)),
        ({"triptan": 5, "simple_analgesic": 4}, False, ()),
        ({"gepant": 25}, False, ()),
        ({"gepant": 10, "triptan": 5}, False, ()),
        ({"ditan": 10, "other": 10}, False, ()),
        ({"triptan": 12, "opioid": 11}, True, ("8.2.2", "8.2.4")),
    ],
)
def test_medication_overuse_thresholds(
    meds: dict[str, int], met: bool, subtypes: tuple[str, ...]
) -> None:
    result = assess(three_periods(headache=20, migraine=10, meds=meds), as_of=AS_OF)
    assert result.medication_overuse.met is met
    assert result.medication_overuse.subtypes == subtypes


def test_overuse_without_fifteen_headache_days_is_not_moh() -> None:
    result = assess(three_periods(headache=14, meds={"triptan": 20}), as_of=AS_OF)
    assert result.medication_overuse.met is False


def test_a_class_not_overused_in_every_period_gives_the_mixed_subtype() -> None:
    days = period_days(START, headache=20, meds={"triptan": 10})
    days += period_days(START + timedelta(days=28), headache=20, meds={"opioid": 10})
    days += period_days(START + timedelta(days=56), headache=20, meds={"triptan": 10})
    result = assess(Diary(days), as_of=AS_OF)
    assert result.medication_overuse.met is True
    assert result.medication_overuse.subtypes == ("8.2.6",)


def test_tension_type_pattern_is_reported_as_information() -> None:
    result = assess(three_periods(headache=16), as_of=AS_OF)
    assert result.tension_type.met is True
    assert result.chronic_migraine.met is False
