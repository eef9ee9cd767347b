"""The education pages in a real browser: a keyboard-only reader goes from the index through
every page, prices a dose with and without JavaScript, and takes the self-check; every page
passes axe and fits a 640 px wide window (200 % zoom of a 1280 px screen) without sideways
scrolling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect

from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import shoot

INDEX = "/om-behandlingen/"
# Title of each page in Norwegian, as the index links to it, with its path.
PAGES = [
    ("Migrene og kronisk migrene", "/om-behandlingen/migrene/"),
    ("Slik foregår behandlingen", "/om-behandlingen/slik-foregar-behandlingen/"),
    ("Hva du kan forvente etter behandlingen", "/om-behandlingen/hva-kan-du-forvente/"),
    ("Bivirkninger og faresignaler", "/om-behandlingen/bivirkninger/"),
    ("Hva behandlingen koster", "/om-behandlingen/kostnader/"),
    ("Blå resept: hvem kan få medisinen dekket", "/om-behandlingen/bla-resept/"),
    ("Passer behandlingen for meg?", "/om-behandlingen/passer-det-for-meg/"),
]
ZOOMED = {"width": 640, "height": 900}


def tab_to(page: Page, target: Locator, *, limit: int = 80) -> None:
    """Press Tab until `target` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def _csp_watch(page: Page) -> list[str]:
    complaints: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            complaints.append(message.text)

    page.on("console", listen)
    return complaints


def test_keyboard_reader_goes_through_every_page(
    page: Page, axe: AxeGuard, artifacts: Path
) -> None:
    complaints = _csp_watch(page)
    page.goto(INDEX)
    expect(page.locator("h1")).to_have_text("Om behandlingen")
    axe.check(context="index")
    shoot(page, artifacts, "education-index")
    for title, path in PAGES:
        tab_to(page, page.locator("main").get_by_role("link", name=title, exact=True))
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{page.url.split('/om-')[0]}{path}")
        expect(page.locator("h1")).to_have_text(title)
        expect(page.locator("[data-reviewed]")).to_contain_text("Sist faglig gjennomgått")
        axe.check(context=title)
        back = page.get_by_role("navigation", name="Du er her").get_by_role("link")
        tab_to(page, back)
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text("Om behandlingen")
        axe.check(context="index again")
    # The JSON-LD blocks are data, not script: the CSP has nothing to say about them.
    assert complaints == []


def test_the_treatment_page_shows_the_injection_map(
    page: Page, axe: AxeGuard, artifacts: Path
) -> None:
    page.goto(PAGES[1][1])
    figures = page.locator(".bt-edu-map svg[role=img]")
    expect(figures).to_have_count(3)
    expect(figures.first).to_have_accessible_name("Forfra. Pannen: 7 stikksteder")
    expect(page.locator('[data-total="sites"]')).to_have_text("31")
    expect(page.locator('[data-total="units"]')).to_have_text("155")
    axe.check()
    shoot(page, artifacts, "education-treatment")
    page.goto(PAGES[3][1])
    expect(page.locator(".ds-alert[data-color=danger]")).to_contain_text("116 117")
    axe.check()
    shoot(page, artifacts, "education-side-effects")
    page.goto(PAGES[5][1])
    expect(page.locator("[data-criterion]").first).to_be_visible()
    axe.check()
    shoot(page, artifacts, "education-criteria")


def test_the_calculator_works_without_javascript(browser: Browser, live_server: Any) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(PAGES[4][1])
        units = page.get_by_label("Enheter per behandling")
        tab_to(page, units)
        page.keyboard.press("Control+A")
        page.keyboard.type("300")
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{live_server.url}{PAGES[4][1]}?units=300#calculator")
        result = page.locator("[data-result]")
        expect(result).to_have_attribute("data-total", "8114")
        expect(page.locator("[data-vials]")).to_have_text("2 × 200 enheter")

        units = page.get_by_label("Enheter per behandling")
        tab_to(page, units)
        page.keyboard.press("Control+A")
        page.keyboard.type("-5")
        page.keyboard.press("Enter")
        summary = page.locator(".ds-error-summary")
        expect(summary).to_contain_text("Enhetene må være minst 100.")
        expect(page.locator("[data-result]")).to_have_count(0)
        expect(units).to_have_attribute("aria-invalid", "true")
    finally:
        context.close()


