"""Reimbursement eligibility under no-5-14-2019, no-specialist-applicant and nice-ta260."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from bontrack.clinical.assessment import assess
from bontrack.clinical.common import Criterion, InputError, Reason, tri_state
from bontrack.clinical.diary import Diary
from bontrack.clinical.drugs import TriedDrug
from bontrack.clinical.ichd3 import Diagnosis
from bontrack.clinical.rules import ReimbursementRules, reimbursement_rules

Role = Literal["gp", "neurologist", "anaesthesiologist", "hospital_physician"]
ROLES: tuple[Role, ...] = ("gp", "neurologist", "anaesthesiologist", "hospital_physician")
SPECIALIST_ROLES: frozenset[str] = frozenset(
    {"neurologist", "anaesthesiologist", "hospital_physician"}
)

# Every code a criterion's detail (or a part of it) can carry; stable, so a user interface can
# word it. The English detail stays what `eligibility --json` prints.
EligibilityCode = Literal[
    "chronic_migraine_not_judged",
    "chronic_migraine_shown",
    "chronic_migraine_not_shown",
    "tried_without_success",
    "not_yet_tried_without_success",
    "none_tried",
    "tried_failed",
    "tried_intolerant",
    "tried_contraindicated",
    "tried_ongoing",
    "tried_effective",
    "applicant_not_required",
    "applicant_not_required_given",
    "applicant_unknown",
    "applicant_is_neurologist",
    "applicant_is_anaesthesiologist",
    "applicant_is_hospital_physician",
    "applicant_gp",
    "preventives_tried",
    "overuse_not_judged",
    "overuse_present",
    "overuse_absent",
]
_TRIED: dict[str, EligibilityCode] = {
    "failed": "tried_failed",
    "intolerant": "tried_intolerant",
    "contraindicated": "tried_contraindicated",
    "ongoing": "tried_ongoing",
    "effective": "tried_effective",
}
_SPECIALIST: dict[str, EligibilityCode] = {
    "neurologist": "applicant_is_neurologist",
    "anaesthesiologist": "applicant_is_anaesthesiologist",
    "hospital_physician": "applicant_is_hospital_physician",
}


@dataclass(frozen=True, slots=True)
class EligibilityFacts:
    """What eligibility is judged from; the diagnoses come from a diary assessment."""

    chronic_migraine: Diagnosis
    medication_overuse: Diagnosis
    tried: tuple[TriedDrug, ...] = ()
    applicant: Role | None = None


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The answer under one rule set: eligible True/False/None and every criterion."""

    rules: str
    eligible: bool | None
    criteria: tuple[Criterion, ...]

    def to_dict(self) -> dict[str, Any]:
        """The exact `eligibility --json` object of DESIGN.md."""
        return {
            "rules": self.rules,
            "eligible": self.eligible,
            "criteria": [c.to_dict() for c in self.criteria],
        }


def check_role(value: str | None) -> Role | None:
    """The applicant role, or InputError naming the roles allowed."""
    if value is None:
        return None
    for role in ROLES:
        if value.strip().lower() == role:
            return role
    raise InputError([f"unknown applicant role {value!r}; use one of {', '.join(ROLES)}"])


def tried_reason(tried: TriedDrug) -> Reason:
    """A tried drug as `describe` says it (`metoprolol (C07AB02) failed`), with its values."""
    return Reason(
        _TRIED[tried.outcome],
        tried.describe(),
        (("drug", tried.drug.generic), ("atc", tried.drug.atc)),
    )


def _chronic_migraine(facts: EligibilityFacts) -> Criterion:
    dx = facts.chronic_migraine
    code: EligibilityCode
    if dx.met is None:
        code, lead = "chronic_migraine_not_judged", "not judged from the diary"
    elif dx.met:
        code, lead = "chronic_migraine_shown", "chronic migraine (ICHD-3 1.3) shown in the diary"
    else:
        code, lead = "chronic_migraine_not_shown", "chronic migraine (ICHD-3 1.3) not shown"
    return Criterion(
        "chronic_migraine",
        dx.met,
        f"{lead}: {dx.explanation}",
        code,
        (("explanation", dx.reason),),
    )


def _successful_tries(facts: EligibilityFacts, group: str | None) -> list[TriedDrug]:
    return [
        t for t in facts.tried if t.counts_as_tried and (group is None or t.drug.group == group)
    ]


