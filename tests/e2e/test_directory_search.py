"""The directory search in the browser: keyboard only with live results, and the same search
as a plain form with JavaScript turned off."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from bontrack.directory.models import Treatment
from tests.directory.factories import days_ago, ensure_postcode, make_listing, make_offering
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import DESKTOP, PHONE, shoot

PAIN = Treatment.PAIN


@pytest.fixture
def clinics(transactional_db: Any) -> None:
    """Six clinics: three in Oslo that offer migraine treatment, with different waits."""
    for code in ("0150", "0450", "5003", "9008"):
        ensure_postcode(code)
    soon = timezone.localdate() + dt.timedelta(days=20)
    bjorvika = make_listing(name="Bjørvika nevrologi", slug="bjorvika-nevrologi")
    make_offering(bjorvika, wait_weeks=2, price_from=3900)
    make_offering(bjorvika, treatment=PAIN, wait_weeks=3, price_from=2900)
    make_offering(
        make_listing(name="Oslo hodepineklinikk", slug="oslo-hodepine", blue_prescription=True),
        wait_weeks=6,
        price_from=3400,
        price_confirmed_on=days_ago(50),
    )
    make_offering(
        make_listing(
            name="Ullevål smerteklinikk",
            slug="ulleval-smerte",
            postcode="0450",
            advertised_until=soon,
            rating_mean=4.4,
            rating_count=31,
        ),
        wait_weeks=10,
        price_from=3100,
    )
    make_offering(
        make_listing(name="Bergen migrenesenter", slug="bergen-migrene", postcode="5003"),
        wait_weeks=1,
    )
    make_offering(
        make_listing(name="Tromsø smerte", slug="tromso-smerte", postcode="9008"),
        treatment=PAIN,
    )
    make_listing(name="Nordlys klinikk", slug="nordlys", postcode="9008")


def names_in_results(page: Page) -> list[str]:
    return page.locator("#search-results ol.bt-results h3").all_inner_texts()


def tab_to(page: Page, target: Locator, *, limit: int = 40) -> None:
    """Press Tab until `target` has focus, as a keyboard user would."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} never got focus by Tab")


def choose_by_keyboard(page: Page, select: Locator, label: str) -> None:
    """On a focused closed <select>, arrow down to the option `label`."""
    for _ in range(20):
        if select.evaluate("el => el.options[el.selectedIndex].text") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r}")


def test_keyboard_user_filters_and_sorts_with_live_results(
    page: Page, axe: AxeGuard, artifacts: Path, clinics: None
) -> None:
    page.goto("/klinikker/")
    expect(page.locator("h1")).to_have_text("Finn klinikk")
    expect(page.locator("#result-count")).to_have_text("6 klinikker passer.")
    ads = page.locator(".bt-dir__ads")
    expect(ads.get_by_role("heading", name="Annonser")).to_be_visible()
    expect(ads.locator(".ds-tag", has_text="Annonse")).to_have_count(1)
    axe.check(context="directory, no filters")
    shoot(page, artifacts, "directory-search")

    treatment = page.get_by_label("Behandling", exact=True)
    tab_to(page, treatment)
    choose_by_keyboard(page, treatment, "BoNT-A ved kronisk migrene")
    expect(page.locator("#result-count")).to_have_text("4 klinikker passer.")

    county = page.get_by_label("Fylke")
    tab_to(page, county)
    choose_by_keyboard(page, county, "Oslo")
    expect(page.locator("#result-count")).to_have_text("3 klinikker passer.")

    sort = page.get_by_label("Sorter etter")
    tab_to(page, sort)
    choose_by_keyboard(page, sort, "Kortest ventetid først")
    expect(page).to_have_url(re.compile(r"sort=wait"))
    expect(page.locator("#search-results ol.bt-results h3").first).to_have_text(
        "Bjørvika nevrologi"
    )
    assert names_in_results(page) == [
        "Bjørvika nevrologi",
        "Oslo hodepineklinikk",
        "Ullevål smerteklinikk",
    ]
    # A chosen sort: no advertisement block, the advertiser stays where its wait puts it.
    expect(page.locator(".bt-dir__ads")).to_have_count(0)
    expect(sort).to_be_focused()
    stale = page.locator("article", has_text="Oslo hodepineklinikk").locator(".ds-tag")
    expect(stale.filter(has_text="kan være utdatert")).to_have_count(1)
    axe.check(context="directory, filtered and sorted by wait")
    shoot(page, artifacts, "directory-search-sorted")

    page.goto(page.url)  # the pushed URL is a real address: reloading shows the same search
    assert names_in_results(page)[0] == "Bjørvika nevrologi"
    axe.check(context="reloaded search")


