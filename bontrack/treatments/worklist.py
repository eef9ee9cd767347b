"""The clinic's worklist: what needs doing now, most urgent first.

Red-flag side effects not yet handled come first; then treatments due and overdue,
evaluations due, patients who have stopped keeping their diary before a visit, referrals
near their deadline and lots about to expire. Dates come from bontrack.clinical.schedule
and the referral deadlines from bontrack.referrals, never from rules written here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from bontrack.accounts import audit, roles
from bontrack.accounts.models import Role
from bontrack.clinical.rules import SCHEDULE_DEFAULT
from bontrack.clinical.schedule import evaluations_due, next_treatment
from bontrack.patients.diary_models import DiaryEntry
from bontrack.patients.models import Patient
from bontrack.referrals.services import WaitingRow, waiting_list
from bontrack.treatments.models import (
    Appointment,
    Course,
    SideEffectReport,
    VialLot,
)

LOT_WARNING_DAYS = 60
VISIT_LOOKAHEAD_DAYS = 14
DIARY_DAYS_BEFORE_VISIT = 7


@dataclass(frozen=True)
class TreatmentDue:
    """An active course whose next treatment is near, due or overdue and not booked."""

    course: Course
    patient: Patient
    last_cycle: int
    last_session: dt.date
    earliest: dt.date
    due: dt.date
    state: str  # soon (reminder window), due, overdue


@dataclass(frozen=True)
class EvaluationItem:
    course: Course
    patient: Patient
    cycle: int
    treatment: dt.date
    due: dt.date


@dataclass(frozen=True)
class SilentDiary:
    """A patient with a visit soon and no diary day in the week before it."""

    appointment: Appointment
    patient: Patient
    since: dt.date
    until: dt.date


@dataclass
class Worklist:
    today: dt.date
    red_flags: list[SideEffectReport] = field(default_factory=list)
    treatments: list[TreatmentDue] = field(default_factory=list)
    evaluations: list[EvaluationItem] = field(default_factory=list)
    silent_diaries: list[SilentDiary] = field(default_factory=list)
    referrals: list[WaitingRow] = field(default_factory=list)
    lots: list[VialLot] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (len(self.red_flags) + len(self.treatments) + len(self.evaluations)
                + len(self.silent_diaries) + len(self.referrals) + len(self.lots))


def worklist_clinics(user: Any) -> set[int]:
    """The clinics whose worklist `user` keeps: where they are coordinator or physician."""
    return roles.clinic_ids(user, Role.COORDINATOR, Role.PHYSICIAN)


def open_red_flags(*, clinics: set[int]) -> list[SideEffectReport]:
    return list(
        SideEffectReport.objects.filter(clinic_id__in=clinics, red_flag=True,
                                        handled_at__isnull=True)
        .select_related("patient", "session").order_by("reported_at")
    )


def _signed_dates(course: Course) -> list[tuple[int, dt.date]]:
    return sorted(
        (s.cycle, s.performed_on) for s in course.sessions.all() if s.is_signed
    )


def treatments_due(*, clinics: set[int], today: dt.date) -> list[TreatmentDue]:
    """Active courses from the first reminder date before the next treatment's earliest day,
    until a treatment appointment after the last session is booked; overdue ones first."""
    courses = (
        Course.objects.filter(clinic_id__in=clinics, state=Course.State.ACTIVE)
        .select_related("patient").prefetch_related("sessions")
    )
    items = []
    for course in courses:
        signed = _signed_dates(course)
        if not signed:
            continue
        last_cycle, last = max(signed, key=lambda cd: cd[1])
        upcoming = next_treatment(last, SCHEDULE_DEFAULT)
        opens = upcoming.reminders[0] if upcoming.reminders else upcoming.earliest
        if today < opens:
            continue
        booked = (
            Appointment.objects.filter(
                course=course, kind=Appointment.Kind.TREATMENT,
                state=Appointment.State.BOOKED, starts_at__date__gt=last,
            ).order_by("starts_at").first()
        )
        if booked is not None:
            continue
        if today > upcoming.due:
            state = "overdue"
        elif today >= upcoming.earliest:
            state = "due"
        else:
            state = "soon"
        items.append(TreatmentDue(course, course.patient, last_cycle, last, upcoming.earliest,
                                  upcoming.due, state))
    order = {"overdue": 0, "due": 1, "soon": 2}
    items.sort(key=lambda i: (order[i.state], i.due, i.patient.pk))
    return items


def evaluations_pending(*, clinics: set[int], today: dt.date) -> list[EvaluationItem]:
    """Evaluations after cycles 2 and 3 whose date has come, without a decision for that cycle."""
    courses = (
        Course.objects.filter(clinic_id__in=clinics)
        .exclude(state=Course.State.STOPPED)
        .select_related("patient").prefetch_related("sessions", "decisions")
    )
    items = []
    for course in courses:
        dates = [d for _c, d in _signed_dates(course)]
        decided = {d.cycle for d in course.decisions.all()}
        for evaluation in evaluations_due(dates):
            if evaluation.due <= today and evaluation.cycle not in decided:
                items.append(EvaluationItem(course, course.patient, evaluation.cycle,
                                            evaluation.treatment, evaluation.due))
    items.sort(key=lambda i: (i.due, i.patient.pk))
    return items


def silent_diaries(*, clinics: set[int], today: dt.date) -> list[SilentDiary]:
    """Booked visits in the next 14 days whose patient has no diary day in the 7 days before
    the visit (or before today, for the days that have not come yet)."""
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = start + dt.timedelta(days=VISIT_LOOKAHEAD_DAYS + 1)
    visits = (
        Appointment.objects.filter(clinic_id__in=clinics, state=Appointment.State.BOOKED,
                                   starts_at__gte=start, starts_at__lt=end)
        .select_related("patient").order_by("starts_at")
    )
    items, seen = [], set()
    for visit in visits:
        if visit.patient_id in seen:
            continue
        visit_day = timezone.localtime(visit.starts_at).date()
        until = min(visit_day, today + dt.timedelta(days=1)) - dt.timedelta(days=1)
        since = until - dt.timedelta(days=DIARY_DAYS_BEFORE_VISIT - 1)
        kept = DiaryEntry.objects.filter(patient_id=visit.patient_id, date__gte=since,
                                         date__lte=until).exists()
        if not kept:
            seen.add(visit.patient_id)
            items.append(SilentDiary(visit, visit.patient, since, until))
    return items


def lots_expiring(*, clinics: set[int], today: dt.date) -> list[VialLot]:
    """Lots with vials in stock that expire within 60 days (or already have)."""
    return list(
        VialLot.objects.filter(clinic_id__in=clinics, vials_in_stock__gt=0,
                               expires_on__lte=today + dt.timedelta(days=LOT_WARNING_DAYS))
        .order_by("expires_on")
    )


def build_worklist(*, user: Any, today: dt.date | None = None) -> Worklist:
    """Everything on the worklist of the user's clinics, audited as one list per clinic."""
    today = today or timezone.localdate()
    clinics = worklist_clinics(user)
    if not clinics:
        raise PermissionDenied("only a clinic's coordinators and physicians keep its worklist")
    referrals = [r for r in waiting_list(user=user, today=today)
                 if r.state in ("missed", "at_risk")]
    worklist = Worklist(
        today=today,
        red_flags=open_red_flags(clinics=clinics),
        treatments=treatments_due(clinics=clinics, today=today),
        evaluations=evaluations_pending(clinics=clinics, today=today),
        silent_diaries=silent_diaries(clinics=clinics, today=today),
        referrals=referrals,
        lots=lots_expiring(clinics=clinics, today=today),
    )
    for clinic_id in sorted(clinics):
        audit.record(actor=user, action="list", object_type="treatments.worklist",
                     clinic=clinic_id, reason=f"worklist: {worklist.count} items")
    return worklist

