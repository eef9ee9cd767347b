"""The clinic admin saves a protocol: a row over the limit is refused with its reason."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from bontrack.treatments.models import CustomProtocol
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import log_in_staff, shoot
from tests.personas import Cast


def test_the_clinic_admin_saves_a_protocol_within_the_limits(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    log_in_staff(page, axe, live_cast.ola)
    page.get_by_role("link", name="Injeksjonsprotokoller").click()
    expect(page.locator("h1")).to_have_text("Injeksjonsprotokoller")
    axe.check(context="protocol list")
    page.get_by_role("link", name="Ny protokoll").click()
    expect(page.locator("h1")).to_have_text("Ny protokoll")
    axe.check(context="new protocol form")

    page.get_by_label("Navn", exact=True).fill("nakke-og-skuldre")
    page.get_by_label("Beskrivelse").fill("Nakkesmerter etter nakkesleng")
    page.get_by_label("Rad 1: Muskel").select_option("trapezius")
    page.get_by_label("Rad 1: Side").select_option("left")
    page.get_by_label("Rad 1: Stikksteder").fill("4")
    page.get_by_label("Rad 1: Enheter per stikksted").fill("60")
    page.get_by_label("Rad 2: Muskel").select_option("trapezius")
    page.get_by_label("Rad 2: Side").select_option("right")
    page.get_by_label("Rad 2: Stikksteder").fill("4")
    page.get_by_label("Rad 2: Enheter per stikksted").fill("10")
    page.get_by_role("button", name="Lagre protokollen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Ingenting ble lagret")
    expect(summary).to_contain_text("Rad 1")
    expect(summary).to_contain_text("60 E per stikksted")
    axe.check(context="form with the limit's reason")
    shoot(page, artifacts, "protocol-refused")
    assert not CustomProtocol.objects.exists()

    page.get_by_label("Rad 1: Enheter per stikksted").fill("10")
    page.get_by_role("button", name="Lagre protokollen").click()
    expect(page.locator("h1")).to_have_text("Protokoll nakke-og-skuldre")
    expect(page.locator("main")).to_contain_text("80 E på 8 stikksteder")
    axe.check(context="saved protocol")
    shoot(page, artifacts, "protocol-saved")
    assert CustomProtocol.objects.get().clinic == live_cast.clinic_a
