"""Dates shown to people on the treatment pages read 05.03.2025 (day.month.year, leading
zeros) in bokmål and English alike; dates machines read (links, date inputs) stay ISO."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import formats, timezone, translation

from bontrack.clinical.schedule import next_treatment
from bontrack.treatments.models import Addendum, Session, VialLot
from tests.personas import Cast, login
from tests.treatments.test_scheduling_helpers import booked, oslo, signed_course

pytestmark = pytest.mark.django_db
TREATED = dt.date(2025, 3, 5)  # one-digit day and month tell 05.03.2025 from 5.3.2025
ISO_IN_TEXT = re.compile(r">[^<]*\b\d{4}-\d{2}-\d{2}\b[^<]*<")


def _client(cast: Cast, language: str) -> Client:
    return login(Client(HTTP_ACCEPT_LANGUAGE=language), cast.dave)


def _signed_session(cast: Cast) -> Session:
    course = signed_course(cast, treated_on=TREATED)
    session = Session.objects.get(course=course)
    session.lot = VialLot.objects.create(clinic=cast.clinic_a, vial_units=200, lot_number="C9",
                                         expires_on=dt.date(2026, 1, 9), vials_in_stock=1)
    session.save(update_fields=["lot"])
    Addendum.objects.create(session=session, text="Checked.", by=cast.dave)
    return session


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_numeric_date_formats_are_day_month_year_in_both_languages(language: str) -> None:
    with translation.override(language):
        assert formats.date_format(TREATED, "SHORT_DATE_FORMAT") == "05.03.2025"
        moment = dt.datetime(2025, 3, 5, 14, 7)
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "05.03.2025 14:07"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_signed_session_shows_its_dates_as_day_month_year(cast: Cast, language: str) -> None:
    session = _signed_session(cast)
    url = f"/klinikk/pasienter/{cast.alice_patient.pk}/behandling/okt/{session.pk}/"
    page = _client(cast, language).get(url).content.decode()
    earliest, due = next_treatment(TREATED).earliest, next_treatment(TREATED).due
    signed = timezone.localtime(session.signed_at)
    for shown in ("05.03.2025", f"{earliest:%d.%m.%Y}", f"{due:%d.%m.%Y}", "09.01.2026",
                  f"{signed:%d.%m.%Y %H:%M}"):
        assert shown in page, shown
    assert ISO_IN_TEXT.search(page) is None, ISO_IN_TEXT.search(page)
    assert f"dato={earliest:%Y-%m-%d}" in page  # the link to the booking form stays ISO


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_course_list_shows_day_month_year(cast: Cast, language: str) -> None:
    _signed_session(cast)
    page = _client(cast, language).get(
        f"/klinikk/pasienter/{cast.alice_patient.pk}/behandling/").content.decode()
    assert page.count("05.03.2025") == 2  # the course's start and its session
    assert ISO_IN_TEXT.search(page) is None


def test_the_calendar_in_english_shows_day_month_year(cast: Cast) -> None:
    booked(cast, starts_at=oslo(dt.date(2026, 11, 25), 9))
    page = _client(cast, "en").get("/klinikk/kalender/?uke=2026-W48").content.decode()
    assert "Week 48, 2026: 23.11.2026–29.11.2026" in page
    assert "Wednesday 25.11.2026" in page


def test_the_booking_form_keeps_its_date_input_iso(cast: Cast) -> None:
    signed_course(cast, treated_on=TREATED)
    page = _client(cast, "nb").get(
        f"/klinikk/kalender/ny/?pasient={cast.alice_patient.pk}").content.decode()
    proposed = TREATED + dt.timedelta(days=84)
    assert f"Forslag: {proposed:%d.%m.%Y}, 12 uker senere" in page
    assert f'value="{proposed:%Y-%m-%d}"' in page
