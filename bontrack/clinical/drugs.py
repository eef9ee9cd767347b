"""Migraine preventives that reimbursement rules ask about, by generic name and ATC code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bontrack.clinical.common import InputError

Outcome = Literal["failed", "intolerant", "contraindicated", "ongoing", "effective"]
OUTCOMES: tuple[Outcome, ...] = ("failed", "intolerant", "contraindicated", "ongoing", "effective")
# Only these mean "tried without success"; an ongoing or effective drug has not failed yet.
TRIED_OUTCOMES: frozenset[str] = frozenset({"failed", "intolerant", "contraindicated"})


@dataclass(frozen=True, slots=True)
class Drug:
    """A preventive drug: generic name, ATC code and the group rules refer to."""

    generic: str
    atc: str
    group: str


# CLINICAL.md §4.
PREVENTIVES: tuple[Drug, ...] = (
    Drug("propranolol", "C07AA05", "beta_blocker"),
    Drug("metoprolol", "C07AB02", "beta_blocker"),
    Drug("atenolol", "C07AB03", "beta_blocker"),
    Drug("topiramate", "N03AX11", "topiramate"),
    Drug("amitriptyline", "N06AA09", "tricyclic"),
    Drug("candesartan", "C09CA06", "angiotensin_blocker"),
    Drug("valproate", "N03AG01", "valproate"),
    Drug("flunarizine", "N07CA03", "calcium_channel_blocker"),
    Drug("lisinopril", "C09AA03", "ace_inhibitor"),
    Drug("venlafaxine", "N06AX16", "snri"),
    Drug("clonidine", "C02AC01", "alpha_agonist"),
)
_BY_KEY = {key: d for d in PREVENTIVES for key in (d.generic, d.atc.lower())}


@dataclass(frozen=True, slots=True)
class TriedDrug:
    """A preventive the patient has taken, and how it went."""

    drug: Drug
    outcome: Outcome

    @property
    def counts_as_tried(self) -> bool:
        """Whether it counts as tried without success (failed, intolerant, contraindicated)."""
        return self.outcome in TRIED_OUTCOMES

    def describe(self) -> str:
        """E.g. `metoprolol (C07AB02) failed`."""
        return f"{self.drug.generic} ({self.drug.atc}) {self.outcome}"


def find_drug(name: str) -> Drug:
    """The preventive with this generic name or ATC code (any case); InputError if unknown."""
    drug = _BY_KEY.get(name.strip().lower())
    if drug is None:
        known = ", ".join(d.generic for d in PREVENTIVES)
        raise InputError(
            [f"unknown drug {name!r}; give a generic name or ATC code, one of: {known}"]
        )
    return drug


def tried(name: str, outcome: str) -> TriedDrug:
    """A TriedDrug from a drug name or ATC code and an outcome word; InputError if either is bad."""
    drug = find_drug(name)
    word = outcome.strip().lower()
    for known in OUTCOMES:
        if word == known:
            return TriedDrug(drug, known)
    raise InputError(
        [f"unknown outcome {outcome!r} for {drug.generic}; use one of {', '.join(OUTCOMES)}"]
    )
