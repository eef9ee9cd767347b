"""Access-matrix rows for the clinic calendar (/klinikk/kalender/).

Coordinators and physicians keep the calendar of their own clinics: erin (clinic B) has her
own, empty week and gets 404 for clinic A's patients and appointments; the clinic admin,
patients, the GP and the platform admin get 403.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bontrack.treatments.models import Appointment
from tests.matrix.base import PATIENTS, Row, for_group
from tests.personas import Cast

BASE = "/klinikk/kalender/"
CALENDAR = {"carol", "dave", "erin"}
CLINIC_A = for_group(CALENDAR, 200, erin=404)


def alice_appointment(cast: Cast) -> Appointment:
    """A fresh follow-up visit for alice with dave at clinic A, next week."""
    starts_at = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    return Appointment.objects.create(
        clinic=cast.clinic_a, physician=cast.dave, patient=cast.alice_patient,
        kind=Appointment.Kind.FOLLOW_UP, starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
    )


ROWS: list[Row] = [
    Row("klinikk/kalender/", lambda c: f"{BASE}?uke=2026-W48", for_group(CALENDAR, 200)),
    Row("klinikk/kalender/ny/", lambda c: f"{BASE}ny/", for_group(CALENDAR, 200)),
    Row("klinikk/kalender/ny/", lambda c: f"{BASE}ny/?pasient={c.alice_patient.pk}", CLINIC_A),
    Row(
        "klinikk/kalender/<int:appointment_id>/time.ics",
        lambda c: f"{BASE}{alice_appointment(c).pk}/time.ics",
        CLINIC_A,
    ),
    Row(
        "klinikk/kalender/<int:appointment_id>/avlys/",
        lambda c: f"{BASE}{alice_appointment(c).pk}/avlys/",
        for_group(CALENDAR, 302, erin=404),
        method="post",
    ),
]

# The patient's own appointments under /portal/timer/ (bontrack.treatments.portal_calendar_urls):
# alice gets her own .ics, bob gets 404 for hers, everyone who is not a patient 403.
ROWS += [
    Row("portal/timer/", lambda c: "/portal/timer/", for_group(PATIENTS, 200)),
    Row(
        "portal/timer/<int:appointment_id>/time.ics",
        lambda c: f"/portal/timer/{alice_appointment(c).pk}/time.ics",
        for_group(PATIENTS, 200, bob=404),
    ),
]
