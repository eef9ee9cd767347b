"""Experiences in the browser, keyboard only: a visitor shares one from the clinic's page; the
platform admin pat approves it in the moderation queue; it shows on the profile, where anyone
can report it. A treated patient's experience is verified and out at once; the clinic's
administrator replies to it. Every page is checked with axe and photographed."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bontrack.directory import antispam
from bontrack.directory.models import AbuseReport, Rating
from tests.directory.rating_helpers import clinic_listing, make_rating
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import enter_code, log_in, log_in_staff, shoot
from tests.matrix.treatments_portal import signed_session
from tests.personas import Cast

VISITOR_TEXT = "Rolig og grundig gjennomgang før stikkene. Kort ventetid, og de svarte raskt."


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        )
        if focused:
            return
    pytest.fail(f"{selector} was not reached with the Tab key")


@pytest.fixture
def fast_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    # A browser types faster than any person: the "sent too quickly" check would refuse it.
    monkeypatch.setattr(antispam, "MIN_SECONDS", 0)


def test_a_visitors_experience_is_moderated_then_shown_and_can_be_reported(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path, fast_forms: None
) -> None:
    listing = clinic_listing(live_cast.clinic_a)
    # Waiting already: a text that names a doctor, so the queue shows its highlighting.
    make_rating(listing, stars=2, status=Rating.Status.PENDING,
                text="Doktor Hansen var stresset, og jeg måtte be om mer paracet.")

    # --- The visitor, keyboard only ---------------------------------------------------------
    page.goto(f"/klinikker/{listing.slug}/")
    expect(page.locator("#erfaringer")).to_contain_text("Ingen har delt en erfaring")
    axe.check(context="profile without experiences")
    tab_to(page, f'a[href="/klinikker/{listing.slug}/erfaring/ny/"]')
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(f"Del din erfaring med {listing.name}")
    axe.check(context="rating form")

    tab_to(page, "#id_stars_0")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_label("4 stjerner: bra")).to_be_checked()
    tab_to(page, "#id_text")
    page.keyboard.type(VISITOR_TEXT)
    page.keyboard.press("Tab")
    page.keyboard.type("Kari")
    shoot(page, artifacts, "rating-form")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Takk for at du delte erfaringen din")
    expect(page.locator("main")).to_contain_text("venter på en moderator")
    axe.check(context="thank-you page")
    shoot(page, artifacts, "rating-thanks")
    rating = Rating.objects.get(text=VISITOR_TEXT)
    assert (rating.status, rating.stars, rating.display_name) == ("pending", 4, "Kari")

    # --- pat approves it ----------------------------------------------------------------------
    log_in(page, axe, live_cast.pat.email, next_url="/moderering/", heading="Tostegsinnlogging")
    axe.check(context="code page")
    enter_code(page, live_cast.pat)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Moderering av erfaringer")
    expect(page.locator("mark").first).to_have_text("[flagget] Doktor Hansen")
    expect(page.locator("main")).to_contain_text("«paracet» er en helseopplysning")
    axe.check(context="moderation queue")
    shoot(page, artifacts, "moderation-queue")
    tab_to(page, f'form[action="/moderering/erfaring/{rating.pk}/"] button[type=submit]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Erfaringen er publisert.")
    axe.check(context="queue after approving")
    rating.refresh_from_db()
    assert rating.status == "published"

    # --- It shows on the profile; anyone may report it ----------------------------------------
    page.get_by_role("button", name="Logg ut").click()
    axe.check(context="after log-out")
    page.goto(f"/klinikker/{listing.slug}/")
    section = page.locator("#erfaringer")
    expect(section).to_contain_text(VISITOR_TEXT)
    expect(section).to_contain_text("4 av 5 stjerner")
    expect(section).to_contain_text("4,0 av 5")
    expect(section).to_contain_text("Kari")
    expect(section).not_to_contain_text("Hansen")
    axe.check(context="profile with an experience")
    section.scroll_into_view_if_needed()
    shoot(page, artifacts, "profile-ratings")
    tab_to(page, f'a[href="/klinikker/erfaring/{rating.pk}/meld/"]')
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Meld fra om en erfaring")
    axe.check(context="report form")
    tab_to(page, "#id_reason")
    page.keyboard.type("Dette ser ut som reklame for klinikken.")
    shoot(page, artifacts, "rating-report")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Takk for at du sa fra")
    axe.check(context="report thank-you")
    assert AbuseReport.objects.get().rating == rating


def test_a_treated_patients_experience_is_verified_and_the_clinic_replies(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path, fast_forms: None
) -> None:
    signed_session(live_cast)
    listing = clinic_listing(live_cast.clinic_a)
    log_in(page, axe, live_cast.alice.email, next_url=f"/klinikker/{listing.slug}/erfaring/ny/",
           heading=f"Del din erfaring med {listing.name}")
    expect(page.locator("main")).to_contain_text("merket «Verifisert pasient»")
    axe.check(context="rating form for a treated patient")
    shoot(page, artifacts, "rating-form-verified")
    tab_to(page, "#id_stars_0")
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    tab_to(page, "#id_text")
    page.keyboard.type("Trygt og godt. Færre dager med hodepine etter andre behandling.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("er publisert, merket «Verifisert pasient»")
    axe.check(context="thank-you, verified")
    page.get_by_role("link", name=f"Tilbake til {listing.name}").click()
    section = page.locator("#erfaringer")
    expect(section).to_contain_text("Verifisert pasient")
    expect(section).to_contain_text("5 av 5 stjerner")
    expect(section).not_to_contain_text("Alice")
    axe.check(context="profile with a verified experience")
    page.get_by_role("button", name="Logg ut").click()
    axe.check(context="after log-out")

    log_in_staff(page, axe, live_cast.ola)
    page.goto("/klinikk/erfaringer/")
    expect(page.locator("h1")).to_have_text("Erfaringer med klinikken din")
    axe.check(context="clinic's experiences")
    rating = Rating.objects.get()
    tab_to(page, f"#id_reply{rating.pk}_text")
    page.keyboard.type("Takk for at du delte erfaringen din. Velkommen tilbake!")
    tab_to(page, f'form[action="/klinikk/erfaringer/{rating.pk}/svar/"] button')
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Svaret ditt er publisert.")
    expect(page.locator("main")).to_contain_text("Ditt svar")
    axe.check(context="clinic's experiences after replying")
    shoot(page, artifacts, "clinic-ratings")
    page.goto(f"/klinikker/{listing.slug}/")
    expect(page.locator("#erfaringer")).to_contain_text("Velkommen tilbake!")
    axe.check(context="profile with the clinic's reply")
