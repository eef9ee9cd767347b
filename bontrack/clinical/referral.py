"""The recommended referral content (CLINICAL.md §8) as a checklist, and its completeness."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One thing a referral should say; essential items must be there before sending."""

    id: str
    section: str
    label: str
    essential: bool = False


SECTIONS: tuple[tuple[str, str], ...] = (
    ("request", "The request"),
    ("history", "History and earlier care"),
    ("clinical", "Clinical status"),
    ("work", "Education, work and benefits"),
    ("social", "Social situation"),
    ("language", "Language and interpreter"),
)

CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("reason", "request", "Reason: what is asked for", essential=True),
    ChecklistItem("clinic", "request", "Which outpatient clinic", essential=True),
    ChecklistItem(
        "investigations", "history", "Earlier investigations and treatments and their effect"
    ),
    ChecklistItem("diagnoses", "history", "Earlier and ongoing diagnoses", essential=True),
    ChecklistItem(
        "attached_reports",
        "history",
        "Reports from physiotherapist, psychologist or mental health care",
    ),
    ChecklistItem("current_treatment", "history", "Current treatment"),
    ChecklistItem("individual_plan", "history", "Individual plan: entitled? started?"),
    ChecklistItem("history", "history", "Short history, condition and daily function"),
    ChecklistItem("bmi", "clinical", "Weight and height (BMI)"),
    ChecklistItem("symptoms", "clinical", "Symptoms: type, duration, triggers", essential=True),
    ChecklistItem(
        "medication", "clinical", "Medication: which, dose, effect, side effects", essential=True
    ),
    ChecklistItem("substance_use", "clinical", "Use of alcohol, drugs and medicines"),
    ChecklistItem("tests", "clinical", "Relevant blood tests and examinations"),
    ChecklistItem("education_work_history", "work", "Education and work history"),
    ChecklistItem("current_work", "work", "Current work: position and percentage"),
    ChecklistItem(
        "nav_benefits", "work", "NAV benefits (sick pay, AAP, disability) with percentage"
    ),
    ChecklistItem("work_motivation", "work", "Motivation to return to or increase work"),
    ChecklistItem("civil_status", "social", "Civil status, children, partner"),
    ChecklistItem("living_situation", "social", "Living situation"),
    ChecklistItem("strains", "social", "Ongoing strains"),
    ChecklistItem("nationality", "language", "Nationality"),
    ChecklistItem("language", "language", "Language"),
    ChecklistItem("interpreter", "language", "Interpreter needed"),
    ChecklistItem("gender", "language", "Gender"),
)
ITEM_IDS: frozenset[str] = frozenset(item.id for item in CHECKLIST)


@dataclass(frozen=True, slots=True)
class Completeness:
    """How complete a referral is: a 0–100 score and what is missing, section by section."""

    score: int
    present: int
    applicable: int
    missing_by_section: dict[str, list[str]]
    missing_essential: tuple[str, ...]

    @property
    def ready_to_send(self) -> bool:
        """Whether every essential item is there."""
        return not self.missing_essential


def _given(value: object) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | set | frozenset | dict):
        return bool(value)
    return True


def completeness(answers: Mapping[str, object], *, other_language: bool = False) -> Completeness:
    """Score answers by item id; the language section counts only for other-language patients."""
    unknown = sorted(set(answers) - ITEM_IDS)
    if unknown:
        raise ValueError(f"unknown referral item(s): {', '.join(unknown)}")
    items = [i for i in CHECKLIST if other_language or i.section != "language"]
    missing: dict[str, list[str]] = {}
    present = 0
    for item in items:
        if _given(answers.get(item.id)):
            present += 1
        else:
            missing.setdefault(item.section, []).append(item.id)
    score = int((Decimal(100 * present) / len(items)).quantize(Decimal(1), ROUND_HALF_UP))
    essential = tuple(i.id for i in items if i.essential and not _given(answers.get(i.id)))
    return Completeness(score, present, len(items), missing, essential)


def bmi(weight_kg: float, height_cm: float) -> float:
    """Body-mass index to one decimal."""
    if weight_kg <= 0 or height_cm <= 0:
        raise ValueError("weight and height must be above 0")
    return round(weight_kg / (height_cm / 100) ** 2, 1)