def _group_criterion(facts: EligibilityFacts, group: str, label: str) -> Criterion:
    hits = [tried_reason(t) for t in _successful_tries(facts, group)]
    if hits:
        return Criterion(
            group,
            True,
            "tried without success: " + ", ".join(r.detail for r in hits),
            "tried_without_success",
            (("drugs", tuple(hits)),),
        )
    others = [tried_reason(t) for t in facts.tried if t.drug.group == group]
    if others:
        return Criterion(
            group,
            False,
            "not yet tried without success: " + ", ".join(r.detail for r in others),
            "not_yet_tried_without_success",
            (("drugs", tuple(others)),),
        )
    return Criterion(
        group, False, f"no {label} recorded as tried", "none_tried", (("group", group),)
    )


def _applicant(facts: EligibilityFacts, rules: ReimbursementRules) -> Criterion:
    role = facts.applicant
    if not rules.specialist_applicant_required:
        given = f" (applicant: {role})" if role else ""
        return Criterion(
            "applicant",
            True,
            f"{rules.name} sets no applicant requirement; any physician may apply{given}",
            "applicant_not_required_given" if role else "applicant_not_required",
            (("rules", rules.name), *((("role", role),) if role else ())),
        )
    if role is None:
        return Criterion(
            "applicant",
            None,
            "applicant role not given; a neurologist, anaesthesiologist or hospital "
            "physician must apply",
            "applicant_unknown",
        )
    if role in SPECIALIST_ROLES:
        name = role.replace("_", " ")
        article = "an" if name[0] in "aeiou" else "a"
        return Criterion(
            "applicant",
            True,
            f"the applicant is {article} {name}",
            _SPECIALIST[role],
        )
    return Criterion(
        "applicant",
        False,
        "a general practitioner cannot apply; a neurologist, anaesthesiologist or hospital "
        "physician must",
        "applicant_gp",
    )


def _three_preventives(facts: EligibilityFacts, rules: ReimbursementRules) -> Criterion:
    # Distinct drugs count, so propranolol and metoprolol are two preventives.
    drugs = sorted({t.drug.generic for t in _successful_tries(facts, None)})
    need = rules.min_preventives
    ok = len(drugs) >= need
    listed = ", ".join(drugs) if drugs else "none"
    return Criterion(
        "three_preventives",
        ok,
        f"{len(drugs)} preventive(s) tried without success ({listed}); {need} needed",
        "preventives_tried",
        (("count", len(drugs)), ("generics", tuple(drugs)), ("need", need)),
    )


def _overuse_managed(facts: EligibilityFacts) -> Criterion:
    moh = facts.medication_overuse
    if moh.met is None:
        return Criterion(
            "medication_overuse_managed",
            None,
            "medication overuse not judged: a period has too few recorded days",
            "overuse_not_judged",
        )
    if moh.met:
        return Criterion(
            "medication_overuse_managed",
            False,
            f"medication-overuse headache present in the window ({', '.join(moh.subtypes)}); "
            "manage the overuse first",
            "overuse_present",
            (("subtypes", moh.subtypes),),
        )
    return Criterion(
        "medication_overuse_managed",
        True,
        "no medication-overuse headache in the assessment window",
        "overuse_absent",
    )


def evaluate(facts: EligibilityFacts, rules: ReimbursementRules) -> Eligibility:
    """Judge every criterion of a rule set; eligible is None when any is unknown and none fails."""
    builders = {
        "chronic_migraine": lambda: _chronic_migraine(facts),
        "beta_blocker": lambda: _group_criterion(facts, "beta_blocker", "beta blocker"),
        "topiramate": lambda: _group_criterion(facts, "topiramate", "topiramate"),
        "applicant": lambda: _applicant(facts, rules),
        "three_preventives": lambda: _three_preventives(facts, rules),
        "medication_overuse_managed": lambda: _overuse_managed(facts),
    }
    criteria = tuple(builders[name]() for name in rules.criteria)
    return Eligibility(rules.name, tri_state([c.met for c in criteria]), criteria)


def eligibility_from_diary(
    diary: Diary,
    rules: str | ReimbursementRules,
    *,
    as_of: date | None = None,
    tried: Iterable[TriedDrug] = (),
    applicant: Role | None = None,
) -> Eligibility:
    """Eligibility with the diagnoses taken from the diary's assessment window."""
    rule_set = reimbursement_rules(rules) if isinstance(rules, str) else rules
    if as_of is None and diary.last is None:
        raise InputError(["the diary has no days, so an as-of date is needed"])
    found = assess(diary, (), as_of)
    facts = EligibilityFacts(
        chronic_migraine=found.chronic_migraine,
        medication_overuse=found.medication_overuse,
        tried=tuple(tried),
        applicant=applicant,
    )
    return evaluate(facts, rule_set)


def eligible_under_all(facts: EligibilityFacts, names: Sequence[str]) -> list[Eligibility]:
    """The same facts judged under several rule sets, for a side-by-side view."""
    return [evaluate(facts, reimbursement_rules(name)) for name in names]
