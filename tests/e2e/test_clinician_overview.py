"""A physician works from one page: alice's overview with her referral, course, sessions,
follow-up answers, side effects and the outcome per cycle, on a desktop and on a phone."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import PHONE, enter_code, log_in, shoot
from tests.personas import Cast
from tests.treatments.test_patient_summary import treated_patient


def test_a_physician_sees_the_whole_patient_on_one_page(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    cast = live_cast
    story = treated_patient(cast)
    url = f"/klinikk/pasienter/{cast.alice_patient.pk}/sammendrag/"
    log_in(page, axe, "dave@example.org", next_url=url)
    enter_code(page, cast.dave)
    axe.check(context="code page")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Oversikt for Alice Aas")
    axe.check(context="the clinician's overview")

    # An unhandled red flag is said at the top, before the diary's assessment.
    alert = page.locator(".ds-alert", has_text="rødt flagg")
    expect(alert).to_contain_text("Vanskelig å svelge")
    assessment = page.get_by_role("heading", name="Vurdering av de siste 12 ukene")
    assert alert.bounding_box()["y"] < assessment.bounding_box()["y"]  # type: ignore[index]
    referral = page.get_by_role("article", name="Mottatt", exact=False)
    expect(referral).to_contain_text("Frank Fastlege")
    expect(referral).to_contain_text("Akseptert")

    sessions = page.get_by_role("table", name="Behandlinger")
    expect(sessions.get_by_role("row")).to_have_count(4)
    expect(sessions.get_by_role("row").nth(1)).to_contain_text("155 E")
    outcome = page.get_by_role("table", name="Resultat per syklus", exact=False)
    expect(outcome.get_by_role("row")).to_have_count(4)
    expect(page.get_by_role("table", name="Pasientens oppfølgingssvar")).to_contain_text(
        "Bedre på jobb."
    )
    expect(page.get_by_text("ikke fulgt opp ennå", exact=True)).to_be_visible()

    # The reasons behind the figures are one click away.
    reasons = page.locator("details", has_text="Slik ble tallene funnet").locator("li").first
    expect(reasons).to_be_hidden()
    page.get_by_text("Slik ble tallene funnet").click()
    expect(reasons).to_be_visible()
    axe.check(context="the reasons opened")
    shoot(page, artifacts, "clinician-overview")

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size({"width": 1280, "height": 900})

    # Each session links to its own page.
    sessions.get_by_role("link", name="Syklus 1").click()
    expect(page).to_have_url(
        f"{page.url.split('/klinikk/')[0]}/klinikk/pasienter/{cast.alice_patient.pk}"
        f"/behandling/okt/{story.sessions[0].pk}/"
    )
    axe.check(context="the first session from the overview")
