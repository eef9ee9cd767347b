from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AxeGuard
from tests.personas import PASSWORD, Cast, make_cast


@pytest.fixture
def live_cast(transactional_db: Any) -> Cast:
    return make_cast()


def _log_in(page: Page, axe: AxeGuard, email: str) -> None:
    page.goto("/logg-inn/")
    axe.check(context="log-in page")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def test_a_patient_logs_in_and_sees_who_has_looked_at_their_record(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    _log_in(page, axe, "alice@example.org")
    expect(page.locator("h1")).to_have_text("Velkommen, Alice Aas")
    axe.check(context="portal home")
    page.get_by_role("link", name="Hvem har sett journalen min").click()
    expect(page.locator("h1")).to_have_text("Hvem har sett journalen min")
    page.screenshot(path=str(artifacts / "portal-access-log.png"), full_page=True)
    axe.check(context="access log")


def test_a_physician_logs_in_with_a_code_and_opens_a_patient(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    _log_in(page, axe, "dave@example.org")
    expect(page.locator("h1")).to_have_text("Tostegsinnlogging")
    axe.check(context="code page")
    device = TOTPDevice.objects.get(user=live_cast.dave)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Sekssifret kode fra autentiseringsappen").fill(code)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Klinikkens arbeidsflate")
    axe.check(context="workspace")
    page.get_by_role("link", name="Alice Aas").click()
    expect(page.locator("h1")).to_have_text("Alice Aas")
    page.screenshot(path=str(artifacts / "workspace-patient.png"), full_page=True)
    axe.check(context="patient record")
