"""Booking: the 12-week proposal and limit, no double booking, no times in the past."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.http import Http404
from django.utils import timezone

from bontrack.accounts.models import AuditEvent
from bontrack.treatments import scheduling
from bontrack.treatments.models import Appointment
from tests.personas import Cast
from tests.treatments.test_scheduling_helpers import booked, oslo, signed_course

pytestmark = pytest.mark.django_db

TREATMENT = Appointment.Kind.TREATMENT


def _book(cast: Cast, starts_at: dt.datetime, **extra: Any) -> Appointment:
    options: dict[str, Any] = {"kind": TREATMENT, "minutes": 30, **extra}
    return scheduling.book(user=options.pop("user", cast.carol),
                           patient=options.pop("patient", cast.alice_patient),
                           physician=options.pop("physician", cast.dave),
                           starts_at=starts_at, **options)


def test_the_proposal_is_84_days_after_the_last_signed_session(cast: Cast) -> None:
    treated = timezone.localdate() - dt.timedelta(days=20)
    course = signed_course(cast, treated_on=treated)
    proposal = scheduling.treatment_proposal(patient=cast.alice_patient, course=course)
    assert proposal is not None
    assert proposal.last_session == treated
    assert proposal.proposed == treated + dt.timedelta(days=84)


def test_there_is_no_proposal_before_the_first_session(cast: Cast) -> None:
    assert scheduling.treatment_proposal(patient=cast.alice_patient) is None


def test_a_treatment_on_the_proposed_day_is_booked(cast: Cast) -> None:
    treated = timezone.localdate() - dt.timedelta(days=20)
    course = signed_course(cast, treated_on=treated)
    appointment = _book(cast, oslo(treated + dt.timedelta(days=84), 9), course=course)
    assert appointment.state == Appointment.State.BOOKED
    assert appointment.clinic == cast.clinic_a
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(minutes=30)
    assert AuditEvent.objects.filter(action="create", object_id=str(appointment.pk),
                                     patient=cast.alice_patient).exists()


def test_a_treatment_before_12_weeks_is_refused_with_the_reason(cast: Cast) -> None:
    treated = timezone.localdate() - dt.timedelta(days=20)
    signed_course(cast, treated_on=treated)
    with pytest.raises(scheduling.BookingError) as refused:
        _book(cast, oslo(treated + dt.timedelta(days=83), 9))
    earliest = treated + dt.timedelta(days=84)
    assert earliest.strftime("%d.%m.%Y") in refused.value.errors["date"]
    assert not Appointment.objects.exists()


def test_a_follow_up_visit_may_come_before_12_weeks(cast: Cast) -> None:
    treated = timezone.localdate() - dt.timedelta(days=20)
    signed_course(cast, treated_on=treated)
    visit = _book(cast, oslo(treated + dt.timedelta(days=28), 9),
                  kind=Appointment.Kind.FOLLOW_UP)
    assert visit.kind == Appointment.Kind.FOLLOW_UP


def test_two_treatments_booked_within_12_weeks_of_each_other_are_refused(cast: Cast) -> None:
    first = timezone.localdate() + dt.timedelta(days=10)
    _book(cast, oslo(first, 9))
    with pytest.raises(scheduling.BookingError) as refused:
        _book(cast, oslo(first + dt.timedelta(days=60), 9))
    assert "12" in refused.value.errors["date"]
    assert _book(cast, oslo(first + dt.timedelta(days=84), 9))


def test_an_overlapping_booking_for_the_same_physician_is_refused(cast: Cast) -> None:
    day = timezone.localdate() + dt.timedelta(days=3)
    booked(cast, starts_at=oslo(day, 10), patient=cast.bob_patient)
    with pytest.raises(scheduling.BookingError) as refused:
        _book(cast, oslo(day, 10, 15), kind=Appointment.Kind.FOLLOW_UP)
    assert "Dave Doktor" in refused.value.errors["time"]
    assert Appointment.objects.count() == 1


def test_an_overlapping_booking_for_the_same_patient_is_refused(cast: Cast) -> None:
    day = timezone.localdate() + dt.timedelta(days=3)
    booked(cast, starts_at=oslo(day, 10))
    other = cast.dave.__class__.objects.create_user(email="d2@example.org", password="x" * 12,
                                                    full_name="Dina Doktor")
    other.memberships.create(clinic=cast.clinic_a, role="physician")
    with pytest.raises(scheduling.BookingError) as refused:
        _book(cast, oslo(day, 10), physician=other, kind=Appointment.Kind.FOLLOW_UP)
    assert "Pasienten har allerede time" in refused.value.errors["time"]


def test_adjacent_bookings_are_allowed(cast: Cast) -> None:
    day = timezone.localdate() + dt.timedelta(days=3)
    booked(cast, starts_at=oslo(day, 10), patient=cast.bob_patient)
    after = _book(cast, oslo(day, 10, 30), kind=Appointment.Kind.FOLLOW_UP)
    before = _book(cast, oslo(day, 9, 30), patient=cast.bob_patient,
                   kind=Appointment.Kind.EVALUATION)
    assert {after.kind, before.kind} == {Appointment.Kind.FOLLOW_UP, Appointment.Kind.EVALUATION}


def test_a_cancelled_appointment_frees_its_slot(cast: Cast) -> None:
    day = timezone.localdate() + dt.timedelta(days=3)
    old = booked(cast, starts_at=oslo(day, 10), patient=cast.bob_patient)
    scheduling.cancel(user=cast.carol, appointment_id=old.pk)
    assert _book(cast, oslo(day, 10), kind=Appointment.Kind.FOLLOW_UP)


def test_a_time_in_the_past_is_refused(cast: Cast) -> None:
    with pytest.raises(scheduling.BookingError) as refused:
        _book(cast, timezone.now() - dt.timedelta(minutes=5))
    assert "passert" in refused.value.errors["date"]


def test_a_length_outside_the_limits_is_refused(cast: Cast) -> None:
    with pytest.raises(scheduling.BookingError) as refused:
        _book(cast, timezone.now() + dt.timedelta(days=1), minutes=600)
    assert "minutes" in refused.value.errors


def test_a_physician_of_another_clinic_cannot_book_clinic_a_patients(cast: Cast) -> None:
    with pytest.raises(Http404):
        _book(cast, timezone.now() + dt.timedelta(days=1), user=cast.erin, physician=cast.erin)


def test_a_physician_of_another_clinic_cannot_be_booked_for_clinic_a(cast: Cast) -> None:
    with pytest.raises(scheduling.BookingError) as refused:
        _book(cast, timezone.now() + dt.timedelta(days=1), physician=cast.erin)
    assert "physician" in refused.value.errors


def test_the_booking_email_goes_to_the_patient_without_health_details(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    treated = timezone.localdate() - dt.timedelta(days=20)
    course = signed_course(cast, treated_on=treated)
    when = oslo(treated + dt.timedelta(days=84), 9)
    with django_capture_on_commit_callbacks(execute=True):
        _book(cast, when, course=course)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "Time ved Clinic A" in message.subject
    assert when.strftime("%d.%m.%Y") in message.body and "09:00" in message.body
    text = f"{message.subject} {message.body}".lower()
    for word in ("botox", "migren", "behandling", "treatment", "units", "enheter"):
        assert word not in text
    _name, ics, mimetype = message.attachments[0]
    assert mimetype == "text/calendar" and "SUMMARY:Time ved Clinic A" in ics


def test_the_booking_email_is_in_the_patients_language(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast.alice_patient.preferred_language = "en"
    cast.alice_patient.save()
    with django_capture_on_commit_callbacks(execute=True):
        _book(cast, timezone.now() + dt.timedelta(days=2), kind=Appointment.Kind.FOLLOW_UP)
    assert "Appointment at Clinic A" in mail.outbox[0].subject


def test_the_week_lists_only_the_users_clinics(cast: Cast) -> None:
    day = timezone.localdate() + dt.timedelta(days=7)
    monday = day - dt.timedelta(days=day.weekday())
    booked(cast, starts_at=oslo(day, 10))
    assert sum(len(d.appointments) for d in scheduling.week(user=cast.carol,
                                                            monday=monday).days) == 1
    assert sum(len(d.appointments) for d in scheduling.week(user=cast.erin,
                                                            monday=monday).days) == 0


def test_a_week_is_read_from_its_iso_name() -> None:
    assert scheduling.parse_week("2026-W48") == dt.date(2026, 11, 23)
    with pytest.raises(ValueError):
        scheduling.parse_week("2026-48")
