"""Browser journey: a patient answers a follow-up and reports a red-flag side effect on a phone;
the clinic's coordinator sees it first on the worklist and marks it handled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, ViewportSize, expect

from bontrack.treatments.models import FollowUp, SideEffectReport
from tests.e2e.conftest import AxeGuard
from tests.matrix.treatments_portal import signed_session
from tests.personas import PASSWORD, Cast, make_cast

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture
def live_cast(transactional_db: Any) -> Cast:
    cast = make_cast()
    # A signed session ten days ago, made through the ORM as the session recorder would.
    signed_session(cast, days_ago=10)
    return cast


def _log_in(page: Page, axe: AxeGuard, email: str) -> None:
    page.goto("/logg-inn/")
    axe.check(context="log-in page")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def test_a_red_flag_reaches_the_patient_at_once_and_the_clinic_first(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    page.set_viewport_size(PHONE)
    _log_in(page, axe, "alice@example.org")
    expect(page.locator("h1")).to_have_text("Velkommen, Alice Aas")
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
    page.screenshot(path=str(artifacts / "portal-red-flag-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(artifacts / "portal-red-flag-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert SideEffectReport.objects.get().red_flag is True

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/")
    axe.check(context="start page after logging out")
    page.set_viewport_size(DESKTOP)
    _log_in(page, axe, "carol@example.org")
    expect(page.locator("h1")).to_have_text("Tostegsinnlogging")
    axe.check(context="code page")
    device = TOTPDevice.objects.get(user=live_cast.carol)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Sekssifret kode fra autentiseringsappen").fill(code)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Klinikkens arbeidsflate")
    axe.check(context="workspace")

    page.goto("/klinikk/arbeidsliste/")
    expect(page.locator("h1")).to_have_text("Arbeidsliste")
    first_section = page.locator("section").first
    expect(first_section.locator("h2")).to_contain_text("Haster")
    expect(first_section).to_contain_text("Alice Aas")
    expect(first_section).to_contain_text("Vanskelig å svelge")
    axe.check(context="worklist with a red flag")
    page.screenshot(path=str(artifacts / "worklist-red-flag-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts / "worklist-red-flag-390.png"), full_page=True)

    first_section.get_by_label("Hva ble gjort").fill("Ringte pasienten; sendt til legevakt")
    first_section.get_by_role("button", name="Merk som håndtert").click()
    expect(page.get_by_text("Meldingen fra Alice Aas er merket som håndtert.")).to_be_visible()
    expect(page.locator("section").first).not_to_contain_text("Vanskelig å svelge")
    axe.check(context="worklist after handling")
    assert SideEffectReport.objects.get().handled_by == live_cast.carol
