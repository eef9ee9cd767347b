"""A booking request end to end: a visitor fills the form with the keyboard only and sends it,
follows it on the status page; the clinic admin, who also works the clinic's front desk (a
coordinator membership: accepting creates a patient record), accepts it with an appointment;
the status page then shows the appointment. Every page is checked with axe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from bontrack.accounts.models import Membership, Role
from bontrack.directory import antispam
from bontrack.directory.models import BookingRequest, Treatment
from bontrack.patients.models import Patient
from bontrack.patients.nin import make_national_id
from bontrack.treatments.models import Appointment
from tests.directory.booking_helpers import HEALTH_MESSAGE, linked_listing
from tests.directory.factories import make_offering
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import DESKTOP, log_in_staff, shoot
from tests.personas import Cast

KARI_NIN = make_national_id(dt.date(1985, 3, 14), 456, synthetic=True)


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    pytest.fail(f"{selector} was not reached with the Tab key")


def shoot_zoomed(page: Page, artifacts: Path, name: str) -> None:
    """A 640 px wide shot: what a 1280 px screen shows at 200 % zoom."""
    page.set_viewport_size({"width": 640, "height": 900})
    page.screenshot(path=str(artifacts / f"{name}-640.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_visitor_asks_for_an_appointment_and_the_clinic_accepts_it(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A browser types faster than any person: the "sent too quickly" check would refuse it.
    monkeypatch.setattr(antispam, "MIN_SECONDS", 0)
    listing = linked_listing(live_cast.clinic_a)
    make_offering(listing, treatment=Treatment.JAW)
    day = timezone.localdate() + dt.timedelta(days=10)

    # --- The visitor, keyboard only ---------------------------------------------------------
    page.goto(f"/klinikker/{listing.slug}/bestill/")
    expect(page.locator("h1")).to_have_text(f"Be om time hos {listing.name}")
    axe.check(context="request form")
    shoot(page, artifacts, "booking-form")
    shoot_zoomed(page, artifacts, "booking-form")

    tab_to(page, "#id_name")
    page.keyboard.type("Kari Nordmann")
    page.keyboard.press("Tab")
    page.keyboard.type("kari@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("912 34 567")
    page.keyboard.press("Tab")  # the treatment: the first choice after "Velg behandling"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_treatment")).to_have_value(Treatment.CHRONIC_MIGRAINE.value)
    page.keyboard.press("Tab")
    page.keyboard.type("Tirsdager før lunsj")
    page.keyboard.press("Tab")  # the referral radios: the first is "Ja"
    page.keyboard.press("Space")
    expect(page.get_by_label("Ja", exact=True)).to_be_checked()
    tab_to(page, "#id_message")
    page.keyboard.type(HEALTH_MESSAGE)
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    expect(page.locator("#id_consent")).to_be_checked()
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Timeforespørselen din")
    expect(page.get_by_role("status")).to_contain_text("Forespørselen din er sendt")
    expect(page.locator("main")).to_contain_text("Mottatt")
    expect(page.locator("main")).to_contain_text("BoNT-A ved kronisk migrene")
    axe.check(context="status page, new")
    shoot(page, artifacts, "booking-status-new")
    status_url = page.url
    booking = BookingRequest.objects.get()
    assert booking.name == "Kari Nordmann" and booking.has_referral == "yes"
    receipt = next(m for m in mail.outbox if m.to == ["kari@example.org"])
    assert booking.token in receipt.body and "migrene" not in receipt.body

    # --- The clinic admin accepts it ----------------------------------------------------------
    Membership.objects.create(user=live_cast.ola, clinic=live_cast.clinic_a, role=Role.COORDINATOR)
    log_in_staff(page, axe, live_cast.ola)
    expect(page.locator("main")).to_contain_text("1 ny")
    page.get_by_role("link", name="Timeforespørsler").click()
    expect(page.locator("h1")).to_have_text("Timeforespørsler")
    expect(page.locator("main")).to_contain_text("1 forespørsel venter")
    axe.check(context="inbox")
    shoot(page, artifacts, "booking-inbox")
    page.get_by_role("link", name="Kari Nordmann").click()
    expect(page.locator("h1")).to_have_text("Timeforespørsel fra Kari Nordmann")
    expect(page.locator("main")).to_contain_text(HEALTH_MESSAGE)
    axe.check(context="request page")

    page.get_by_label("Fødselsnummer", exact=True).fill(KARI_NIN)
    page.get_by_label("Lege", exact=True).select_option(label="Dave Doktor")
    page.get_by_label("Dato", exact=True).fill(day.isoformat())
    page.get_by_label("Klokkeslett").fill("09:30")
    shoot(page, artifacts, "booking-accept")
    shoot_zoomed(page, artifacts, "booking-accept")
    page.get_by_role("button", name="Godta og sett opp time").click()
    expect(page.get_by_role("status")).to_contain_text("Godtatt: Kari Nordmann")
    expect(page.locator("main")).to_contain_text(day.strftime("%d.%m.%Y"))
    axe.check(context="request accepted")
    patient = Patient.objects.get(national_id=KARI_NIN)
    appointment = Appointment.objects.get(patient=patient)
    assert appointment.physician == live_cast.dave
    assert timezone.localtime(appointment.starts_at).date() == day

    # --- The visitor sees the answer ----------------------------------------------------------
    page.get_by_role("button", name="Logg ut").click()
    axe.check(context="after log-out")
    page.goto(status_url)
    expect(page.locator(".bt-status__tag")).to_have_text("Akseptert")
    expect(page.locator("main")).to_contain_text(f"{day:%d.%m.%Y} klokka 09:30")
    expect(page.get_by_role("button", name="Trekk tilbake forespørselen")).to_have_count(0)
    axe.check(context="status page, accepted")
    shoot(page, artifacts, "booking-status-accepted")
