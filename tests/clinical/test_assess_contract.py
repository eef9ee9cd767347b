"""assess_csv returns exactly the DESIGN.md `assess --json` object."""

import json
from datetime import date, timedelta

import pytest

from bontrack.clinical import InputError, assess_csv, write_csv
from bontrack.clinical.diary import DiaryDay
from bontrack.clinical.synthetic import period_days

START = date(2026, 1, 1)


def diary_text(*periods: list[DiaryDay]) -> str:
    return write_csv([d for p in periods for d in p])


def after(start: date, **counts: int) -> list[DiaryDay]:
    """Five periods from start, each with the same counts."""
    days: list[DiaryDay] = []
    for k in range(5):
        days += period_days(start + timedelta(28 * k), **counts)
    return days


def chronic_course() -> str:
    """84 chronic days, a treatment on day 85, then 140 days with fewer headaches."""
    days = []
    for k in range(3):
        days += period_days(START + timedelta(28 * k), headache=18, migraine=9,
                            moderate=11, meds={"triptan": 6, "simple_analgesic": 4})
    treated = START + timedelta(84)
    for k in range(5):
        days += period_days(treated + timedelta(28 * k), headache=10, migraine=4)
    return write_csv(days)


def test_the_object_has_the_contract_keys_in_order() -> None:
    result = assess_csv(chronic_course(), treatments=[date(2026, 3, 26)])
    assert list(result) == [
        "rules", "window", "periods", "chronic_migraine", "medication_overuse", "treatments"
    ]
    assert result["rules"] == "ihs-diary-2026"
    assert result["window"] == {"start": "2026-01-01", "end": "2026-03-25"}
    assert result["periods"][0] == {
        "start": "2026-01-01", "end": "2026-01-28", "recorded_days": 28,
        "headache_days": 18, "migraine_days": 9, "moderate_severe_days": 11,
        "acute_medication_days": {"triptan": 6, "simple_analgesic": 4},
        "any_acute_medication_days": 10,
    }
    assert [p["start"] for p in result["periods"]] == ["2026-01-01", "2026-01-29", "2026-02-26"]
    assert result["chronic_migraine"] is True
    assert result["medication_overuse"] == {"met": True, "subtypes": ["8.2.6"]}
    assert result["treatments"] == [
        {
            "date": "2026-03-26", "cycle": 1, "baseline_headache_days": 18,
            "window": {"start": "2026-05-21", "end": "2026-06-17"},
            "window_recorded_days": 28, "window_headache_days": 10,
            "reduction_percent": 44.4,
        }
    ]
    json.dumps(result)


def test_default_as_of_without_treatments_is_the_last_diary_date() -> None:
    result = assess_csv(chronic_course())
    assert result["window"]["end"] == (START + timedelta(84 + 139)).isoformat()
    assert result["treatments"] == []


def test_as_of_moves_the_window() -> None:
    result = assess_csv(chronic_course(), as_of=date(2026, 2, 28))
    assert result["window"] == {"start": "2025-12-07", "end": "2026-02-28"}
    assert result["periods"][0]["recorded_days"] == 3
    assert result["chronic_migraine"] is None
    assert result["medication_overuse"] == {"met": None, "subtypes": []}


def test_as_of_accepts_an_iso_string_and_overrides_the_treatment_default() -> None:
    result = assess_csv(chronic_course(), treatments=["2026-03-26"], as_of="2026-03-20")
    assert result["window"]["end"] == "2026-03-20"


def test_treatments_are_sorted_and_counted_from_one() -> None:
    result = assess_csv(chronic_course(), treatments=[date(2026, 6, 18), date(2026, 3, 26)])
    assert [(t["cycle"], t["date"]) for t in result["treatments"]] == [
        (1, "2026-03-26"), (2, "2026-06-18")
    ]
    assert result["window"]["end"] == "2026-03-25"


def test_a_cycle_window_past_the_diary_end_has_null_counts() -> None:
    result = assess_csv(chronic_course(), treatments=[date(2026, 3, 26), date(2026, 9, 10)])
    late = result["treatments"][1]
    assert late["window"] == {"start": "2026-11-05", "end": "2026-12-02"}
    assert late["window_recorded_days"] == 0
    assert late["window_headache_days"] is None
    assert late["reduction_percent"] is None
    assert late["baseline_headache_days"] == 18


def test_a_baseline_of_zero_headache_days_gives_no_reduction() -> None:
    text = diary_text(period_days(START, headache=0), after(START + timedelta(28)))
    (treatment,) = assess_csv(text, treatments=[START + timedelta(28)])["treatments"]
    assert treatment["baseline_headache_days"] == 0
    assert treatment["window_headache_days"] == 0
    assert treatment["reduction_percent"] is None


def test_a_baseline_with_nineteen_recorded_days_is_null() -> None:
    text = diary_text(period_days(START, recorded=19, headache=19),
                      after(START + timedelta(28), headache=5))
    (treatment,) = assess_csv(text, treatments=[START + timedelta(28)])["treatments"]
    assert treatment["baseline_headache_days"] is None
    assert treatment["window_headache_days"] == 5
    assert treatment["reduction_percent"] is None


def test_reduction_is_rounded_to_one_decimal_and_may_be_negative() -> None:
    text = diary_text(period_days(START, headache=12),
                      after(START + timedelta(28), headache=16))
    (treatment,) = assess_csv(text, treatments=[START + timedelta(28)])["treatments"]
    assert treatment["reduction_percent"] == -33.3


def test_acute_medication_days_list_only_classes_used() -> None:
    text = diary_text(period_days(START, days=84, headache=3, meds={"gepant": 2}))
    period = assess_csv(text)["periods"][2]
    assert period["acute_medication_days"] == {}
    assert period["any_acute_medication_days"] == 0
    assert assess_csv(text)["periods"][0]["acute_medication_days"] == {"gepant": 2}


def test_bad_treatment_dates_raise_input_errors() -> None:
    with pytest.raises(InputError) as caught:
        assess_csv(chronic_course(), treatments=["2026-03-26", "2026-03-26", "soon"])
    assert caught.value.messages == [
        "treatment date 2026-03-26 is given more than once",
        "treatment date must be a date YYYY-MM-DD, got 'soon'",
    ]


def test_reduction_rounds_half_away_from_zero() -> None:
    from bontrack.clinical.assessment import reduction_percent

    assert reduction_percent(16, 15) == 6.3
    assert reduction_percent(16, 17) == -6.3
    assert reduction_percent(16, 11) == 31.3


def test_an_as_of_date_before_the_diary_starts_is_refused() -> None:
    import pytest as _pytest

    from bontrack.clinical import InputError, assess_csv

    with _pytest.raises(InputError, match="before the diary's first day 2026-01-01"):
        assess_csv("date,headache_hours\n2026-01-01,5\n", as_of="2025-12-31")
