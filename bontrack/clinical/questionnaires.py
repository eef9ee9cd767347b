"""Questionnaires (CLINICAL.md §9): MIDAS scored and graded, the HIT-6 total's band, PGIC.

HIT-6 is copyrighted (QualityMetric): only its total is handled here, never its items' texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations_with_replacement

from bontrack.clinical.common import InputError

_WHOLE_NUMBER = re.compile(r"[+-]?\d+")

# --- MIDAS ----------------------------------------------------------------------------------

# The five scored items, each a number of days in the last 3 months.
MIDAS_ITEMS: tuple[str, ...] = (
    "missed_work",
    "reduced_work",
    "missed_household",
    "reduced_household",
    "missed_leisure",
)
# Recorded with the form but not part of the score: A, headache days; B, pain 0–10.
MIDAS_HEADACHE_DAYS = "headache_days"
MIDAS_PAIN = "pain"
MIDAS_MAX_DAYS = 90
PAIN_MAX = 10
MIDAS_INTERVAL = timedelta(days=90)

# MIDAS asks not to count a missed day again as a day at half productivity, so each pair
# describes different days of the same 3 months.
_DISTINCT_DAY_PAIRS: tuple[tuple[str, str], ...] = (
    ("missed_work", "reduced_work"),
    ("missed_household", "reduced_household"),
)


@dataclass(frozen=True, slots=True)
class Grade:
    """A band of a score: its id, bounds (high None = no upper bound) and what it means."""

    id: str
    low: int
    high: int | None
    meaning: str

    def contains(self, score: int) -> bool:
        """Whether `score` falls in this band."""
        return score >= self.low and (self.high is None or score <= self.high)


MIDAS_GRADES: tuple[Grade, ...] = (
    Grade("I", 0, 5, "little or no disability"),
    Grade("II", 6, 10, "mild disability"),
    Grade("III", 11, 20, "moderate disability"),
    Grade("IV", 21, None, "severe disability"),
)


@dataclass(frozen=True, slots=True)
class MidasResult:
    """A scored MIDAS: the sum of the five items, its grade, and the unscored items A and B."""

    score: int
    grade: Grade
    items: tuple[tuple[str, int], ...]
    headache_days: int | None
    pain: int | None

    def answers(self) -> dict[str, int | None]:
        """Every answer by item id, as stored with the response."""
        return {
            **dict(self.items),
            MIDAS_HEADACHE_DAYS: self.headache_days,
            MIDAS_PAIN: self.pain,
        }


def _whole_number(value: object, field: str, high: int, problems: list[str]) -> int | None:
    """`value` as a whole number 0…high, or None after appending what is wrong."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None:
        problems.append(f"{field} must be a whole number 0–{high}, got {value!r}")
        return None
    if not 0 <= number <= high:
        problems.append(f"{field} must be 0–{high}, got {number}")
        return None
    return number


