"""Edges of the ihs-diary-2026 day definitions (CLINICAL.md §2)."""

from datetime import date

import pytest

from bontrack.clinical import DiaryDay
from bontrack.clinical.metrics import (
    is_headache_day,
    is_migraine_day,
    is_moderate_severe_day,
    is_tension_type_day,
)

D = date(2026, 1, 1)
MIGRAINE_FEATURES = {"unilateral": True, "pulsating": True, "nausea": True}


@pytest.mark.parametrize(
    ("case", "day", "headache"),
    [
        ("4 h untreated", DiaryDay(D, headache_hours=4, intensity=1), True),
        ("3.5 h untreated", DiaryDay(D, headache_hours=3.5, intensity=1), False),
        ("short headache treated", DiaryDay(D, headache_hours=1, intensity=1,
                                            acute_meds=frozenset({"simple_analgesic"})), True),
        ("treated with a gepant", DiaryDay(D, headache_hours=1, intensity=1,
                                           acute_meds=frozenset({"gepant"})), True),
        ("medicine without headache", DiaryDay(D, acute_meds=frozenset({"triptan"})), False),
        ("nothing", DiaryDay(D), False),
    ],
)
def test_a_headache_day_needs_four_hours_or_a_treated_headache(
    case: str, day: DiaryDay, headache: bool
) -> None:
    assert is_headache_day(day) is headache, case


@pytest.mark.parametrize(
    ("case", "fields", "migraine"),
    [
        ("two characteristics and nausea", MIGRAINE_FEATURES, True),
        ("one characteristic and nausea", {"unilateral": True, "nausea": True}, False),
        ("moderate intensity counts as a characteristic",
         {"unilateral": True, "intensity": 2, "vomiting": True}, True),
        ("photophobia without phonophobia",
         {"unilateral": True, "pulsating": True, "photophobia": True}, False),
        ("photophobia and phonophobia",
         {"unilateral": True, "pulsating": True, "photophobia": True, "phonophobia": True}, True),
        ("aura alone", {"aura": True}, True),
        ("triptan that relieved",
         {"acute_meds": frozenset({"triptan"}), "relieved_by_acute_med": True}, True),
        ("triptan that did not relieve", {"acute_meds": frozenset({"triptan"})}, False),
        ("ergot that relieved",
         {"acute_meds": frozenset({"ergot"}), "relieved_by_acute_med": True}, True),
        ("simple analgesic that relieved",
         {"acute_meds": frozenset({"simple_analgesic"}), "relieved_by_acute_med": True}, False),
    ],
)
def test_migraine_day_edges(case: str, fields: dict[str, object], migraine: bool) -> None:
    values: dict[str, object] = {"headache_hours": 5.0, "intensity": 1, **fields}
    day = DiaryDay(D, **values)  # type: ignore[arg-type]
    assert is_migraine_day(day) is migraine, case


def test_a_migraine_day_must_first_be_a_headache_day() -> None:
    day = DiaryDay(D, headache_hours=2, intensity=1, aura=True)
    assert not is_migraine_day(day)


def test_moderate_severe_day_needs_intensity_two_on_a_headache_day() -> None:
    assert is_moderate_severe_day(DiaryDay(D, headache_hours=5, intensity=2))
    assert not is_moderate_severe_day(DiaryDay(D, headache_hours=5, intensity=1))
    assert not is_moderate_severe_day(DiaryDay(D, headache_hours=2, intensity=3))


def test_a_bilateral_pressing_mild_headache_is_tension_type() -> None:
    assert is_tension_type_day(DiaryDay(D, headache_hours=8, intensity=1, photophobia=True))
    assert not is_tension_type_day(
        DiaryDay(D, headache_hours=8, intensity=1, photophobia=True, phonophobia=True)
    )
