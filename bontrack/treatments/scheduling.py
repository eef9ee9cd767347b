"""The clinic's calendar: booking, cancelling, the week view, the next-treatment proposal and
the patient's reminders.

The 12-week rule comes from bontrack.clinical.schedule; this module finds the dates it needs,
keeps one physician and one patient from being in two places at once, and writes the audit.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bontrack.accounts import access, audit, roles
from bontrack.accounts.models import Membership, Role, User
from bontrack.clinical.schedule import NextTreatment, next_treatment
from bontrack.patients.models import Patient
from bontrack.treatments.ics import appointment_ics, ics_filename
from bontrack.treatments.models import Appointment, Course, Session

log = logging.getLogger(__name__)

MIN_MINUTES = 5
MAX_MINUTES = 240
CALENDAR_ROLES = (Role.COORDINATOR, Role.PHYSICIAN)


class BookingError(Exception):
    """A booking refused, with a message per form field ("" for the form as a whole)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Proposal:
    """The next treatment: the last signed session and the schedule from bontrack.clinical."""

    last_session: dt.date
    schedule: NextTreatment

    @property
    def proposed(self) -> dt.date:
        return self.schedule.earliest


@dataclass(frozen=True)
class Day:
    date: dt.date
    appointments: list[Appointment]


@dataclass(frozen=True)
class Week:
    monday: dt.date
    days: list[Day]

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def year(self) -> int:
        return self.monday.isocalendar().year

    @property
    def previous(self) -> str:
        return week_label(self.monday - dt.timedelta(days=7))

    @property
    def next(self) -> str:
        return week_label(self.monday + dt.timedelta(days=7))

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


def week_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> dt.date:
    """The Monday of an ISO week written 2026-W48; ValueError for anything else."""
    return dt.datetime.strptime(f"{text.strip()}-1", "%G-W%V-%u").date()


def calendar_clinic_ids(user: Any) -> set[int]:
    """The clinics whose calendar `user` keeps: as coordinator or physician."""
    return roles.clinic_ids(user, *CALENDAR_ROLES)


