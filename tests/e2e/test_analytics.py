"""A coordinator reads the clinic's analytics beside PREEMPT's figures, on a desktop and on a
phone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from bontrack.clinical.synthetic import PatientModel
from bontrack.patients import cohort
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import PHONE, log_in_staff, shoot
from tests.personas import Cast
from tests.treatments.test_analytics import ALIGNED, TODAY, _treat


def test_the_analytics_page_reads_on_desktop_and_phone(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    dates = [ALIGNED, ALIGNED + dt.timedelta(days=84)]
    cohort.fill_diary(patient=live_cast.alice_patient, end=TODAY, days=420, seed=5,
                      model=PatientModel(missing_rate=0.02, headache_rate=0.7),
                      treatments=tuple(dates))
    _treat(live_cast, live_cast.alice_patient, dates)

    log_in_staff(page, axe, live_cast.carol)
    page.goto("/klinikk/analyse/")
    expect(page.locator("h1")).to_have_text("Klinikkanalyse")
    expect(page.locator("main")).to_contain_text("44,8")
    axe.check(context="analytics, desktop")
    shoot(page, artifacts, "analytics")

    page.set_viewport_size(PHONE)
    page.reload()
    axe.check(context="analytics, phone")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the page scrolls sideways on a phone"
