from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bontrack.clinical.synthetic import synthetic_diary
from bontrack.patients.diary_models import Medication, QuestionnaireResponse
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import PHONE, log_in
from tests.personas import Cast
from tests.reports.diaries import store


@pytest.fixture
def live_cast(live_cast: Cast) -> Cast:
    """The shared cast, with 120 days of alice's diary, her medicines and a MIDAS."""
    patient = live_cast.alice_patient
    today = timezone.localdate()
    days = synthetic_diary(today - dt.timedelta(days=119), 120, seed=7)
    store(patient, days, notes={days[-1].date: "Verre etter lite søvn, prøvde å gå tur først."})
    Medication.objects.create(
        patient=patient, kind="acute", name="Sumatriptan", dose="50 mg", drug_class="triptan"
    )
    Medication.objects.create(
        patient=patient, kind="preventive", name="Propranolol", dose="80 mg", outcome="failed"
    )
    QuestionnaireResponse.objects.create(
        patient=patient, kind="midas", score=23, grade="IV", answered_on=today
    )
    return live_cast


def _log_in_to_overview(page: Page, axe: AxeGuard) -> None:
    log_in(page, axe, "alice@example.org", next_url="/portal/oversikt/", heading="Min oversikt")


def _sees_charts_and_assessment(page: Page) -> None:
    # Two charts, loaded as images: wide for bigger screens, compact on a phone.
    charts = page.locator("img.bt-chart__img")
    expect(charts).to_have_count(2)
    expect(charts.first).to_be_visible()
    expect(charts.first).to_have_attribute(
        "alt", re.compile(r"^Hodepinedager og migrenedager per 4 uker\.")
    )
    # The browser really loaded the chart (naturalWidth is 0 for a broken image).
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.bt-chart__img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    expect(page.get_by_text("hodepinedager per 4 uker", exact=False).first).to_be_visible()
    expect(page.get_by_role("heading", name="Kronisk migrene")).to_be_visible()
    expect(page.get_by_role("heading", name="Overforbruk av medisiner")).to_be_visible()
    missing = page.get_by_role("heading", name="Dette mangler for en sikker vurdering")
    expect(missing).to_be_visible()


def test_a_patient_sees_her_overview_and_downloads_the_summary(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    _log_in_to_overview(page, axe)
    _sees_charts_and_assessment(page)
    axe.check(context="overview")

    # The numbers behind the charts, without JavaScript: a <details> opens them.
    page.get_by_text("Vis tallene i tabeller").click()
    table = page.get_by_role("table", name="Hodepinedager per 4 uker")
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(1 + 5)
    # Designsystemet slides the details open in 0.4 s; let it finish before the picture.
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "overview-desktop.png"), full_page=True)
    axe.check(context="overview with the numbers open")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned sammendrag til timen (PDF)").click()
    download = download_info.value
    pdf = artifacts / "visit-summary.pdf"
    download.save_as(pdf)
    assert download.suggested_filename.startswith("bontrack-sammendrag-")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Sammendrag til timen" in " ".join(text.split())
    assert "Alice Aas" in text and "Sumatriptan" in text and "Propranolol" in text
    assert "hodepinedager per 4 uker" in " ".join(text.split())
    assert "Verre etter lite søvn, prøvde å gå tur først." in " ".join(text.split())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(artifacts / "visit-summary-page1")],
        check=True,
    )


def test_the_overview_fits_a_phone(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    page.set_viewport_size(PHONE)
    _log_in_to_overview(page, axe)
    _sees_charts_and_assessment(page)
    # Wide charts scroll inside their frame; the page itself never scrolls sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    page.screenshot(path=str(artifacts / "overview-phone.png"), full_page=True)
    axe.check(context="overview on a phone")