def test_the_calculator_updates_as_you_type(page: Page, axe: AxeGuard, artifacts: Path) -> None:
    page.goto(PAGES[4][1])
    axe.check(context="calculator")
    loads: list[str] = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    units = page.get_by_label("Enheter per behandling")
    tab_to(page, units)
    page.keyboard.press("Control+A")
    page.keyboard.type("300")
    expect(page.locator("[data-result]")).to_have_attribute("data-units", "300")
    expect(page.locator("[data-vials]")).to_have_text("2 × 200 enheter")
    expect(page.locator("[data-cost]")).to_have_text("8\u00a0114 kr")
    expect(page).to_have_url(f"{page.url.split('?')[0]}?units=300#calculator")
    assert loads == [], "the live update must not reload the page"
    expect(units).to_be_focused()
    axe.check(context="calculator after a live update")
    shoot(page, artifacts, "education-costs")

    page.keyboard.press("Control+A")
    page.keyboard.type("-5")
    expect(page.locator("#bt-calc-output [data-error]")).to_have_text("Enhetene må være minst 100.")
    expect(units).to_have_attribute("aria-invalid", "true")
    page.keyboard.press("Control+A")
    page.keyboard.type("195")
    expect(page.locator("[data-result]")).to_have_attribute("data-units", "195")
    expect(units).to_have_attribute("aria-invalid", "false")
    axe.check(context="calculator after a correction")

    # A preset dose is a plain link: it works from the keyboard too.
    tab_to(page, page.get_by_role("link", name="155 enheter"))
    page.keyboard.press("Enter")
    expect(page.locator("[data-result]")).to_have_attribute("data-units", "155")
    axe.check(context="calculator with a preset")


def test_the_self_check_by_keyboard_ends_with_advice_to_see_a_gp(
    page: Page, axe: AxeGuard, artifacts: Path
) -> None:
    page.goto(PAGES[6][1])
    axe.check(context="self-check")
    answers = [
        ("Hvor mange dager i måneden har du hodepine?", "18"),
        ("Hvor mange av disse dagene har hodepinen migrenetrekk?", "10"),
    ]
    for label, value in answers:
        tab_to(page, page.get_by_label(label))
        page.keyboard.type(value)
    longer = page.get_by_label("Mer enn 3 måneder")
    tab_to(page, page.get_by_label("3 måneder eller mindre"))
    page.keyboard.press("ArrowDown")
    expect(longer).to_be_checked()
    beta = page.get_by_label("En betablokker (propranolol, metoprolol eller atenolol)")
    tab_to(page, beta)
    page.keyboard.press("Space")
    expect(beta).to_be_checked()
    for label, value in [
        ("Hvor mange dager i måneden tar du medisin mot et hodepineanfall?", "12"),
        ("Hvor mange av disse dagene tar du en triptan eller en sterkere medisin?", "11"),
    ]:
        tab_to(page, page.get_by_label(label))
        page.keyboard.type(value)
    page.keyboard.press("Enter")

    result = page.locator("[data-result]")
    expect(result).to_have_attribute("data-result", "pattern")
    expect(result).to_contain_text("Dette er ingen diagnose.")
    expect(page.locator("[data-overuse]")).to_be_visible()
    expect(page.locator("[data-advice]")).to_contain_text("Snakk med fastlegen din")
    expect(page.locator("[data-tried]")).to_contain_text("Topiramat: ikke prøvd ennå")
    # The answers went by POST: nothing of them is in the address.
    assert "18" not in page.url and "?" not in page.url
    axe.check(context="self-check result")
    shoot(page, artifacts, "education-self-check")

    tab_to(page, page.get_by_label("Hvor mange av disse dagene har hodepinen migrenetrekk?"))
    page.keyboard.press("Control+A")
    page.keyboard.type("30")
    page.keyboard.press("Enter")
    summary = page.locator(".ds-error-summary")
    expect(summary).to_contain_text("kan ikke være flere enn hodepinedagene (18)")
    expect(page.locator("[data-result]")).to_have_count(0)
    axe.check(context="self-check with an error")


def test_every_page_fits_a_640_px_window_in_both_languages(
    page: Page, axe: AxeGuard, artifacts: Path
) -> None:
    page.set_viewport_size(ZOOMED)  # type: ignore[arg-type]
    for language in ("nb", "en"):
        if language == "en":
            page.goto(INDEX)
            page.get_by_role("button", name="English").click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
        for path in [INDEX, *(path for _title, path in PAGES)]:
            page.goto(path)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} ({language}) scrolls sideways by {overflow} px at 640 px"
            axe.check(context=f"{path} at 640 px, {language}")
    page.goto(PAGES[1][1])
    page.screenshot(path=str(artifacts / "education-treatment-640-en.png"), full_page=True)
    axe.check()
