"""The reimbursement criteria in plain words, built from the rule-set objects the eligibility
check itself uses (bontrack.clinical.rules.REIMBURSEMENT_RULES), so the page and the decision
never disagree: a criterion added to a rule set without words here fails a test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontrack.clinical.eligibility import ROLES, SPECIALIST_ROLES
from bontrack.clinical.rules import (
    ICHD_3,
    IHS_DIARY_2026,
    REIMBURSEMENT_RULES,
    ReimbursementRules,
)
from bontrack.directory.education import drugs_in_group, joined

# Norway's rule set comes first; the others are shown by how they differ or for comparison.
MAIN_RULE_SET = "no-5-14-2019"

RULE_SET_TITLES: dict[str, Promise] = {
    "no-5-14-2019": _("The criteria in Norway"),
    "no-specialist-applicant": _("Many clinics also ask for a specialist"),
    "nice-ta260": _("For comparison: the rule in England (NICE)"),
}

ROLE_WORDS: dict[str, Promise] = {
    "neurologist": _("a neurologist"),
    "anaesthesiologist": _("an anaesthesiologist"),
    "hospital_physician": _("a doctor at a public hospital"),
}


@dataclass(frozen=True)
class CriterionText:
    """One criterion of a rule set as a heading and a sentence; `id` is the core's id."""

    id: str
    heading: str
    text: str


def _chronic_migraine(rules: ReimbursementRules) -> CriterionText:
    return CriterionText(
        "chronic_migraine",
        gettext("You have chronic migraine"),
        gettext(
            "A headache on %(days)s days a month or more, at least %(migraine_days)s of them "
            "with migraine features, for more than %(months)s months. Your doctor will want to "
            "see a headache diary."
        )
        % {
            "days": ICHD_3.chronic_headache_days,
            "migraine_days": ICHD_3.chronic_migraine_days,
            "months": IHS_DIARY_2026.window_periods,
        },
    )


def _tried(group: str, heading: Promise) -> Callable[[ReimbursementRules], CriterionText]:
    def build(rules: ReimbursementRules) -> CriterionText:
        drugs = joined(drugs_in_group(group), gettext("or"))
        return CriterionText(
            group,
            str(heading),
            gettext(
                "You have tried %(drugs)s without enough effect, or you could not take it "
                "because of side effects or another illness."
            )
            % {"drugs": drugs},
        )

    return build


def _applicant(rules: ReimbursementRules) -> CriterionText:
    if not rules.specialist_applicant_required:
        return CriterionText(
            "applicant",
            gettext("A doctor applies for you"),
            gettext(
                "Your doctor sends an application for you. This rule does not say which kind "
                "of doctor must apply."
            ),
        )
    roles = joined([ROLE_WORDS[r] for r in ROLES if r in SPECIALIST_ROLES], gettext("or"))
    return CriterionText(
        "applicant",
        gettext("A specialist applies for you"),
        gettext("The application must come from %(roles)s. Your GP cannot apply.")
        % {"roles": roles},
    )


def _three_preventives(rules: ReimbursementRules) -> CriterionText:
    return CriterionText(
        "three_preventives",
        gettext("You have tried at least %(count)s preventive medicines")
        % {"count": rules.min_preventives},
        gettext(
            "Each of them without enough effect, or you could not take it because of side "
            "effects or another illness."
        ),
    )


def _overuse_managed(rules: ReimbursementRules) -> CriterionText:
    return CriterionText(
        "medication_overuse_managed",
        gettext("Overuse of headache medicine has been dealt with"),
        gettext(
            "If you take medicine for headache attacks very often, that is treated first, "
            "because it can keep the headaches going."
        ),
    )


BUILDERS: dict[str, Callable[[ReimbursementRules], CriterionText]] = {
    "chronic_migraine": _chronic_migraine,
    "beta_blocker": _tried("beta_blocker", _("You have tried a beta blocker")),
    "topiramate": _tried("topiramate", _("You have tried topiramate")),
    "applicant": _applicant,
    "three_preventives": _three_preventives,
    "medication_overuse_managed": _overuse_managed,
}


def criteria_text(rules: ReimbursementRules) -> list[CriterionText]:
    """Every criterion of the rule set, in its order; KeyError for one without words."""
    return [BUILDERS[name](rules) for name in rules.criteria]


@dataclass(frozen=True)
class RuleSetText:
    name: str
    title: str
    criteria: list[CriterionText]
    # Only the criteria that read differently from the main rule set (empty for the main one).
    differences: list[CriterionText]
    compare: bool

    @property
    def main(self) -> bool:
        return self.name == MAIN_RULE_SET


def rule_sets() -> list[RuleSetText]:
    """The main rule set in full, the other Norwegian one by its differences, others in full."""
    main = {c.id: c for c in criteria_text(REIMBURSEMENT_RULES[MAIN_RULE_SET])}
    found = []
    names = [MAIN_RULE_SET, *(n for n in REIMBURSEMENT_RULES if n != MAIN_RULE_SET)]
    for name in names:
        rules = REIMBURSEMENT_RULES[name]
        texts = criteria_text(rules)
        compare = name != MAIN_RULE_SET and name.startswith("no-")
        differences = [c for c in texts if main.get(c.id) != c] if compare else []
        title = RULE_SET_TITLES.get(name, name)
        found.append(RuleSetText(name, str(title), texts, differences, compare))
    return found
