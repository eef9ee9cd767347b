"""Shared set-up for the calendar tests (no tests here): a signed course, times in Oslo."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bontrack.patients.models import Patient
from bontrack.treatments.models import Appointment, Course, Session
from tests.personas import Cast


def oslo(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def signed_course(cast: Cast, *, treated_on: dt.date) -> Course:
    """Alice's chronic-migraine course at clinic A with one signed session on `treated_on`."""
    course = Course.objects.create(
        patient=cast.alice_patient, clinic=cast.clinic_a,
        indication=Course.Indication.CHRONIC_MIGRAINE, started_on=treated_on,
    )
    Session.objects.create(
        course=course, patient=cast.alice_patient, clinic=cast.clinic_a, cycle=1,
        performed_on=treated_on, physician=cast.dave, state=Session.State.SIGNED,
        total_units=155, signed_at=timezone.now(), signed_by=cast.dave,
    )
    return course


def booked(cast: Cast, *, starts_at: dt.datetime, minutes: int = 30,
           kind: str = Appointment.Kind.FOLLOW_UP, patient: Patient | None = None) -> Appointment:
    """An appointment written straight to the database (no rules), for set-up."""
    return Appointment.objects.create(
        clinic=cast.clinic_a, physician=cast.dave, patient=patient or cast.alice_patient,
        kind=kind, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=minutes),
    )
