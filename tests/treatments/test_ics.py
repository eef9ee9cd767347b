"""The .ics file: RFC 5545 lines, CRLF endings, folding at 75 octets, UTC times, no health."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from bontrack.treatments.ics import appointment_ics, escape_text, fold
from bontrack.treatments.models import Appointment
from tests.personas import Cast, login
from tests.treatments.test_scheduling_helpers import booked, oslo

STAMP = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


def _lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    return text.split("\r\n")[:-1]


def _unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


@pytest.mark.django_db
def test_the_ics_holds_one_event_in_utc(cast: Cast) -> None:
    # 09:30 in Oslo in November (CET, UTC+1) is 08:30 UTC.
    appointment = booked(cast, starts_at=oslo(dt.date(2026, 11, 26), 9, 30), minutes=45,
                         kind=Appointment.Kind.TREATMENT)
    text = appointment_ics(appointment, language="nb", now=STAMP)
    lines = _lines(text)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bontrack//calendar//EN"]
    assert lines[-2:] == ["END:VEVENT", "END:VCALENDAR"]
    fields = dict(line.split(":", 1) for line in _unfolded(text))
    assert "BEGIN:VEVENT" in lines
    assert fields["UID"] == f"appointment-{appointment.pk}@127.0.0.1"
    assert fields["DTSTAMP"] == "20261120T080000Z"
    assert fields["DTSTART"] == "20261126T083000Z"
    assert fields["DTEND"] == "20261126T091500Z"
    assert fields["SUMMARY"] == "Time ved Clinic A"
    assert "DESCRIPTION" not in fields
    assert "reatment" not in text and "ehandling" not in text


@pytest.mark.django_db
def test_summer_time_is_converted_to_utc(cast: Cast) -> None:
    appointment = booked(cast, starts_at=oslo(dt.date(2027, 6, 1), 9))
    assert "DTSTART:20270601T070000Z" in appointment_ics(appointment, now=STAMP)


@pytest.mark.django_db
def test_a_long_clinic_name_is_folded_and_escaped(cast: Cast) -> None:
    cast.clinic_a.name = "Smerteklinikken, avdeling for hodepine; Ålesund sjukehus " * 2
    cast.clinic_a.save()
    appointment = booked(cast, starts_at=oslo(dt.date(2026, 11, 26), 9))
    text = appointment_ics(appointment, language="nb", now=STAMP)
    assert all(len(line.encode("utf-8")) <= 75 for line in _lines(text))
    summary = next(line for line in _unfolded(text) if line.startswith("SUMMARY:"))
    assert summary.startswith("SUMMARY:Time ved Smerteklinikken\\, avdeling for hodepine\\; Å")


def test_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "æøå" * 40
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_text_is_escaped() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


@pytest.mark.django_db
def test_a_cancelled_appointment_says_so(cast: Cast) -> None:
    appointment = booked(cast, starts_at=oslo(dt.date(2026, 11, 26), 9))
    appointment.state = Appointment.State.CANCELLED
    text = appointment_ics(appointment, now=STAMP)
    assert "STATUS:CANCELLED" in text and "SEQUENCE:1" in text


@pytest.mark.django_db
def test_staff_and_the_patient_download_it(cast: Cast) -> None:
    appointment = booked(cast, starts_at=oslo(dt.date(2030, 1, 8), 9))
    for user, url in ((cast.carol, f"/klinikk/kalender/{appointment.pk}/time.ics"),
                      (cast.alice, f"/portal/timer/{appointment.pk}/time.ics")):
        response = login(Client(), user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert 'filename="time-2030-01-08-0900.ics"' in response["Content-Disposition"]
        assert b"DTSTART:20300108T080000Z\r\n" in response.content
