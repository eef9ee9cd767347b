"""Reimbursement rule sets: criteria, their evidence, and the null rule."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bontrack.clinical import Diary, InputError
from bontrack.clinical.drugs import OUTCOMES, PREVENTIVES, TriedDrug, find_drug, tried
from bontrack.clinical.eligibility import (
    ROLES,
    EligibilityFacts,
    Role,
    eligibility_from_diary,
    evaluate,
)
from bontrack.clinical.ichd3 import Diagnosis
from bontrack.clinical.rules import REIMBURSEMENT_RULES, reimbursement_rules
from bontrack.clinical.synthetic import period_days

START = date(2026, 1, 1)


def dx(met: bool | None, subtypes: tuple[str, ...] = ()) -> Diagnosis:
    return Diagnosis("x", "test", met, subtypes, (), "from the test")


def facts(
    cm: bool | None = True,
    moh: bool | None = False,
    drugs: tuple[TriedDrug, ...] = (),
    applicant: Role | None = None,
) -> EligibilityFacts:
    return EligibilityFacts(dx(cm), dx(moh, ("8.2.2",) if moh else ()), drugs, applicant)


def criteria(result: object) -> dict[str, bool | None]:
    return {c.id: c.met for c in result.criteria}  # type: ignore[attr-defined]


def test_no_5_14_needs_a_beta_blocker_and_topiramate_tried() -> None:
    rules = reimbursement_rules("no-5-14-2019")
    result = evaluate(facts(drugs=(tried("metoprolol", "failed"),)), rules)
    assert result.eligible is False
    assert criteria(result) == {
        "chronic_migraine": True, "beta_blocker": True, "topiramate": False, "applicant": True
    }
    assert result.criteria[2].detail == "no topiramate recorded as tried"
    both = evaluate(facts(drugs=(tried("C07AA05", "intolerant"),
                                 tried("N03AX11", "contraindicated"))), rules)
    assert both.eligible is True
    assert "any physician may apply" in both.criteria[3].detail


@pytest.mark.parametrize("outcome", ["ongoing", "effective"])
def test_an_ongoing_or_effective_drug_does_not_count_as_tried(outcome: str) -> None:
    result = evaluate(facts(drugs=(tried("propranolol", outcome),)),
                      reimbursement_rules("no-5-14-2019"))
    beta = result.criteria[1]
    assert beta.met is False
    assert beta.detail == f"not yet tried without success: propranolol (C07AA05) {outcome}"


def test_no_beta_blocker_reads_as_a_clinician_would_say_it() -> None:
    result = evaluate(facts(), reimbursement_rules("no-5-14-2019"))
    assert result.criteria[1].detail == "no beta blocker recorded as tried"


@pytest.mark.parametrize(
    ("role", "met"),
    [("neurologist", True), ("anaesthesiologist", True), ("hospital_physician", True),
     ("gp", False), (None, None)],
)
def test_the_specialist_rule_set_checks_the_applicant(role: Role | None, met: bool | None) -> None:
    drugs = (tried("atenolol", "failed"), tried("topiramate", "failed"))
    result = evaluate(facts(drugs=drugs, applicant=role),
                      reimbursement_rules("no-specialist-applicant"))
    assert result.criteria[3].met is met
    assert result.eligible is met


def test_eligible_is_null_when_a_criterion_is_unknown_and_none_fails() -> None:
    drugs = (tried("atenolol", "failed"), tried("topiramate", "failed"))
    result = evaluate(facts(cm=None, drugs=drugs), reimbursement_rules("no-5-14-2019"))
    assert result.eligible is None
    failing = evaluate(facts(cm=None), reimbursement_rules("no-5-14-2019"))
    assert failing.eligible is False


def test_nice_counts_three_distinct_preventives_and_managed_overuse() -> None:
    rules = reimbursement_rules("nice-ta260")
    three = (tried("propranolol", "failed"), tried("metoprolol", "failed"),
             tried("amitriptyline", "intolerant"))
    assert evaluate(facts(drugs=three), rules).eligible is True
    assert evaluate(facts(drugs=three[:2]), rules).eligible is False
    overuse = evaluate(facts(moh=True, drugs=three), rules)
    assert overuse.eligible is False
    assert "(8.2.2)" in overuse.criteria[2].detail
    unknown = evaluate(facts(moh=None, drugs=three), rules)
    assert (unknown.criteria[2].met, unknown.eligible) == (None, None)
    assert evaluate(facts(drugs=three), rules).criteria[2].detail == (
        "no medication-overuse headache in the assessment window"
    )


def test_drugs_are_found_by_generic_name_or_atc_code_in_any_case() -> None:
    assert find_drug("Propranolol") == find_drug("c07aa05")
    with pytest.raises(InputError, match="unknown drug 'aspirin'"):
        find_drug("aspirin")
    with pytest.raises(InputError, match="unknown outcome 'better'"):
        tried("topiramate", "better")


def test_the_chronic_migraine_criterion_comes_from_the_diary_window() -> None:
    days = []
    for k in range(3):
        days += period_days(START + timedelta(28 * k), headache=15, migraine=8)
    result = eligibility_from_diary(Diary(days), "no-5-14-2019")
    assert result.criteria[0].met is True
    assert "headache days 15, 15, 15" in result.criteria[0].detail
    earlier = eligibility_from_diary(Diary(days), "no-5-14-2019", as_of=START + timedelta(60))
    assert earlier.criteria[0].met is None


tried_drugs = st.builds(TriedDrug, st.sampled_from(PREVENTIVES), st.sampled_from(OUTCOMES))


@given(
    rules=st.sampled_from(sorted(REIMBURSEMENT_RULES)),
    cm=st.sampled_from([True, False, None]),
    moh=st.sampled_from([True, False, None]),
    applicant=st.sampled_from([None, *ROLES]),
    before=st.lists(tried_drugs, max_size=6),
    extra=tried_drugs,
)
def test_adding_a_tried_drug_never_makes_an_eligible_patient_ineligible(
    rules: str, cm: bool | None, moh: bool | None, applicant: Role | None,
    before: list[TriedDrug], extra: TriedDrug,
) -> None:
    rule_set = reimbursement_rules(rules)
    first = evaluate(facts(cm, moh, tuple(before), applicant), rule_set)
    then = evaluate(facts(cm, moh, (*before, extra), applicant), rule_set)
    rank = {False: 0, None: 1, True: 2}
    assert rank[then.eligible] >= rank[first.eligible]
