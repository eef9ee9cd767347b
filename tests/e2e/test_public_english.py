"""The public site in English, keyboard only: a visitor switches language, finds a clinic by
treatment, place and wait, reads its experiences, reads what the treatment costs, sends a
booking request, and the clinic accepts it. Every page is checked with axe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bontrack.accounts.models import Membership, Role
from bontrack.directory import antispam
from bontrack.directory.models import BookingRequest, Rating
from bontrack.directory.ratings import refresh_listing_rating
from tests.directory.booking_helpers import linked_listing
from tests.directory.factories import make_listing, make_offering
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import log_in_staff, shoot
from tests.e2e.test_directory_search import choose_by_keyboard, tab_to
from tests.personas import Cast


def test_an_english_speaking_visitor_finds_a_clinic_and_books(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(antispam, "MIN_SECONDS", 0)  # a browser types faster than a person
    ours = linked_listing(live_cast.clinic_a, name="Eksempel hodepinesenter")
    ours.offerings.update(wait_weeks=3, price_from=3900)
    Rating.objects.create(listing=ours, stars=5, text="Grundig og rolig.",
                          status=Rating.Status.PUBLISHED, display_name="Kari")
    refresh_listing_rating(ours.pk)
    other = make_listing(name="Annen klinikk", slug="annen-klinikk")
    make_offering(other, wait_weeks=12, price_from=3500)

    # Switch to English from the start page, with the keyboard.
    page.goto("/")
    axe.check(context="start page, Norwegian")
    english = page.get_by_role("button", name="English")
    tab_to(page, english, limit=30)
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe.check(context="start page, English")

    # Find a clinic: treatment, county, shortest wait first.
    page.goto("/klinikker/")
    expect(page.locator("h1")).to_have_text("Find a clinic")
    axe.check(context="directory in English")
    treatment = page.get_by_label("Treatment", exact=True)
    tab_to(page, treatment)
    choose_by_keyboard(page, treatment, "BoNT-A for chronic migraine")
    county = page.get_by_label("County")
    tab_to(page, county)
    choose_by_keyboard(page, county, "Oslo")
    sort = page.get_by_label("Sort by")
    tab_to(page, sort)
    choose_by_keyboard(page, sort, "Shortest wait first")
    first = page.locator("#search-results ol.bt-results h3").first
    expect(first).to_have_text("Eksempel hodepinesenter")
    axe.check(context="directory in English, sorted by wait")
    shoot(page, artifacts, "english-directory")

    # The profile: prices, waits and the experience, in English.
    link = first.get_by_role("link")
    tab_to(page, link, limit=80)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Eksempel hodepinesenter")
    main = page.locator("main")
    expect(main).to_contain_text("3 weeks")
    expect(main).to_contain_text("Grundig og rolig.")
    axe.check(context="profile in English")

    # What it costs: the calculator works in English too.
    page.goto("/om-behandlingen/kostnader/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(main).to_contain_text("4,057")
    axe.check(context="costs page in English")

    # The booking request.
    page.goto(f"/klinikker/{ours.slug}/bestill/")
    axe.check(context="booking form in English")
    tab_to(page, page.locator("#id_name"))
    page.keyboard.type("Jane Visitor")
    page.keyboard.press("Tab")
    page.keyboard.type("jane@example.org")
    tab_to(page, page.locator("#id_treatment"))
    page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_label("Yes", exact=True))  # a radio group: Tab enters, arrows move
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("No", exact=True)).to_be_checked()
    tab_to(page, page.locator("#id_consent"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Send the request"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("sent")
    status_url = page.url
    booking = BookingRequest.objects.get()
    assert booking.language == "en" and booking.has_referral == "no"
    axe.check(context="status page in English")
    shoot(page, artifacts, "english-booking-status")

    # The clinic admin, who also works the front desk, accepts it (in Norwegian).
    Membership.objects.create(user=live_cast.ola, clinic=live_cast.clinic_a, role=Role.COORDINATOR)
    page.context.clear_cookies()
    log_in_staff(page, axe, live_cast.ola)
    page.goto(f"/klinikk/bestillinger/{booking.pk}/")
    axe.check(context="request page")
    day = timezone.localdate() + dt.timedelta(days=9)
    page.get_by_label("Fødselsdato", exact=True).fill("1990-05-17")
    page.get_by_label("Lege", exact=True).select_option(label="Dave Doktor")
    page.get_by_label("Dato", exact=True).fill(day.isoformat())
    page.get_by_label("Klokkeslett").fill("10:00")
    page.get_by_role("button", name="Godta og sett opp time").click()
    expect(page.get_by_role("status")).to_contain_text("Godtatt")
    axe.check(context="request accepted")

    # Back to the visitor's page, in English again.
    page.context.clear_cookies()
    page.goto("/")
    tab_to(page, page.get_by_role("button", name="English"), limit=30)
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe.check(context="start page, English again")
    page.goto(status_url)
    expect(page.locator("main")).to_contain_text("Accepted")
    expect(page.locator("main")).to_contain_text(f"{day:%d.%m.%Y}")
    axe.check(context="status page accepted, English")
