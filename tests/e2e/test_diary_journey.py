from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bontrack.patients.diary_models import DiaryEntry, DiaryEntryVersion, Medication
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import PHONE, log_in
from tests.personas import Cast


@pytest.fixture
def live_cast(live_cast: Cast) -> Cast:
    """The shared cast, with a triptan on alice's medicine list."""
    Medication.objects.create(
        patient=live_cast.alice_patient,
        kind="acute",
        name="Sumatriptan",
        dose="50 mg",
        drug_class="triptan",
    )
    return live_cast


def _log_in(page: Page, axe: AxeGuard) -> None:
    log_in(page, axe, "alice@example.org", next_url="/portal/dagbok/", heading="Hodepinedagbok")


def test_a_patient_records_backfills_and_edits_on_a_phone(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    page.set_viewport_size(PHONE)
    _log_in(page, axe)
    axe.check(context="diary today")

    # A migraine day with a triptan, in a handful of taps.
    page.get_by_role("link", name="Jeg hadde hodepine i dag").click()
    page.get_by_label("Sterk – jeg klarte nesten ingenting").check()
    page.get_by_label("Hvor mange timer hadde du hodepine?").fill("6")
    page.get_by_label("Bankende eller pulserende").check()
    page.get_by_label("Kvalme").check()
    page.get_by_label("Sumatriptan 50 mg").check()
    page.get_by_label("Medisinen hjalp (hodepinen ble bedre innen to timer)").check()
    page.screenshot(path=str(artifacts / "diary-day-phone.png"), full_page=True)
    axe.check(context="day form")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Registrert: hodepine 6 timer, 1 anfall.")).to_be_visible()
    axe.check(context="today after saving")
    today = DiaryEntry.objects.get(date=dt.date.today())
    assert today.acute_meds == "triptan" and today.intensity == 3

    # Backfill a missed day from the calendar, then correct it.
    missed = dt.date.today() - dt.timedelta(days=2)
    page.locator(f'a[href="/portal/dagbok/{missed.isoformat()}/"]').first.click()
    page.get_by_label("Lett – jeg klarte det jeg pleier").check()
    page.get_by_label("Hvor mange timer hadde du hodepine?").fill("3")
    axe.check(context="backfill form")
    page.get_by_role("button", name="Lagre").click()
    axe.check(context="today after backfill")
    page.goto(f"/portal/dagbok/{missed.isoformat()}/")
    page.get_by_label("Hvor mange timer hadde du hodepine?").fill("5")
    page.get_by_role("button", name="Lagre").click()
    axe.check(context="today after edit")
    entry = DiaryEntry.objects.get(date=missed)
    assert entry.headache_hours == 5 and entry.version == 2
    assert DiaryEntryVersion.objects.get(entry=entry).data["headache_hours"] == "3.00"
    page.goto(f"/portal/dagbok/{missed.isoformat()}/historikk/")
    expect(page.locator("table")).to_contain_text("3.00")
    page.screenshot(path=str(artifacts / "diary-history-phone.png"), full_page=True)
    axe.check(context="history")


def test_twenty_five_hours_gets_a_clear_message_and_nothing_is_stored(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    _log_in(page, axe)
    axe.check()
    page.get_by_role("link", name="Jeg hadde hodepine i dag").click()
    page.get_by_label("Hvor mange timer hadde du hodepine?").fill("25")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_contain_text("Et døgn har 24 timer")
    page.screenshot(path=str(artifacts / "diary-error.png"), full_page=True)
    axe.check(context="form with an error")
    assert not DiaryEntry.objects.exists()


def test_an_import_with_two_bad_lines_lists_both_and_stores_nothing(
    page: Page, axe: AxeGuard, live_cast: Cast, tmp_path: Path, artifacts: Path
) -> None:
    csv = tmp_path / "diary.csv"
    csv.write_text(
        "date,headache_hours,intensity\n2026-01-01,5,2\n2026-01-02,25,1\n2026-01-03,3,7\n",
        encoding="utf-8",
    )
    _log_in(page, axe)
    axe.check()
    page.get_by_role("link", name="Importer en dagbokfil").click()
    axe.check(context="import page")
    page.get_by_label("Dagbokfil (CSV)").set_input_files(str(csv))
    page.get_by_role("button", name="Importer").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("line 3: headache_hours must be 0–24, got 25")
    expect(alert).to_contain_text("line 4: intensity must be 0–3, got 7")
    page.screenshot(path=str(artifacts / "diary-import-errors.png"), full_page=True)
    axe.check(context="import errors")
    assert not DiaryEntry.objects.exists()