def _optional(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def midas_day_conflicts(items: Mapping[str, int]) -> list[tuple[str, str]]:
    """Pairs of items (missed, half-productive) whose days add up to more than 3 months."""
    return [
        (missed, reduced)
        for missed, reduced in _DISTINCT_DAY_PAIRS
        if missed in items and reduced in items and items[missed] + items[reduced] > MIDAS_MAX_DAYS
    ]


def midas_grade(score: int) -> Grade:
    """The MIDAS grade of a score: I 0–5, II 6–10, III 11–20, IV 21 and above."""
    if score < 0:
        raise InputError([f"a MIDAS score cannot be negative, got {score}"])
    return next(grade for grade in MIDAS_GRADES if grade.contains(score))


def score_midas(answers: Mapping[str, object]) -> MidasResult:
    """Check every MIDAS answer and score it; InputError lists every answer that is wrong.

    The five items are required; A (headache days) and B (pain 0–10) may be left out.
    """
    problems: list[str] = []
    unknown = sorted(set(answers) - {*MIDAS_ITEMS, MIDAS_HEADACHE_DAYS, MIDAS_PAIN})
    if unknown:
        problems.append(f"unknown MIDAS items: {', '.join(unknown)}")
    items: dict[str, int] = {}
    for item in MIDAS_ITEMS:
        value = answers.get(item)
        if _optional(value):
            problems.append(f"{item} is required (0–{MIDAS_MAX_DAYS} days)")
            continue
        number = _whole_number(value, item, MIDAS_MAX_DAYS, problems)
        if number is not None:
            items[item] = number
    for missed, reduced in midas_day_conflicts(items):
        problems.append(
            f"{missed} and {reduced} count different days, so together at most "
            f"{MIDAS_MAX_DAYS}, got {items[missed]} + {items[reduced]}"
        )
    headache_days = answers.get(MIDAS_HEADACHE_DAYS)
    pain = answers.get(MIDAS_PAIN)
    days = (
        None
        if _optional(headache_days)
        else _whole_number(headache_days, MIDAS_HEADACHE_DAYS, MIDAS_MAX_DAYS, problems)
    )
    nrs = None if _optional(pain) else _whole_number(pain, MIDAS_PAIN, PAIN_MAX, problems)
    if problems:
        raise InputError(problems)
    score = sum(items.values())
    return MidasResult(
        score=score,
        grade=midas_grade(score),
        items=tuple((item, items[item]) for item in MIDAS_ITEMS),
        headache_days=days,
        pain=nrs,
    )


def next_midas_due(last_answered: date | None, *, start: date) -> date:
    """When the next MIDAS is due: 90 days after the last; the first at the start of follow-up."""
    if last_answered is None:
        return start
    return last_answered + MIDAS_INTERVAL


def midas_is_due(last_answered: date | None, *, start: date, today: date) -> bool:
    """Whether a MIDAS is due (or overdue) on `today`."""
    return next_midas_due(last_answered, start=start) <= today


# --- HIT-6 ----------------------------------------------------------------------------------

HIT6_MIN = 36
HIT6_MAX = 78
# Each of the six answers scores 6, 8, 10, 11 or 13, so a few totals in 36–78 cannot occur
# (37, 39, 77): such a total is a typing error, not a result.
_HIT6_ANSWER_SCORES = (6, 8, 10, 11, 13)
HIT6_POSSIBLE_TOTALS: frozenset[int] = frozenset(
    sum(scores) for scores in combinations_with_replacement(_HIT6_ANSWER_SCORES, 6)
)

HIT6_BANDS: tuple[Grade, ...] = (
    Grade("little", HIT6_MIN, 49, "little or no impact"),
    Grade("some", 50, 55, "some impact"),
    Grade("substantial", 56, 59, "substantial impact"),
    Grade("severe", 60, HIT6_MAX, "severe impact"),
)


@dataclass(frozen=True, slots=True)
class Hit6Result:
    """A HIT-6 total (36–78) and its band."""

    total: int
    band: Grade


def hit6_band(total: object) -> Hit6Result:
    """The band of a HIT-6 total: ≤ 49, 50–55, 56–59, ≥ 60; InputError outside 36–78."""
    problems: list[str] = []
    number: int | None = None
    if isinstance(total, int) and not isinstance(total, bool):
        number = total
    elif isinstance(total, str) and _WHOLE_NUMBER.fullmatch(total.strip()):
        number = int(total.strip())
    if number is None:
        problems.append(f"total must be a whole number {HIT6_MIN}–{HIT6_MAX}, got {total!r}")
    elif not HIT6_MIN <= number <= HIT6_MAX:
        problems.append(f"total must be {HIT6_MIN}–{HIT6_MAX}, got {number}")
    elif number not in HIT6_POSSIBLE_TOTALS:
        problems.append(
            f"total {number} cannot come from the six answers "
            f"(each scores {', '.join(map(str, _HIT6_ANSWER_SCORES))})"
        )
    if problems or number is None:
        raise InputError(problems)
    return Hit6Result(total=number, band=next(b for b in HIT6_BANDS if b.contains(number)))


# --- PGIC -----------------------------------------------------------------------------------

# Patient global impression of change since treatment started: 1 best, 4 unchanged, 7 worst.
PGIC_ANSWERS: tuple[tuple[int, str], ...] = (
    (1, "very_much_better"),
    (2, "much_better"),
    (3, "a_little_better"),
    (4, "no_change"),
    (5, "a_little_worse"),
    (6, "much_worse"),
    (7, "very_much_worse"),
)
PGIC_IDS: dict[int, str] = dict(PGIC_ANSWERS)


@dataclass(frozen=True, slots=True)
class PgicResult:
    """A PGIC answer: its value 1–7 and the id of its label."""

    value: int
    id: str

    @property
    def improved(self) -> bool:
        """Better than before (answers 1–3)."""
        return self.value < 4


def check_pgic(value: object) -> PgicResult:
    """A PGIC answer 1–7 with its label's id; InputError for anything else."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None or number not in PGIC_IDS:
        raise InputError([f"answer must be one of 1–7, got {value!r}"])
    return PgicResult(value=number, id=PGIC_IDS[number])
