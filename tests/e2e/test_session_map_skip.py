"""The injection map's 39 sites are 39 tab stops: a link shown on focus skips past them to
the table of units per muscle and side, and the Tab order is otherwise as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from bontrack.treatments import courses
from bontrack.treatments.models import VialLot
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import log_in_staff, shoot
from tests.personas import Cast

MAP_SITES = 39
FOCUSED = "document.activeElement"


def _open_recorder(page: Page, axe: AxeGuard, cast: Cast) -> None:
    VialLot.objects.create(clinic=cast.clinic_a, vial_units=200, lot_number="SKIP-200",
                           expires_on=dt.date.today() + dt.timedelta(days=365), vials_in_stock=2)
    course = courses.create_course(
        patient=cast.alice_patient, clinic_id=cast.clinic_a.pk, by=cast.dave,
        indication="chronic_migraine", icd10="", protocol="preempt", planned_cycles=3,
        continuation_rules="nkh-2018")
    log_in_staff(page, axe, cast.dave)
    page.goto(f"/klinikk/pasienter/{cast.alice_patient.pk}/behandling/{course.pk}/okt/ny/")
    expect(page.locator("circle[role=button]")).to_have_count(MAP_SITES)
    axe.check(context="session recorder")


def _width(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    return box["width"] if box else 0.0


def test_the_skip_link_is_shown_on_focus_and_jumps_to_the_table(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    _open_recorder(page, axe, live_cast)
    skip = page.get_by_role("link", name="Hopp over kartet")
    assert _width(page, "#bt-map-skip") <= 1  # out of sight until it has focus

    page.locator("#main").focus()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert _width(page, "#bt-map-skip") > 40
    shoot(page, artifacts, "session-map-skip-link")
    axe.check(context="skip link focused")

    page.keyboard.press("Enter")
    expect(page.locator("#table-heading")).to_be_focused()
    expect(page.locator("#table-heading")).to_be_in_viewport()
    page.keyboard.press("Tab")
    first_field = page.locator(".bt-injections input").first
    expect(first_field).to_be_focused()
    expect(first_field).to_have_attribute("name", "sites_corrugator__left")
    page.keyboard.press("Tab")
    expect(page.locator(".bt-injections input").nth(1)).to_be_focused()
    axe.check(context="after skipping the map")


def test_without_the_skip_the_sites_come_in_map_order_then_the_table(
    page: Page, axe: AxeGuard, live_cast: Cast
) -> None:
    _open_recorder(page, axe, live_cast)
    in_order = page.evaluate(
        "Array.from(document.querySelectorAll('#bt-map circle[data-key]'))"
        ".map(c => c.dataset.key + '/' + c.dataset.index)")
    page.locator("#main").focus()
    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.id") == "bt-map-skip"
    reached = []
    for _ in range(MAP_SITES):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            f"{FOCUSED}.dataset.key + '/' + {FOCUSED}.dataset.index"))
    assert reached == in_order
    page.keyboard.press("Tab")
    expect(page.locator(".bt-injections input").first).to_be_focused()
    # Backwards: from the table through every site, last to first, to the skip link.
    backwards = []
    for _ in range(MAP_SITES):
        page.keyboard.press("Shift+Tab")
        backwards.append(page.evaluate(
            f"{FOCUSED}.dataset.key + '/' + {FOCUSED}.dataset.index"))
    assert backwards == in_order[::-1]
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#bt-map-skip")).to_be_focused()
    axe.check(context="recorder after tabbing through the map")