def physicians_for(user: Any) -> QuerySet[User]:
    """The physicians of the clinics whose calendar `user` keeps."""
    ids = Membership.objects.filter(
        clinic_id__in=calendar_clinic_ids(user), role=Role.PHYSICIAN, clinic__is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email")


def courses_for(user: Any, patient: Patient | None = None) -> QuerySet[Course]:
    courses = Course.objects.filter(
        clinic_id__in=calendar_clinic_ids(user), state=Course.State.ACTIVE,
        patient__in=access.patients_for(user),
    ).select_related("patient")
    return courses.filter(patient=patient) if patient is not None else courses


def _local_range(first: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(first + dt.timedelta(days=days), dt.time.min, tzinfo=tz)
    return start, end


def week(*, user: Any, monday: dt.date, physician: User | None = None) -> Week:
    """A clinic week Monday–Sunday: the booked appointments of its physicians, audited."""
    start, end = _local_range(monday, 7)
    found = (
        Appointment.objects.filter(
            clinic_id__in=calendar_clinic_ids(user),
            state=Appointment.State.BOOKED,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("patient", "physician", "clinic")
        .order_by("starts_at", "physician__full_name")
    )
    if physician is not None:
        found = found.filter(physician=physician)
    appointments = list(found)
    with transaction.atomic():
        for appointment in appointments:
            audit.record(actor=user, action="list", obj=appointment,
                         patient=appointment.patient_id, clinic=appointment.clinic_id,
                         reason="calendar week")
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        days.append(Day(day, [a for a in appointments
                              if timezone.localtime(a.starts_at).date() == day]))
    return Week(monday, days)


def last_signed_session(*, patient: Patient, course: Course | None = None) -> Session | None:
    sessions = Session.objects.filter(patient=patient, state=Session.State.SIGNED)
    if course is not None:
        sessions = sessions.filter(course=course)
    return sessions.order_by("-performed_on").first()


def treatment_proposal(*, patient: Patient, course: Course | None = None) -> Proposal | None:
    """12 weeks after the last signed session (of the course, when given); None before any."""
    session = last_signed_session(patient=patient, course=course)
    if session is None:
        return None
    return Proposal(session.performed_on, next_treatment(session.performed_on))


def _booking_clinic(user: Any, patient: Patient, physician: User) -> int:
    """The clinic the booking belongs to: the user's, the physician's and the patient's."""
    shared = (
        calendar_clinic_ids(user)
        & roles.clinic_ids(physician, Role.PHYSICIAN)
        & set(patient.enrolments.values_list("clinic_id", flat=True))
    )
    if not shared:
        raise BookingError(
            {"physician": _("This physician does not work at the patient's clinic.")}
        )
    return min(shared)


def _check_interval(patient: Patient, starts_at: dt.datetime) -> None:
    """A treatment never comes sooner than the label minimum after another (CLINICAL.md §5)."""
    day = timezone.localtime(starts_at).date()
    session = Session.objects.filter(
        patient=patient, state=Session.State.SIGNED, performed_on__lte=day
    ).order_by("-performed_on").first()
    if session is not None:
        schedule = next_treatment(session.performed_on)
        if day < schedule.earliest:
            raise BookingError({"date": _(
                "Too early: the last treatment was on %(last)s, and the next may not be "
                "before %(earliest)s (12 weeks later)."
            ) % {"last": f"{session.performed_on:%d.%m.%Y}",
                 "earliest": f"{schedule.earliest:%d.%m.%Y}"}})
    gap = next_treatment(day).earliest - day
    near = Appointment.objects.filter(
        patient=patient, kind=Appointment.Kind.TREATMENT, state=Appointment.State.BOOKED,
        starts_at__gt=starts_at - gap, starts_at__lt=starts_at + gap,
    ).first()
    if near is not None:
        other = timezone.localtime(near.starts_at).date()
        raise BookingError({"date": _(
            "Too close to the treatment already booked on %(other)s: treatments are at "
            "least 12 weeks apart."
        ) % {"other": f"{other:%d.%m.%Y}"}})


def book(
    *,
    user: Any,
    patient: Patient,
    physician: User,
    kind: str,
    starts_at: dt.datetime,
    minutes: int,
    course: Course | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """Book an appointment; refused with reasons if it is in the past, too early or taken."""
    now = now or timezone.now()
    if not calendar_clinic_ids(user):
        raise BookingError({"": _("Only coordinators and physicians book appointments.")})
    if not access.patients_for(user).filter(pk=patient.pk).exists():
        raise Http404("no such patient")
    if kind not in Appointment.Kind.values:
        raise BookingError({"kind": _("Choose the kind of appointment.")})
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BookingError({"minutes": _("The length must be %(low)s–%(high)s minutes.")
                                       % {"low": MIN_MINUTES, "high": MAX_MINUTES}})
    if timezone.is_naive(starts_at):
        raise BookingError({"time": _("Give the start time.")})
    if starts_at <= now:
        raise BookingError({"date": _("That time has passed: choose a time in the future.")})
    clinic_id = _booking_clinic(user, patient, physician)
    if course is not None and (course.patient_id != patient.pk or course.clinic_id != clinic_id):
        raise BookingError({"course": _("The course is not this patient's at this clinic.")})
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    with transaction.atomic():
        # Lock the physician's and the patient's rows, always in that order, so that two
        # bookings for either wait for each other here and the second sees the first. A
        # FOR UPDATE on the day's appointments would not do on PostgreSQL: on an empty day
        # there is no row to lock. SQLite runs IMMEDIATE transactions, so writers queue anyway.
        User.objects.select_for_update().filter(pk=physician.pk).first()
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        if kind == Appointment.Kind.TREATMENT:
            _check_interval(patient, starts_at)
        clash = Appointment.objects.filter(
            Q(physician=physician) | Q(patient=patient),
            state=Appointment.State.BOOKED, starts_at__lt=ends_at, ends_at__gt=starts_at,
        ).select_related("physician").first()
        if clash is not None:
            local = timezone.localtime(clash.starts_at)
            when = {"start": f"{local:%d.%m.%Y %H:%M}",
                    "end": f"{timezone.localtime(clash.ends_at):%H:%M}",
                    "name": physician.full_name or physician.email}
            if clash.physician_id == physician.pk:
                text = _("%(name)s is already booked %(start)s–%(end)s: choose another time.")
            else:
                text = _("The patient is already booked %(start)s–%(end)s: choose another time.")
            raise BookingError({"time": text % when})
        appointment = Appointment.objects.create(
            clinic_id=clinic_id, physician=physician, patient=patient, course=course,
            kind=kind, starts_at=starts_at, ends_at=ends_at, note=note,
        )
        audit.record(actor=user, action="create", obj=appointment, patient=patient,
                     clinic=clinic_id, reason=f"booked {kind}")
        transaction.on_commit(lambda: notify_booked(appointment=appointment))
    return appointment


def appointment_for(user: Any, appointment_id: Any, *, action: str = "read") -> Appointment:
    """One appointment of the user's clinics and patients, audited; 404 otherwise."""
    try:
        appointment = Appointment.objects.select_related("patient", "physician", "clinic").get(
            pk=int(appointment_id),
            clinic_id__in=calendar_clinic_ids(user),
            patient__in=access.patients_for(user),
        )
    except (Appointment.DoesNotExist, ValueError, TypeError):
        raise Http404("no such appointment") from None
    audit.record(actor=user, action=action, obj=appointment, patient=appointment.patient_id,
                 clinic=appointment.clinic_id)
    return appointment


def cancel(*, user: Any, appointment_id: Any) -> Appointment:
    """Cancel a booked appointment; its slot is free again."""
    with transaction.atomic():
        appointment = appointment_for(user, appointment_id, action="update")
        if appointment.state != Appointment.State.BOOKED:
            raise BookingError({"": _("Only a booked appointment can be cancelled.")})
        appointment.state = Appointment.State.CANCELLED
        appointment.save(update_fields=["state"])
    return appointment


def own_appointments(*, user: Any, now: dt.datetime | None = None) -> list[Appointment]:
    """The logged-in patient's coming booked appointments, audited."""
    patient = access.own_patient(user, action="list")
    since = (now or timezone.now()) - dt.timedelta(hours=12)
    return list(
        Appointment.objects.filter(
            patient=patient, state=Appointment.State.BOOKED, ends_at__gte=since
        ).select_related("clinic", "physician")
    )


def own_appointment(*, user: Any, appointment_id: Any) -> Appointment:
    """One of the logged-in patient's own appointments, audited; 404 for anyone else's."""
    if not roles.is_patient(user):
        raise Http404("no such appointment")
    try:
        appointment = Appointment.objects.select_related("clinic").get(
            pk=int(appointment_id), patient__user_id=user.pk
        )
    except (Appointment.DoesNotExist, ValueError, TypeError):
        raise Http404("no such appointment") from None
    audit.record(actor=user, action="read", obj=appointment, patient=appointment.patient_id,
                 clinic=appointment.clinic_id)
    return appointment


def patient_email(patient: Patient) -> str:
    if patient.email:
        return patient.email
    user = patient.user
    return user.email if user is not None else ""


def _send(appointment: Appointment, template: str) -> bool:
    """E-mail the patient about an appointment, with its .ics, in their language."""
    patient = appointment.patient
    address = patient_email(patient)
    if not address:
        return False
    language = patient.preferred_language or "nb"
    with translation.override(language):
        context = {
            "clinic": appointment.clinic.name,
            "starts_at": timezone.localtime(appointment.starts_at),
            "link": f"{settings.BONTRACK_BASE_URL}/portal/timer/",
        }
        subject = render_to_string(f"treatments/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"treatments/email/{template}.txt", context)
        ics = appointment_ics(appointment, language=language)
    message = EmailMessage(subject, body, None, [address])
    message.attach(ics_filename(appointment), ics, "text/calendar")
    message.send()
    return True


def notify_booked(*, appointment: Appointment) -> bool:
    """Tell the patient about a new appointment: when and where, nothing about health."""
    try:
        return _send(appointment, "booked")
    except Exception:  # the booking stands even when the mail server is down
        log.exception("booking e-mail for appointment %s failed", appointment.pk)
        return False


def due_appointment_reminders(now: dt.datetime) -> QuerySet[Appointment]:
    """Booked appointments still ahead that start before the end of tomorrow, not reminded."""
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    _, end_of_tomorrow = _local_range(tomorrow, 1)
    return Appointment.objects.filter(
        state=Appointment.State.BOOKED, reminded_at__isnull=True,
        starts_at__gt=now, starts_at__lt=end_of_tomorrow,
    ).select_related("patient", "patient__user", "clinic")


def send_appointment_reminders(now: dt.datetime) -> int:
    """Send the day-before reminders; each at most once, however many workers run this."""
    sent = 0
    for appointment in due_appointment_reminders(now):
        # The claim is one UPDATE … WHERE reminded_at IS NULL: only one worker gets a row
        # count of 1, and a reminder that fails after its claim is not sent twice.
        claimed = Appointment.objects.filter(
            pk=appointment.pk, reminded_at__isnull=True
        ).update(reminded_at=now)
        if not claimed:
            continue
        try:
            if _send(appointment, "reminder"):
                sent += 1
        except Exception:  # a mail server error must not stop the other reminders
            log.exception("appointment reminder %s failed", appointment.pk)
    return sent
