"""The patient's follow-up after a session: forms due on day 7, 14, 28 and 84.

The services own their transaction and audit every read and write of the patient's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bontrack.accounts import audit
from bontrack.patients.models import Patient
from bontrack.treatments.models import FollowUp, Session

FOLLOW_UP_DAYS = (7, 14, 28, 84)
# A treatment works for about 12 weeks; an answer beyond half a year is a typing error.
MAX_LASTED_DAYS = 180
MAX_LASTED_HOURS = 24 * 14


class FollowUpInputError(ValueError):
    """An answer that cannot be saved; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def create_follow_ups(*, session: Session) -> list[FollowUp]:
    """The follow-up forms of a signed session (idempotent)."""
    made = []
    for day in FOLLOW_UP_DAYS:
        follow_up, _ = FollowUp.objects.get_or_create(
            session=session, day=day,
            defaults={"patient_id": session.patient_id,
                      "due_on": session.performed_on + dt.timedelta(days=day)},
        )
        made.append(follow_up)
    return made


@dataclass(frozen=True)
class Treatment:
    """One signed session as the patient sees it, with its follow-up forms."""

    session: Session
    follow_ups: list[FollowUp]


def is_open(follow_up: FollowUp, *, today: dt.date) -> bool:
    """A form can be answered from its due date on."""
    return follow_up.due_on <= today


def my_treatments(*, patient: Patient, by: Any) -> list[Treatment]:
    """The patient's signed sessions, newest first, each with its follow-up forms."""
    sessions = list(
        Session.objects.filter(patient=patient, state=Session.State.SIGNED)
        .select_related("clinic")
        .prefetch_related("follow_ups")
        .order_by("-performed_on")
    )
    audit.record(actor=by, action="list", object_type="treatments.session", patient=patient,
                 reason="patient's treatments")
    return [Treatment(s, sorted(s.follow_ups.all(), key=lambda f: f.day)) for s in sessions]


def get_follow_up(*, patient: Patient, by: Any, follow_up_id: int) -> FollowUp:
    """One of the patient's own follow-up forms of a signed session (DoesNotExist otherwise)."""
    follow_up = FollowUp.objects.select_related("session", "session__clinic").get(
        pk=follow_up_id, patient=patient, session__state=Session.State.SIGNED
    )
    audit.record(actor=by, action="read", obj=follow_up, patient=patient,
                 clinic=follow_up.session.clinic_id)
    return follow_up


def answer_follow_up(
    *,
    patient: Patient,
    by: Any,
    follow_up_id: int,
    effect_started: bool | None,
    effect_started_on: dt.date | None,
    effect_lasted: int | None,
    lasted_unit: str,
    pain_came_back_gradually: bool | None,
    more_active: bool | None,
    note: str,
    today: dt.date | None = None,
) -> FollowUp:
    """Store the patient's answers; a second answer replaces the first (both are audited)."""
    today = today or timezone.localdate()
    follow_up = FollowUp.objects.select_related("session").get(
        pk=follow_up_id, patient=patient, session__state=Session.State.SIGNED
    )
    errors: dict[str, str] = {}
    if not is_open(follow_up, today=today):
        errors["__all__"] = _("This form opens on %(date)s. Please come back then.") % {
            "date": follow_up.due_on.strftime("%d.%m.%Y")}
    treated_on = follow_up.session.performed_on
    if effect_started_on is not None:
        if effect_started_on > today:
            errors["effect_started_on"] = _(
                "%(date)s is in the future. Give the day the effect started, today or earlier."
            ) % {"date": effect_started_on.strftime("%d.%m.%Y")}
        elif effect_started_on < treated_on:
            errors["effect_started_on"] = _(
                "%(date)s is before your treatment on %(treated)s."
            ) % {"date": effect_started_on.strftime("%d.%m.%Y"),
                 "treated": treated_on.strftime("%d.%m.%Y")}
        elif effect_started is False:
            errors["effect_started_on"] = _(
                "You answered that the effect has not started; leave the date empty."
            )
    if lasted_unit not in ("days", "hours"):
        errors["lasted_unit"] = _("Choose days or hours.")
    elif effect_lasted is not None:
        limit = MAX_LASTED_DAYS if lasted_unit == "days" else MAX_LASTED_HOURS
        if effect_lasted < 0 or effect_lasted > limit:
            errors["effect_lasted"] = _("Give a number from 0 to %(max)s.") % {"max": limit}
    if errors:
        raise FollowUpInputError(errors)
    with transaction.atomic():
        first_answer = follow_up.answered_at is None
        follow_up.effect_started = effect_started
        follow_up.effect_started_on = effect_started_on
        follow_up.effect_lasted_days = effect_lasted if lasted_unit == "days" else None
        follow_up.effect_lasted_hours = effect_lasted if lasted_unit == "hours" else None
        follow_up.pain_came_back_gradually = pain_came_back_gradually
        follow_up.more_active = more_active
        follow_up.note = note.strip()
        follow_up.answered_at = timezone.now()
        follow_up.save()
        audit.record(actor=by, action="create" if first_answer else "update", obj=follow_up,
                     patient=patient, clinic=follow_up.session.clinic_id,
                     reason=f"follow-up day {follow_up.day}")
    return follow_up
