"""The day-before reminder: due for tomorrow's appointments, sent once however often asked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from bontrack.treatments import scheduling
from bontrack.treatments.models import Appointment
from tests.personas import Cast
from tests.treatments.test_scheduling_helpers import booked, oslo

pytestmark = pytest.mark.django_db

if not any(f.name == "reminded_at" for f in Appointment._meta.get_fields()):
    pytest.skip("Appointment.reminded_at is not in the model yet", allow_module_level=True)

TODAY = dt.date(2030, 3, 12)
NOW = oslo(TODAY, 18)


def test_tomorrows_appointment_is_due_and_next_weeks_is_not(cast: Cast) -> None:
    tomorrow = booked(cast, starts_at=oslo(TODAY + dt.timedelta(days=1), 9))
    booked(cast, starts_at=oslo(TODAY + dt.timedelta(days=7), 9))
    assert list(scheduling.due_appointment_reminders(NOW)) == [tomorrow]


def test_a_cancelled_appointment_gets_no_reminder(cast: Cast) -> None:
    appointment = booked(cast, starts_at=oslo(TODAY + dt.timedelta(days=1), 9))
    Appointment.objects.filter(pk=appointment.pk).update(state=Appointment.State.CANCELLED)
    assert not scheduling.due_appointment_reminders(NOW).exists()


def test_the_reminder_is_sent_once_without_health_details(cast: Cast) -> None:
    booked(cast, starts_at=oslo(TODAY + dt.timedelta(days=1), 9, 30),
           kind=Appointment.Kind.TREATMENT)
    assert scheduling.send_appointment_reminders(NOW) == 1
    assert scheduling.send_appointment_reminders(NOW) == 0
    assert scheduling.send_appointment_reminders(NOW + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "Påminnelse: time ved Clinic A klokka 09:30"
    assert "13.03.2030" in message.body
    assert "behandling" not in message.body.lower()
    assert Appointment.objects.get().reminded_at == NOW


def test_a_patient_without_an_address_is_claimed_but_not_mailed(cast: Cast) -> None:
    booked(cast, starts_at=oslo(TODAY + dt.timedelta(days=1), 9),
           patient=cast.berit_patient)
    assert scheduling.send_appointment_reminders(NOW) == 0
    assert not mail.outbox
    assert not scheduling.due_appointment_reminders(NOW).exists()
