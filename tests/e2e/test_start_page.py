from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import AxeGuard


def test_visitor_switches_the_start_page_to_english(
    page: Page, axe: AxeGuard, artifacts: Path
) -> None:
    page.goto("/")
    expect(page.locator("h1")).to_have_text(
        "Behandling med botulinumtoksin, fulgt fra start til slutt"
    )
    axe.check(context="start page in Norwegian")

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text(
        "Botulinum-toxin treatment, followed from start to finish"
    )
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.screenshot(path=str(artifacts / "start-page-en.png"), full_page=True)
    axe.check(context="start page in English")


def test_keyboard_user_reaches_main_content_through_the_skip_link(
    page: Page, axe: AxeGuard
) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnhold")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    axe.check()


def test_start_page_leads_patients_to_log_in(page: Page, axe: AxeGuard) -> None:
    page.goto("/")
    axe.check()
    page.get_by_role("link", name="For pasienter").click()
    expect(page.locator("h1")).to_have_text("Logg inn i bontrack")
    axe.check()
