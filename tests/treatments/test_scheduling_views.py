"""The calendar pages: the week, booking with the 12-week proposal, cancelling, the portal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.treatments.models import Appointment
from tests.personas import Cast, login
from tests.treatments.test_scheduling_helpers import booked, oslo, signed_course

pytestmark = pytest.mark.django_db


def _form(cast: Cast, day: dt.date, time: str = "09:00", **extra: str) -> dict[str, str]:
    return {"patient": str(cast.alice_patient.pk), "physician": str(cast.dave.pk),
            "kind": "treatment", "date": day.isoformat(), "time": time, "minutes": "30", **extra}


def test_the_booking_page_proposes_12_weeks_after_the_last_session(cast: Cast) -> None:
    treated = timezone.localdate() - dt.timedelta(days=30)
    signed_course(cast, treated_on=treated)
    client = login(Client(), cast.carol)
    response = client.get(f"/klinikk/kalender/ny/?pasient={cast.alice_patient.pk}")
    proposed = treated + dt.timedelta(days=84)
    assert response.status_code == 200
    assert f'value="{proposed.isoformat()}"' in response.content.decode()
    assert proposed.strftime("%d.%m.%Y") in response.content.decode()


def test_the_date_can_be_prefilled(cast: Cast) -> None:
    response = login(Client(), cast.dave).get(
        f"/klinikk/kalender/ny/?pasient={cast.alice_patient.pk}&dato=2031-02-03")
    assert 'value="2031-02-03"' in response.content.decode()


def test_booking_redirects_to_the_week_that_shows_it(cast: Cast) -> None:
    treated = timezone.localdate() - dt.timedelta(days=30)
    course = signed_course(cast, treated_on=treated)
    day = treated + dt.timedelta(days=84)
    client = login(Client(), cast.carol)
    response = client.post("/klinikk/kalender/ny/", _form(cast, day, course=str(course.pk)))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.course == course
    week = client.get(response["Location"])
    page = week.content.decode()
    assert "Alice Aas" in page and f"/klinikk/pasienter/{cast.alice_patient.pk}/" in page
    assert f"/klinikk/kalender/{appointment.pk}/time.ics" in page
    assert "Satt opp" in page


def test_a_booking_too_early_is_refused_on_the_form(cast: Cast) -> None:
    treated = timezone.localdate() - dt.timedelta(days=30)
    signed_course(cast, treated_on=treated)
    response = login(Client(), cast.carol).post(
        "/klinikk/kalender/ny/", _form(cast, treated + dt.timedelta(days=50)))
    assert response.status_code == 200
    assert "For tidlig" in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_bad_date_is_named_and_nothing_is_stored(cast: Cast) -> None:
    response = login(Client(), cast.carol).post("/klinikk/kalender/ny/",
                                                _form(cast, dt.date(2030, 1, 1), time="25:99"))
    assert response.status_code == 200
    assert 'id="id_time-error"' in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_double_booking_is_refused_on_the_form(cast: Cast) -> None:
    day = timezone.localdate() + dt.timedelta(days=4)
    booked(cast, starts_at=oslo(day, 9), patient=cast.bob_patient)
    response = login(Client(), cast.carol).post(
        "/klinikk/kalender/ny/", _form(cast, day, time="09:15", kind="follow_up"))
    assert "Dave Doktor er allerede opptatt" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_erin_cannot_book_or_see_clinic_a(cast: Cast) -> None:
    client = login(Client(), cast.erin)
    day = timezone.localdate() + dt.timedelta(days=4)
    appointment = booked(cast, starts_at=oslo(day, 9))
    assert client.get(f"/klinikk/kalender/ny/?pasient={cast.alice_patient.pk}").status_code == 404
    response = client.post("/klinikk/kalender/ny/", _form(cast, day, time="12:00"))
    assert response.status_code == 404
    assert client.get(f"/klinikk/kalender/{appointment.pk}/time.ics").status_code == 404
    assert client.post(f"/klinikk/kalender/{appointment.pk}/avlys/").status_code == 404
    week = client.get(f"/klinikk/kalender/?uke={day:%G-W%V}")
    assert "Alice Aas" not in week.content.decode()
    assert Appointment.objects.get().state == Appointment.State.BOOKED


def test_the_week_filters_by_physician_and_links_to_neighbouring_weeks(cast: Cast) -> None:
    booked(cast, starts_at=oslo(dt.date(2026, 11, 25), 9))
    client = login(Client(), cast.carol)
    page = client.get("/klinikk/kalender/?uke=2026-W48").content.decode()
    assert "Alice Aas" in page and "23.11.2026" in page and "29.11.2026" in page
    assert "uke=2026-W47" in page and "uke=2026-W49" in page
    other = client.get(f"/klinikk/kalender/?uke=2026-W48&lege={cast.carol.pk}")
    assert other.status_code == 200
    filtered = client.get(f"/klinikk/kalender/?uke=2026-W48&lege={cast.dave.pk}").content.decode()
    assert "Alice Aas" in filtered and f"lege={cast.dave.pk}" in filtered


def test_a_bad_week_is_explained(cast: Cast) -> None:
    response = login(Client(), cast.carol).get("/klinikk/kalender/?uke=uke48", follow=True)
    assert "2026-W48" in response.content.decode()


def test_cancelling_frees_the_slot(cast: Cast) -> None:
    appointment = booked(cast, starts_at=oslo(timezone.localdate() + dt.timedelta(days=4), 9))
    response = login(Client(), cast.dave).post(f"/klinikk/kalender/{appointment.pk}/avlys/")
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.state == Appointment.State.CANCELLED


def test_the_patient_sees_her_own_appointments_only(cast: Cast) -> None:
    mine = booked(cast, starts_at=oslo(timezone.localdate() + dt.timedelta(days=4), 9))
    booked(cast, starts_at=oslo(timezone.localdate() + dt.timedelta(days=5), 9),
           patient=cast.bob_patient)
    page = login(Client(), cast.alice).get("/portal/timer/").content.decode()
    assert f"/portal/timer/{mine.pk}/time.ics" in page
    assert page.count("time.ics") == 1
