"""Self-management plan services: the clinic sets goals, the patient ticks them off per day.

Each function owns its transaction and audits what it reads or writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bontrack.accounts import audit
from bontrack.patients.diary_models import GoalCheck, SelfManagementGoal
from bontrack.patients.models import Patient

TEXT_MAX_LENGTH = SelfManagementGoal._meta.get_field("text").max_length or 300
RECENT_DAYS = 7


class GoalInputError(ValueError):
    """A goal or a tick that cannot be saved; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class GoalDay:
    """One active goal on one day: ticked or not, and how often in the last week."""

    goal: SelfManagementGoal
    done: bool
    recent_days: int


def active_goals(*, patient: Patient) -> list[SelfManagementGoal]:
    """The goals the patient is working on now, oldest first."""
    return list(SelfManagementGoal.objects.filter(patient=patient, active=True))


def all_goals(*, patient: Patient) -> list[SelfManagementGoal]:
    """Every goal the clinic has set for the patient, active first."""
    return list(
        SelfManagementGoal.objects.filter(patient=patient).order_by("-active", "created_at")
    )


def recent_ticks(*, goals: Iterable[SelfManagementGoal], until: dt.date) -> dict[int, int]:
    """How many of the 7 days ending on `until` each goal was ticked off."""
    since = until - dt.timedelta(days=RECENT_DAYS - 1)
    counts = dict.fromkeys((g.pk for g in goals), 0)
    for goal_id in GoalCheck.objects.filter(
        goal_id__in=counts, date__gte=since, date__lte=until
    ).values_list("goal_id", flat=True):
        counts[goal_id] += 1
    return counts


def day_plan(*, patient: Patient, day: dt.date) -> list[GoalDay]:
    """The patient's active goals on `day`, each with whether it is ticked off."""
    goals = active_goals(patient=patient)
    done = set(
        GoalCheck.objects.filter(goal__in=goals, date=day).values_list("goal_id", flat=True)
    )
    recent = recent_ticks(goals=goals, until=day)
    return [GoalDay(goal=g, done=g.pk in done, recent_days=recent[g.pk]) for g in goals]


def check_day(day: dt.date, *, today: dt.date | None = None) -> None:
    """Refuse a day in the future: a goal can only be ticked off once the day has come."""
    today = today or timezone.localdate()
    if day > today:
        raise GoalInputError({"date": _(
            "%(date)s is in the future. You can tick off today and earlier days."
        ) % {"date": day.isoformat()}})


def set_day(
    *, patient: Patient, by: Any, day: dt.date, done_goal_ids: Iterable[int],
    today: dt.date | None = None,
) -> list[GoalDay]:
    """Make exactly the given active goals ticked off on `day`; nothing changes on bad input."""
    check_day(day, today=today)
    wanted = set(done_goal_ids)
    goals = {g.pk: g for g in active_goals(patient=patient)}
    unknown = wanted - set(goals)
    if unknown:
        raise GoalInputError({"goals": _("That goal is not in your plan.")})
    with transaction.atomic():
        ticked = set(
            GoalCheck.objects.filter(goal_id__in=goals, date=day).values_list("goal_id", flat=True)
        )
        GoalCheck.objects.filter(goal_id__in=ticked - wanted, date=day).delete()
        GoalCheck.objects.bulk_create(
            [GoalCheck(goal_id=goal_id, date=day) for goal_id in sorted(wanted - ticked)]
        )
        audit.record(
            actor=by, action="update", object_type="patients.goalcheck",
            object_id=day.isoformat(), patient=patient,
        )
    return day_plan(patient=patient, day=day)


def add_goal(*, patient: Patient, by: Any, kind: str, text: str) -> SelfManagementGoal:
    """Add a goal to the patient's plan, set by clinic staff."""
    errors: dict[str, str] = {}
    if kind not in SelfManagementGoal.Kind.values:
        errors["kind"] = _("Choose one of the kinds of goal.")
    text = text.strip()
    if not text:
        errors["text"] = _("Write what the patient is to do.")
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = _("Keep it to %(max)s characters or fewer.") % {"max": TEXT_MAX_LENGTH}
    if errors:
        raise GoalInputError(errors)
    with transaction.atomic():
        goal = SelfManagementGoal.objects.create(patient=patient, kind=kind, text=text, set_by=by)
        audit.record(actor=by, action="create", obj=goal, patient=patient)
    return goal


def deactivate_goal(*, patient: Patient, by: Any, goal_id: int) -> SelfManagementGoal:
    """Take a goal out of the active plan; its ticks are kept."""
    with transaction.atomic():
        goal = SelfManagementGoal.objects.select_for_update().get(pk=goal_id, patient=patient)
        if goal.active:
            goal.active = False
            goal.save(update_fields=["active"])
            audit.record(actor=by, action="update", obj=goal, patient=patient,
                         reason="goal ended")
    return goal
