"""The "is this for me?" self-check: a visitor's rough monthly counts judged by the clinical
core's own rules, never a diagnosis, never stored.

The answers become three identical 28-day periods (or one, when the headaches have not lasted
long enough), so bontrack.clinical.ichd3 and .eligibility decide exactly as they would from a
diary that showed those counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bontrack.clinical.common import Criterion
from bontrack.clinical.drugs import PREVENTIVES, Drug, TriedDrug
from bontrack.clinical.eligibility import EligibilityFacts, evaluate
from bontrack.clinical.ichd3 import chronic_migraine, medication_overuse, period_overuse
from bontrack.clinical.metrics import PeriodCounts
from bontrack.clinical.rules import IHS_DIARY_2026, REIMBURSEMENT_RULES

# The rule set whose preventive criteria the self-check mentions: Norway's.
RULE_SET = "no-5-14-2019"

# Preventive groups in the order of CLINICAL.md §4, each with its drugs.
PREVENTIVE_GROUPS: tuple[str, ...] = tuple(dict.fromkeys(d.group for d in PREVENTIVES))


@dataclass(frozen=True)
class Answers:
    """What the visitor said, per month."""

    headache_days: int
    migraine_days: int
    long_enough: bool  # more than the months ICHD-3 asks for
    preventives: frozenset[str]  # groups tried without enough effect, or not tolerated
    acute_days: int
    strong_days: int  # of the acute days, days with a triptan or a stronger medicine


@dataclass(frozen=True)
class SelfCheck:
    """The core's verdicts on the answers; the page words them, and never as a diagnosis."""

    pattern: bool
    headache_days_ok: bool
    migraine_days_ok: bool
    long_enough: bool
    overuse: bool
    preventive_criteria: tuple[Criterion, ...]


def _periods(answers: Answers) -> list[PeriodCounts]:
    # A simple painkiller is assumed on acute days without a stronger medicine. Triptans,
    # ergots, opioids and combination painkillers share one threshold in ICHD-3 8.2, and
    # the mix rule covers days spread over them, so "triptan" stands for the group.
    simple = answers.acute_days - answers.strong_days
    pairs = (("simple_analgesic", simple), ("triptan", answers.strong_days))
    meds = {name: n for name, n in pairs if n}
    rules = IHS_DIARY_2026
    count = rules.window_periods if answers.long_enough else 1
    start = dt.date(2000, 1, 1)
    periods = []
    for k in range(count):
        first = start + dt.timedelta(days=rules.period_days * k)
        periods.append(
            PeriodCounts(
                start=first,
                end=first + dt.timedelta(days=rules.period_days - 1),
                recorded_days=rules.period_days,
                headache_days=answers.headache_days,
                migraine_days=answers.migraine_days,
                moderate_severe_days=0,
                tension_type_days=0,
                acute_medication_days=meds,
                any_acute_medication_days=answers.acute_days,
                overuse_class_days=answers.acute_days,
            )
        )
    return periods


def _tried(groups: Iterable[str]) -> tuple[TriedDrug, ...]:
    # Any drug of the group stands for it; only the group matters to the rule set.
    first: dict[str, Drug] = {}
    for drug in PREVENTIVES:
        first.setdefault(drug.group, drug)
    return tuple(TriedDrug(first[g], "failed") for g in groups if g in first)


def check(answers: Answers) -> SelfCheck:
    """Judge the answers with ICHD-3 1.3 and 8.2 and the Norwegian rule set's drug criteria."""
    periods = _periods(answers)
    cm = chronic_migraine(periods)
    moh = medication_overuse(periods)
    eligibility = evaluate(
        EligibilityFacts(cm, moh, _tried(sorted(answers.preventives))),
        REIMBURSEMENT_RULES[RULE_SET],
    )
    drug_criteria = tuple(c for c in eligibility.criteria if c.id in PREVENTIVE_GROUPS)
    # Every period holds the same counts, so the first period's criteria speak for all.
    first = {c.id: c.met for c in cm.criteria}
    return SelfCheck(
        pattern=cm.met is True,
        headache_days_ok=first.get("period_1_headache_days") is True,
        migraine_days_ok=first.get("period_1_migraine_days") is True,
        long_enough=answers.long_enough,
        overuse=bool(period_overuse(periods[0])),
        preventive_criteria=drug_criteria,
    )
