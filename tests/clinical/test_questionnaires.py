"""MIDAS scoring and grades, HIT-6 bands, PGIC answers and when the next MIDAS is due."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bontrack.clinical.common import InputError
from bontrack.clinical.questionnaires import (
    HIT6_BANDS,
    MIDAS_GRADES,
    MIDAS_ITEMS,
    check_pgic,
    hit6_band,
    midas_grade,
    midas_is_due,
    next_midas_due,
    score_midas,
)


def answers(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {item: 0 for item in MIDAS_ITEMS}
    base.update(overrides)
    return base


def problems(call: object, *args: object) -> list[str]:
    with pytest.raises(InputError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value.messages


def test_the_midas_score_is_the_sum_of_the_five_items() -> None:
    result = score_midas(
        answers(
            missed_work=2, reduced_work=3, missed_household=4, reduced_household=1,
            missed_leisure=5, headache_days=30, pain=7,
        )
    )
    assert result.score == 15
    assert result.grade.id == "III"
    assert result.headache_days == 30
    assert result.pain == 7


def test_items_a_and_b_are_recorded_but_not_scored() -> None:
    with_them = score_midas(answers(missed_work=4, headache_days=90, pain=10))
    without = score_midas(answers(missed_work=4))
    assert with_them.score == without.score == 4
    assert without.headache_days is None and without.pain is None
    assert with_them.answers() == {
        "missed_work": 4, "reduced_work": 0, "missed_household": 0, "reduced_household": 0,
        "missed_leisure": 0, "headache_days": 90, "pain": 10,
    }


@pytest.mark.parametrize(
    ("score", "grade"),
    [(0, "I"), (5, "I"), (6, "II"), (10, "II"), (11, "III"), (20, "III"), (21, "IV"), (450, "IV")],
)
def test_grades_have_the_published_bounds(score: int, grade: str) -> None:
    assert midas_grade(score).id == grade


def test_each_grade_says_what_it_means() -> None:
    assert [g.meaning for g in MIDAS_GRADES] == [
        "little or no disability", "mild disability", "moderate disability", "severe disability",
    ]


@given(st.integers(min_value=0, max_value=450))
def test_every_possible_score_has_exactly_one_grade(score: int) -> None:
    assert sum(grade.contains(score) for grade in MIDAS_GRADES) == 1


def test_whole_numbers_written_as_text_are_accepted() -> None:
    assert score_midas(answers(missed_work=" 12 ", pain="3")).score == 12


def test_an_item_of_91_days_is_refused_naming_the_item() -> None:
    assert problems(score_midas, answers(missed_leisure=91)) == [
        "missed_leisure must be 0–90, got 91"
    ]


def test_letters_fractions_and_negative_days_are_refused() -> None:
    found = problems(
        score_midas, answers(missed_work="abc", reduced_work=2.5, missed_household=-1)
    )
    assert found == [
        "missed_work must be a whole number 0–90, got 'abc'",
        "reduced_work must be a whole number 0–90, got 2.5",
        "missed_household must be 0–90, got -1",
    ]


def test_a_missing_item_is_named() -> None:
    given_answers = answers()
    del given_answers["reduced_household"]
    given_answers["missed_leisure"] = ""
    assert problems(score_midas, given_answers) == [
        "reduced_household is required (0–90 days)",
        "missed_leisure is required (0–90 days)",
    ]


def test_pain_above_10_and_headache_days_above_90_are_refused() -> None:
    assert problems(score_midas, answers(headache_days=91, pain=11)) == [
        "headache_days must be 0–90, got 91",
        "pain must be 0–10, got 11",
    ]


def test_missed_and_half_productive_days_cannot_add_up_to_more_than_90() -> None:
    assert problems(score_midas, answers(missed_work=60, reduced_work=31)) == [
        "missed_work and reduced_work count different days, so together at most 90, got 60 + 31"
    ]


def test_unknown_items_are_refused() -> None:
    assert problems(score_midas, answers(question_6=1)) == ["unknown MIDAS items: question_6"]


def test_a_true_is_not_a_number_of_days() -> None:
    assert problems(score_midas, answers(missed_work=True)) == [
        "missed_work must be a whole number 0–90, got True"
    ]


@pytest.mark.parametrize(
    ("total", "band"),
    [(36, "little"), (49, "little"), (50, "some"), (55, "some"), (56, "substantial"),
     (59, "substantial"), (60, "severe"), (78, "severe")],
)
def test_hit6_totals_fall_in_the_published_bands(total: int, band: str) -> None:
    assert hit6_band(total).band.id == band


def test_hit6_bands_say_what_they_mean() -> None:
    assert [b.meaning for b in HIT6_BANDS] == [
        "little or no impact", "some impact", "substantial impact", "severe impact",
    ]


@pytest.mark.parametrize("total", [35, 80, 0])
def test_a_hit6_total_outside_36_to_78_is_refused(total: int) -> None:
    assert problems(hit6_band, total) == [f"total must be 36–78, got {total}"]


def test_a_hit6_total_no_set_of_answers_can_give_is_refused() -> None:
    assert problems(hit6_band, 37) == [
        "total 37 cannot come from the six answers (each scores 6, 8, 10, 11, 13)"
    ]


def test_a_hit6_total_in_letters_is_refused() -> None:
    assert problems(hit6_band, "sixty") == ["total must be a whole number 36–78, got 'sixty'"]


def test_pgic_answers_run_from_very_much_better_to_very_much_worse() -> None:
    assert check_pgic(1).id == "very_much_better"
    assert check_pgic("4").id == "no_change"
    assert check_pgic(7).id == "very_much_worse"
    assert check_pgic(3).improved and not check_pgic(4).improved


@pytest.mark.parametrize("value", [0, 8, "x", None])
def test_pgic_answers_outside_1_to_7_are_refused(value: object) -> None:
    assert problems(check_pgic, value) == [f"answer must be one of 1–7, got {value!r}"]


def test_the_first_midas_is_due_at_the_start_of_follow_up() -> None:
    assert next_midas_due(None, start=date(2026, 1, 10)) == date(2026, 1, 10)


def test_the_next_midas_is_due_90_days_after_the_last() -> None:
    assert next_midas_due(date(2026, 1, 1), start=date(2025, 6, 1)) == date(2026, 4, 1)
    assert not midas_is_due(date(2026, 1, 1), start=date(2025, 6, 1), today=date(2026, 3, 31))
    assert midas_is_due(date(2026, 1, 1), start=date(2025, 6, 1), today=date(2026, 4, 1))
