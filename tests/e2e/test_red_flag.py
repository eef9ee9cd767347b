"""Browser journey: a patient answers a follow-up and reports a red-flag side effect on a phone;
the clinic's coordinator sees it first on the worklist and marks it handled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bontrack.treatments.models import FollowUp, SideEffectReport
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import DESKTOP, PHONE, log_in, log_in_staff, shoot
from tests.matrix.treatments_portal import signed_session
from tests.personas import Cast


@pytest.fixture
def live_cast(live_cast: Cast) -> Cast:
    # A signed session ten days ago, made through the ORM as the session recorder would.
    signed_session(live_cast, days_ago=10)
    return live_cast


def test_a_red_flag_reaches_the_patient_at_once_and_the_clinic_first(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, axe, "alice@example.org", heading="Velkommen, Alice Aas")
    axe.check(context="portal home")

    page.goto("/portal/behandling/")
    expect(page.locator("h1")).to_have_text("Mine behandlinger")
    axe.check(context="my treatments")
    page.screenshot(path=str(artifacts / "portal-treatments-390.png"), full_page=True)

    page.get_by_role("link", name="Spørsmål for dag 7").click()
    expect(page.locator("h1")).to_have_text("Hvordan har du det, dag 7?")
    axe.check(context="follow-up form")
    page.get_by_role("group", name="Har du merket virkning av behandlingen?").get_by_label(
        "Ja").check()
    started = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    page.get_by_label("Hvilken dag merket du virkningen?").fill(started)
    page.screenshot(path=str(artifacts / "portal-follow-up-390.png"), full_page=True)
    page.get_by_role("button", name="Lagre svarene mine").click()
    expect(page.get_by_text("Takk! Svarene dine er lagret.")).to_be_visible()
    axe.check(context="my treatments after answering")
    assert FollowUp.objects.get(day=7).effect_started is True

    page.get_by_role("link", name="Meld en bivirkning").first.click()
    expect(page.locator("h1")).to_have_text("Meld en bivirkning")
    axe.check(context="side-effect form")
    page.get_by_label("Vanskelig å svelge").check()
    page.get_by_label("Hvilken dag startet det?").fill(dt.date.today().isoformat())
    page.get_by_label("Alvorlig: klarer lite").check()
    page.get_by_label("Nei, jeg har det fortsatt").check()
    page.screenshot(path=str(artifacts / "portal-side-effect-390.png"), full_page=True)
    page.get_by_role("button", name="Send til klinikken min").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Ring lege nå")
    expect(alert).to_contain_text("113")
    expect(alert).to_contain_text("116 117")
    axe.check(context="red-flag confirmation")
    shoot(page, artifacts, "portal-red-flag")
    page.set_viewport_size(PHONE)
    assert SideEffectReport.objects.get().red_flag is True

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/")
    axe.check(context="start page after logging out")
    page.set_viewport_size(DESKTOP)
    log_in_staff(page, axe, live_cast.carol)

    page.goto("/klinikk/arbeidsliste/")
    expect(page.locator("h1")).to_have_text("Arbeidsliste")
    first_section = page.locator("section").first
    expect(first_section.locator("h2")).to_contain_text("Haster")
    expect(first_section).to_contain_text("Alice Aas")
    expect(first_section).to_contain_text("Vanskelig å svelge")
    axe.check(context="worklist with a red flag")
    shoot(page, artifacts, "worklist-red-flag")
    page.set_viewport_size(PHONE)

    first_section.get_by_label("Hva ble gjort").fill("Ringte pasienten; sendt til legevakt")
    first_section.get_by_role("button", name="Merk som håndtert").click()
    expect(page.get_by_text("Meldingen fra Alice Aas er merket som håndtert.")).to_be_visible()
    expect(page.locator("section").first).not_to_contain_text("Vanskelig å svelge")
    axe.check(context="worklist after handling")
    assert SideEffectReport.objects.get().handled_by == live_cast.carol
