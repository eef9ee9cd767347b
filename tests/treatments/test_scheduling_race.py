"""Two people book the same slot at the same moment: exactly one booking is made."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from bontrack.accounts.models import User
from bontrack.patients.models import Patient
from bontrack.treatments import scheduling
from bontrack.treatments.models import Appointment
from tests.personas import make_cast
from tests.treatments.test_scheduling_helpers import oslo


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_bookings_of_one_slot_give_one_appointment() -> None:
    cast = make_cast()
    when = oslo(timezone.localdate() + dt.timedelta(days=5), 11)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def book(user: User, patient: Patient) -> None:
        try:
            start.wait()
            scheduling.book(user=user, patient=patient, physician=cast.dave,
                            kind=Appointment.Kind.FOLLOW_UP, starts_at=when, minutes=30)
            outcomes.append("booked")
        except scheduling.BookingError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(cast.carol, cast.alice_patient)),
               threading.Thread(target=book, args=(cast.dave, cast.bob_patient))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked", "refused"]
    assert Appointment.objects.filter(physician=cast.dave, starts_at=when).count() == 1