def test_the_plain_form_works_without_javascript(
    browser: Browser, live_server: Any, page: Page, axe: AxeGuard, artifacts: Path, clinics: None
) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport=DESKTOP, java_script_enabled=False
    )
    nojs = context.new_page()
    nojs.set_default_timeout(15_000)

    def check(what: str) -> None:
        # axe needs timers, which a page without JavaScript does not run; the server sends the
        # same document either way, so the JavaScript page checks the address reached.
        page.goto(nojs.url)
        axe.check(context=what)

    try:
        nojs.goto("/klinikker/")
        check("directory without JavaScript")
        treatment = nojs.get_by_label("Behandling", exact=True)
        treatment.select_option(label="BoNT-A ved kronisk migrene")
        nojs.get_by_label("Fylke").select_option(label="Oslo")
        nojs.get_by_label("Sorter etter").select_option(label="Kortest ventetid først")
        nojs.get_by_role("button", name="Vis klinikker").click()
        expect(nojs.locator("#result-count")).to_have_text("3 klinikker passer.")
        assert "sort=wait" in nojs.url
        assert names_in_results(nojs) == [
            "Bjørvika nevrologi",
            "Oslo hodepineklinikk",
            "Ullevål smerteklinikk",
        ]
        check("filtered without JavaScript")

        nojs.get_by_label("Postnummeret ditt").fill("0000")
        nojs.get_by_label("Sorter etter").select_option(label="Nærmest først")
        nojs.get_by_role("button", name="Vis klinikker").click()
        summary = nojs.locator(".ds-error-summary")
        expect(summary).to_contain_text("Postnummer 0000 er ikke et norsk postnummer vi kjenner")
        expect(nojs.locator("#id_postcode")).to_have_attribute("aria-invalid", "true")
        check("bad postcode without JavaScript")
        nojs.set_viewport_size(PHONE)
        nojs.screenshot(path=str(artifacts / "directory-search-error-390.png"), full_page=True)
        nojs.set_viewport_size(DESKTOP)

        summary.get_by_role("link").first.click()
        nojs.get_by_label("Postnummeret ditt").fill("5003")
        nojs.get_by_role("button", name="Vis klinikker").click()
        # From Bergen, Ullevål lies a little nearer than the centre of Oslo.
        expect(nojs.locator("#search-results ol.bt-results h3").first).to_have_text(
            "Ullevål smerteklinikk"
        )
        nojs.get_by_label("Fylke").select_option(label="Alle fylker")
        nojs.get_by_role("button", name="Vis klinikker").click()
        expect(nojs.locator("#search-results ol.bt-results h3").first).to_have_text(
            "Bergen migrenesenter"
        )
        expect(nojs.locator("article", has_text="Bergen migrenesenter")).to_contain_text(
            "under 1 km unna"
        )
        check("sorted by distance from Bergen")
    finally:
        context.close()


def test_the_results_fit_a_phone_and_200_percent_zoom(
    page: Page, axe: AxeGuard, artifacts: Path, clinics: None
) -> None:
    for width in (390, 640):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/klinikker/?postcode=0150&sort=distance")
        axe.check(context=f"directory at {width} px")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways at {width} px"
    page.screenshot(path=str(artifacts / "directory-search-640.png"), full_page=True)
