from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import log_in, log_in_staff
from tests.personas import Cast


def test_a_patient_logs_in_and_sees_who_has_looked_at_their_record(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    log_in(page, axe, "alice@example.org", heading="Velkommen, Alice Aas")
    axe.check(context="portal home")
    page.get_by_role("link", name="Hvem har sett journalen min").click()
    expect(page.locator("h1")).to_have_text("Hvem har sett journalen min")
    page.screenshot(path=str(artifacts / "portal-access-log.png"), full_page=True)
    axe.check(context="access log")


def test_a_physician_logs_in_with_a_code_and_opens_a_patient(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    log_in_staff(page, axe, live_cast.dave)
    page.get_by_role("link", name="Alice Aas").click()
    expect(page.locator("h1")).to_have_text("Alice Aas")
    page.screenshot(path=str(artifacts / "workspace-patient.png"), full_page=True)
    axe.check(context="patient record")
