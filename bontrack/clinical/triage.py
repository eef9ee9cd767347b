"""A suggested priority for a referral: right to specialist care and a deadline (CLINICAL.md §8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Complaint = Literal["headache", "complex_pain", "other"]
DeadlineStatus = Literal["ok", "at_risk", "missed", "met"]


@dataclass(frozen=True, slots=True)
class TriageRules:
    """Deadlines from the priority guideline and the pain pathway, as data."""

    name: str
    headache_deadline_days: int = 84
    complex_pain_deadline_days: int = 84


NEUROLOGY_2026 = TriageRules(name="no-prioritering-nevrologi-2026")


@dataclass(frozen=True, slots=True)
class ReferralFacts:
    """What the referral says; None means the referral does not tell."""

    received: date
    complaint: Complaint
    neurological_symptoms: bool | None = None
    failed_treatment: bool | None = None


@dataclass(frozen=True, slots=True)
class TriageSuggestion:
    """A suggested right and deadline; a clinician always confirms or overrides it."""

    rules: str
    right: bool | None
    deadline: date | None
    reasons: tuple[str, ...]
    is_suggestion: bool = True


def suggest_priority(facts: ReferralFacts, rules: TriageRules = NEUROLOGY_2026) -> TriageSuggestion:
    """Right yes/no and the latest start date, from the referral's facts."""
    if facts.complaint == "complex_pain":
        return TriageSuggestion(
            rules.name,
            True,
            facts.received + timedelta(days=rules.complex_pain_deadline_days),
            (
                "long-lasting complex pain: the national patient pathway starts assessment "
                f"within {rules.complex_pain_deadline_days // 7} weeks of receipt",
            ),
        )
    if facts.complaint != "headache":
        return TriageSuggestion(
            rules.name,
            None,
            None,
            ("not a headache or complex-pain referral: assess by the relevant guideline",),
        )
    found = []
    if facts.neurological_symptoms:
        found.append("headache with neurological additional symptoms")
    if facts.failed_treatment:
        found.append("headache without effect of treatment")
    if found:
        weeks = rules.headache_deadline_days // 7
        return TriageSuggestion(
            rules.name,
            True,
            facts.received + timedelta(days=rules.headache_deadline_days),
            tuple(
                f"{reason}: right to specialist care, start within {weeks} weeks"
                for reason in found
            ),
        )
    if facts.neurological_symptoms is None or facts.failed_treatment is None:
        return TriageSuggestion(
            rules.name,
            None,
            None,
            (
                "the referral does not say whether there are neurological symptoms or failed "
                "treatment; ask the referrer",
            ),
        )
    return TriageSuggestion(
        rules.name,
        False,
        None,
        (
            "uncomplicated migraine or tension-type headache without additional symptoms: "
            "no right; handled in primary care",
        ),
    )


def deadline_status(
    deadline: date, today: date, *, started: date | None = None, warn_days: int = 21
) -> DeadlineStatus:
    """Where a deadline stands, so referrals at risk surface before the deadline is missed."""
    if started is not None:
        return "met" if started <= deadline else "missed"
    if today > deadline:
        return "missed"
    return "at_risk" if (deadline - today).days <= warn_days else "ok"
