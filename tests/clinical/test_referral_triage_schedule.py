"""Referral completeness, the triage suggestion and the treatment schedule."""

from datetime import date

import pytest

from bontrack.clinical.referral import CHECKLIST, SECTIONS, bmi, completeness
from bontrack.clinical.schedule import evaluations_due, next_treatment
from bontrack.clinical.triage import ReferralFacts, deadline_status, suggest_priority

RECEIVED = date(2026, 3, 2)


def test_every_checklist_item_belongs_to_a_known_section() -> None:
    sections = {s for s, _ in SECTIONS}
    assert {item.section for item in CHECKLIST} == sections
    assert len({item.id for item in CHECKLIST}) == len(CHECKLIST)


def test_an_empty_referral_misses_everything_by_section() -> None:
    result = completeness({})
    assert (result.score, result.present, result.applicable) == (0, 0, 20)
    assert result.missing_by_section["request"] == ["reason", "clinic"]
    assert "language" not in result.missing_by_section
    assert result.missing_essential == ("reason", "clinic", "diagnoses", "symptoms", "medication")
    assert not result.ready_to_send


def test_the_score_counts_given_items_and_blank_text_is_missing() -> None:
    answers = {"reason": "Botox assessment", "clinic": "Pain clinic", "diagnoses": "G43",
               "symptoms": "daily headache", "medication": ["topiramate 50 mg"],
               "bmi": 24.1, "strains": "  "}
    result = completeness(answers)
    assert (result.present, result.score) == (6, 30)
    assert result.ready_to_send
    assert "strains" in result.missing_by_section["social"]


def test_the_language_section_counts_for_patients_speaking_another_language() -> None:
    result = completeness({"language": "Arabic", "interpreter": True}, other_language=True)
    assert result.applicable == 24
    assert result.missing_by_section["language"] == ["nationality", "gender"]


def test_unknown_items_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown referral item"):
        completeness({"shoe_size": 42})


def test_bmi_from_weight_and_height() -> None:
    assert bmi(70, 175) == 22.9


@pytest.mark.parametrize(
    ("facts", "right", "deadline"),
    [
        (ReferralFacts(RECEIVED, "headache", neurological_symptoms=True, failed_treatment=False),
         True, date(2026, 5, 25)),
        (ReferralFacts(RECEIVED, "headache", neurological_symptoms=False, failed_treatment=True),
         True, date(2026, 5, 25)),
        (ReferralFacts(RECEIVED, "complex_pain"), True, date(2026, 5, 25)),
        (ReferralFacts(RECEIVED, "headache", neurological_symptoms=False,
                       failed_treatment=False), False, None),
        (ReferralFacts(RECEIVED, "headache", neurological_symptoms=False), None, None),
    ],
)
def test_triage_suggests_a_right_and_a_deadline(
    facts: ReferralFacts, right: bool | None, deadline: date | None
) -> None:
    suggestion = suggest_priority(facts)
    assert (suggestion.right, suggestion.deadline) == (right, deadline)
    assert suggestion.is_suggestion
    assert suggestion.reasons


def test_a_deadline_close_at_hand_is_at_risk_before_it_is_missed() -> None:
    deadline = date(2026, 5, 25)
    assert deadline_status(deadline, date(2026, 4, 1)) == "ok"
    assert deadline_status(deadline, date(2026, 5, 10)) == "at_risk"
    assert deadline_status(deadline, date(2026, 5, 26)) == "missed"
    assert deadline_status(deadline, date(2026, 6, 1), started=date(2026, 5, 20)) == "met"


def test_the_next_treatment_is_twelve_weeks_after_the_last() -> None:
    nxt = next_treatment(date(2026, 3, 26))
    assert nxt.earliest == date(2026, 6, 18)
    assert nxt.due == date(2026, 7, 2)
    assert nxt.reminders == (date(2026, 6, 4), date(2026, 6, 16))


def test_evaluation_is_due_after_cycles_two_and_three() -> None:
    treatments = [date(2026, 3, 26), date(2026, 6, 18), date(2026, 9, 10)]
    due = evaluations_due(treatments)
    assert [(e.cycle, e.due) for e in due] == [(2, date(2026, 9, 10)), (3, date(2026, 12, 3))]
    assert evaluations_due(treatments[:1]) == []
