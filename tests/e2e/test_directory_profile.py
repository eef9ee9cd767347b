"""Clinic profiles in the browser: a visitor opens one by keyboard; the clinic admin keeps it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from bontrack.directory.models import Listing, Treatment
from tests.directory.factories import days_ago, make_listing, make_offering
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import PHONE, log_in_staff, shoot
from tests.personas import Cast

PRICE = f"#id_offering-{Treatment.CHRONIC_MIGRAINE}-price_from"
WAIT = f"#id_offering-{Treatment.CHRONIC_MIGRAINE}-wait_weeks"


def _fits(page: Page) -> bool:
    """Whether the page is no wider than the screen (tables may scroll inside their region)."""
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def _listing(cast: Cast) -> Listing:
    listing = make_listing(
        name="Kvitveis Testklinikk",
        clinic=cast.clinic_a,
        description="Vi behandler kronisk migrene. Første time er en samtale.",
        staff_roles=["Nevrolog", "Sykepleier"],
        blue_prescription=True,
        where_to_meet="Bygg B, 2. etasje, inngang fra parken",
        parking="Parkeringshus ved inngangen",
        public_transport="Buss 31 til Parkveien",
        email="post@kvitveis.example",
        rating_count=0,
    )
    make_offering(
        listing,
        price_from=3500,
        wait_weeks=8,
        price_confirmed_on=days_ago(50),
        wait_updated_on=days_ago(50),
    )
    make_offering(listing, treatment=Treatment.NECK_SHOULDER, price_from=3900, wait_weeks=3)
    return listing


def test_a_visitor_opens_a_clinic_profile_by_keyboard(
    page: Page, axe: AxeGuard, artifacts: Path, live_cast: Cast
) -> None:
    listing = _listing(live_cast)
    blocked: list[str] = []
    page.on(
        "console", lambda msg: blocked.append(msg.text) if "Content Security" in msg.text else None
    )
    page.goto("/klinikker/")
    axe.check(context="directory")
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        if focused == listing.name:
            break
    else:
        raise AssertionError(f"no link to {listing.name} reached by Tab")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(listing.name)
    axe.check(context="clinic profile")
    expect(page.get_by_role("link", name="Be om time")).to_have_attribute(
        "href", f"/klinikker/{listing.slug}/bestill/"
    )
    offers = page.get_by_role("table").first
    expect(offers).to_contain_text("3\u00a0500 kr")
    expect(offers.locator(".ds-tag")).to_have_count(2)  # the old price and the old wait
    expect(page.locator("tr.bt-today")).to_contain_text("i dag")
    expect(page.get_by_role("link", name="Se stedet på OpenStreetMap")).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/\?mlat=")
    )
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
    assert data["@type"] == "MedicalClinic" and data["name"] == listing.name
    assert not blocked, blocked
    shoot(page, artifacts, "directory-profile")
    page.set_viewport_size({"width": 640, "height": 900})  # 200 % zoom of a 1280 px screen
    expect(page.get_by_role("link", name="Be om time")).to_be_visible()
    axe.check(context="clinic profile at 640 px")


def test_the_clinic_admin_edits_a_price_and_a_wait_and_sees_the_history(
    page: Page, axe: AxeGuard, artifacts: Path, live_cast: Cast
) -> None:
    listing = _listing(live_cast)
    log_in_staff(page, axe, live_cast.ola)
    page.get_by_role("link", name="Klinikkprofil, priser og ventetider").click()
    expect(page.locator("h1")).to_have_text(f"Klinikkprofil: {listing.name}")
    axe.check(context="profile form")
    page.set_viewport_size(PHONE)
    assert _fits(page), "the profile form scrolls sideways on a phone"
    shoot(page, artifacts, "directory-profile-edit")

    page.locator(PRICE).fill("-1")
    page.get_by_role("button", name="Lagre profilen").click()
    summary = page.locator(".bt-error-summary")
    expect(summary).to_contain_text("Ingenting ble lagret")
    expect(summary).to_contain_text("pris fra: må være et helt antall kroner fra 0")
    axe.check(context="profile form with an error")
    shoot(page, artifacts, "directory-profile-edit-error")
    summary.get_by_role("link").first.click()
    expect(page.locator(PRICE)).to_be_focused()

    page.locator(PRICE).fill("3900")
    page.locator(WAIT).fill("6")
    page.locator(WAIT).press("Enter")
    expect(page.locator(".bt-messages")).to_contain_text("Profilen er lagret: 4 endringer.")
    axe.check(context="profile saved")

    page.get_by_role("link", name="Endringshistorikk").click()
    expect(page.locator("h1")).to_have_text(f"Endringshistorikk: {listing.name}")
    axe.check(context="history")
    page.set_viewport_size(PHONE)
    assert _fits(page), "the history scrolls sideways on a phone"
    history = page.get_by_role("table")
    expect(history).to_contain_text("Ola Admin")
    expect(history).to_contain_text("3\u00a0500 kr")
    expect(history).to_contain_text("3\u00a0900 kr")
    shoot(page, artifacts, "directory-profile-history")

    page.goto(f"/klinikker/{listing.slug}/")
    axe.check(context="public profile after the change")
    offers = page.get_by_role("table").first
    expect(offers).to_contain_text("3\u00a0900 kr")
    expect(offers).to_contain_text("6 uker")
    expect(offers.locator(".ds-tag")).to_have_count(0)
