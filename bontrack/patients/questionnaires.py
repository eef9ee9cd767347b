"""Questionnaire services: record a MIDAS, a HIT-6 total or a PGIC answer, and what is due.

The clinical core scores and checks; these functions store the result and audit it. Each owns
its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontrack.accounts import audit
from bontrack.clinical import InputError
from bontrack.clinical import questionnaires as rules
from bontrack.patients.diary_models import QuestionnaireResponse
from bontrack.patients.models import Patient

Kind = QuestionnaireResponse.Kind

# What each grade, band and answer means, in the patient's language; keys are the clinical
# core's ids.
MIDAS_GRADE_MEANINGS = {
    "I": _("little or no disability"),
    "II": _("mild disability"),
    "III": _("moderate disability"),
    "IV": _("severe disability"),
}
HIT6_BAND_MEANINGS = {
    "little": _("little or no impact"),
    "some": _("some impact"),
    "substantial": _("substantial impact"),
    "severe": _("severe impact"),
}
PGIC_LABELS = {
    "very_much_better": _("Very much better"),
    "much_better": _("Much better"),
    "a_little_better": _("A little better"),
    "no_change": _("No change"),
    "a_little_worse": _("A little worse"),
    "much_worse": _("Much worse"),
    "very_much_worse": _("Very much worse"),
}
assert set(MIDAS_GRADE_MEANINGS) == {g.id for g in rules.MIDAS_GRADES}
assert set(HIT6_BAND_MEANINGS) == {b.id for b in rules.HIT6_BANDS}
assert set(PGIC_LABELS) == set(rules.PGIC_IDS.values())


def describe(response: QuestionnaireResponse) -> str:
    """What a stored result means, in words: the grade, the band or the answer."""
    if response.kind == Kind.MIDAS:
        return str(MIDAS_GRADE_MEANINGS.get(response.grade, ""))
    if response.kind == Kind.HIT6:
        return str(HIT6_BAND_MEANINGS.get(response.grade, ""))
    return str(PGIC_LABELS.get(response.grade, ""))


def _store(
    *,
    patient: Patient,
    by: Any,
    kind: str,
    answers: dict[str, Any],
    score: int,
    grade: str,
    answered_on: dt.date | None,
) -> QuestionnaireResponse:
    answered_on = answered_on or timezone.localdate()
    if answered_on > timezone.localdate():
        raise InputError([f"answered_on cannot be in the future, got {answered_on}"])
    with transaction.atomic():
        response = QuestionnaireResponse.objects.create(
            patient=patient,
            kind=kind,
            answered_on=answered_on,
            answers=answers,
            score=score,
            grade=grade,
        )
        audit.record(actor=by, action="create", obj=response, patient=patient)
    return response


def record_midas(
    *, patient: Patient, by: Any, answers: Mapping[str, object], answered_on: dt.date | None = None
) -> QuestionnaireResponse:
    """Score and store a MIDAS; InputError (nothing stored) names every answer that is wrong."""
    result = rules.score_midas(answers)
    return _store(
        patient=patient,
        by=by,
        kind=Kind.MIDAS,
        answers=result.answers(),
        score=result.score,
        grade=result.grade.id,
        answered_on=answered_on,
    )


def record_hit6(
    *, patient: Patient, by: Any, total: object, answered_on: dt.date | None = None
) -> QuestionnaireResponse:
    """Store a HIT-6 total (the form itself is filled in on paper or in the licensed version)."""
    result = rules.hit6_band(total)
    return _store(
        patient=patient,
        by=by,
        kind=Kind.HIT6,
        answers={"total": result.total},
        score=result.total,
        grade=result.band.id,
        answered_on=answered_on,
    )


def record_pgic(
    *, patient: Patient, by: Any, value: object, answered_on: dt.date | None = None
) -> QuestionnaireResponse:
    """Store a PGIC answer, 1 (very much better) to 7 (very much worse)."""
    result = rules.check_pgic(value)
    return _store(
        patient=patient,
        by=by,
        kind=Kind.PGIC,
        answers={"answer": result.value},
        score=result.value,
        grade=result.id,
        answered_on=answered_on,
    )


def follow_up_start(patient: Patient) -> dt.date:
    """The day follow-up began, from which the first MIDAS is due."""
    return timezone.localdate(patient.created_at)


def last_midas_on(*, patient: Patient) -> dt.date | None:
    """When the patient last filled in a MIDAS."""
    return (
        QuestionnaireResponse.objects.filter(patient=patient, kind=Kind.MIDAS)
        .order_by("-answered_on")
        .values_list("answered_on", flat=True)
        .first()
    )


def midas_due_on(*, patient: Patient) -> dt.date:
    """The day the next MIDAS is due (today or earlier means it is due now)."""
    return rules.next_midas_due(last_midas_on(patient=patient), start=follow_up_start(patient))


@dataclass(frozen=True)
class Result:
    """One stored questionnaire result, ready to show."""

    kind: str
    kind_label: str
    answered_on: dt.date
    score: int
    grade: str
    meaning: str


@dataclass(frozen=True)
class Overview:
    """The patient's questionnaires: when MIDAS is due and every earlier result."""

    midas_due_on: dt.date
    midas_due: bool
    results: list[Result]

    def latest(self, kind: str) -> Result | None:
        """The newest result of one kind."""
        return next((r for r in self.results if r.kind == kind), None)

    @property
    def latest_midas(self) -> Result | None:
        return self.latest(Kind.MIDAS)

    @property
    def latest_hit6(self) -> Result | None:
        return self.latest(Kind.HIT6)

    @property
    def latest_pgic(self) -> Result | None:
        return self.latest(Kind.PGIC)


def overview(*, patient: Patient, today: dt.date | None = None) -> Overview:
    """Due date of the next MIDAS and every result, newest first."""
    today = today or timezone.localdate()
    due_on = midas_due_on(patient=patient)
    results = [
        Result(
            kind=response.kind,
            kind_label=response.get_kind_display(),
            answered_on=response.answered_on,
            score=response.score,
            grade=response.grade if response.kind == Kind.MIDAS else "",
            meaning=describe(response),
        )
        for response in QuestionnaireResponse.objects.filter(patient=patient)
    ]
    return Overview(midas_due_on=due_on, midas_due=due_on <= today, results=results)
