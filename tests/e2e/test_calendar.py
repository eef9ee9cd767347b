"""A coordinator books the next treatment 12 weeks after a signed session, sees it in the
week and downloads the .ics; the patient finds it in the portal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from bontrack.treatments.models import Appointment
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import enter_code, log_in, shoot
from tests.personas import Cast
from tests.treatments.test_scheduling_helpers import signed_course


def test_a_coordinator_books_the_next_treatment_at_12_weeks(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    treated = timezone.localdate() - dt.timedelta(days=14)
    signed_course(live_cast, treated_on=treated)
    proposed = treated + dt.timedelta(days=84)

    log_in(page, axe, "carol@example.org")
    axe.check(context="code page")
    enter_code(page, live_cast.carol)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Klinikkens arbeidsflate")
    axe.check(context="workspace")

    # The calendar, then the booking form for alice, with the proposal filled in.
    page.goto("/klinikk/kalender/")
    expect(page.locator("h1")).to_have_text("Kalender")
    axe.check(context="week, empty")
    page.goto(f"/klinikk/kalender/ny/?pasient={live_cast.alice_patient.pk}")
    expect(page.locator(".bt-proposal")).to_contain_text(proposed.strftime("%d.%m.%Y"))
    expect(page.get_by_label("Dato")).to_have_value(proposed.isoformat())
    axe.check(context="booking form")

    # One day too early is refused, with the reason.
    page.get_by_label("Lege", exact=True).select_option(label="Dave Doktor")
    page.get_by_label("Dato").fill((proposed - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Klokkeslett").fill("09:30")
    page.get_by_role("button", name="Sett opp timen").click()
    expect(page.get_by_role("alert")).to_contain_text("For tidlig")
    assert not Appointment.objects.exists()
    shoot(page, artifacts, "calendar-book-refused")
    axe.check(context="booking refused")

    # On the proposed day it is booked, and the week shows it.
    page.get_by_label("Dato").fill(proposed.isoformat())
    page.get_by_label("Klokkeslett").fill("09:30")
    page.get_by_role("button", name="Sett opp timen").click()
    expect(page.get_by_role("status")).to_contain_text("Satt opp")
    row = page.locator(".bt-appointment", has_text="Alice Aas")
    expect(row).to_contain_text("09:30–10:00")
    expect(row).to_contain_text("Behandling")
    week = proposed.isocalendar()
    expect(page.locator(".bt-lead")).to_contain_text(f"Uke {week.week}, {week.year}")
    shoot(page, artifacts, "calendar-week")
    axe.check(context="week with the booking")
    appointment = Appointment.objects.get()
    assert appointment.kind == Appointment.Kind.TREATMENT
    assert timezone.localtime(appointment.starts_at).date() == proposed

    with page.expect_download() as download_info:
        row.get_by_role("link", name="Kalenderfil (.ics)").click()
    ics = artifacts / "calendar-appointment.ics"
    download_info.value.save_as(ics)
    data = ics.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert b"SUMMARY:Time ved Clinic A\r\n" in data
    start_utc = appointment.starts_at.astimezone(dt.UTC)
    assert f"DTSTART:{start_utc:%Y%m%dT%H%M%S}Z".encode() in data

    # Alice finds it in the portal.
    page.get_by_role("button", name="Logg ut").click()
    axe.check(context="after log-out")
    log_in(page, axe, "alice@example.org")
    page.wait_for_url("**/portal/")
    axe.check(context="portal home")
    page.goto("/portal/timer/")
    expect(page.locator("h1")).to_have_text("Mine timer")
    expect(page.locator("main")).to_contain_text(proposed.strftime("%d.%m.%Y"))
    expect(page.locator("main")).to_contain_text("Clinic A")
    shoot(page, artifacts, "calendar-portal")
    axe.check(context="portal appointments")
