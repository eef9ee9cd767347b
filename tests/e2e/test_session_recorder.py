"""A physician records a PREEMPT session on the injection map, with the keyboard, and signs it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from bontrack.treatments import courses
from bontrack.treatments.models import Session, VialLot
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import PHONE, expect_session_total, log_in_staff, shoot, totp_code
from tests.personas import PASSWORD, Cast


def test_a_physician_records_and_signs_a_preempt_session_on_the_map(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    lot = VialLot.objects.create(
        clinic=live_cast.clinic_a, vial_units=200, lot_number="E2E-200",
        expires_on=dt.date.today() + dt.timedelta(days=365), vials_in_stock=5)
    log_in_staff(page, axe, live_cast.dave)
    patient = live_cast.alice_patient.pk
    page.goto(f"/klinikk/pasienter/{patient}/")
    expect(page.locator("h1")).to_have_text("Alice Aas")
    axe.check(context="patient record")

    page.goto(f"/klinikk/pasienter/{patient}/behandling/")
    axe.check(context="course list, empty")
    page.locator(f"a[href='/klinikk/pasienter/{patient}/behandling/ny/']").click()
    page.screenshot(path=str(artifacts / "course-new-1280.png"), full_page=True)
    axe.check(context="new course")
    page.locator("input[name=indication][value=chronic_migraine]").check()
    page.locator("select[name=protocol]").select_option("preempt")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".bt-messages")).to_be_visible()
    page.screenshot(path=str(artifacts / "course-list-1280.png"), full_page=True)
    axe.check(context="course list")

    page.locator("a[href*='/okt/ny/']").click()
    expect(page.locator("circle[role=button]")).to_have_count(39)
    expect_session_total(page, 155, 31)
    shoot(page, artifacts, "session-recorder")
    axe.check(context="session recorder")

    # Keyboard only: from the start of the page's main content, Tab reaches the link that
    # skips the map, then the first site.
    page.locator("#main").focus()
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Hopp over kartet")
    page.keyboard.press("Tab")
    site = page.locator(":focus")
    expect(site).to_have_attribute("role", "button")
    expect(site).to_have_attribute("tabindex", "0")
    label = site.get_attribute("aria-label") or ""
    assert "Corrugator" in label and "5" in label
    expect(site).to_have_attribute("data-key", "corrugator__left")
    page.keyboard.press("ArrowUp")
    expect_session_total(page, 156, 31)
    expect(page.locator("td[data-muscle-units=corrugator]")).to_have_text("11")
    page.keyboard.press("ArrowDown")
    expect_session_total(page, 155, 31)
    page.keyboard.press("Space")
    expect_session_total(page, 150, 30)
    expect(site).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Enter")
    expect_session_total(page, 155, 31)
    expect(site).to_have_attribute("aria-pressed", "true")
    # The next Tab goes to the next site on the map.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("data-key", "corrugator__right")

    page.locator("select[name=lot]").select_option(str(lot.pk))
    page.locator("input[name=observation_minutes]").fill("15")
    page.locator("input[name=observation_note]").fill("Well, no dizziness")
    page.locator("button[value=save]").click()
    expect(page.locator("#bt-supply")).to_contain_text("45")
    expect(page.locator("#bt-supply")).to_contain_text("4057")
    expect_session_total(page, 155, 31)
    page.screenshot(path=str(artifacts / "session-draft-checked-1280.png"), full_page=True)
    axe.check(context="draft with its check")

    page.locator("button[value=sign]").click()
    expect(page.locator("#bt-signed")).to_be_visible()
    earliest = dt.date.today() + dt.timedelta(days=84)
    expect(page.locator("#bt-next")).to_contain_text(f"{earliest:%d.%m.%Y}")
    link = page.locator("#bt-next a")
    assert link.get_attribute("href") == (
        f"/klinikk/kalender/ny/?pasient={patient}&dato={earliest:%Y-%m-%d}&type=treatment"
        f"&lege={live_cast.dave.pk}")
    expect_session_total(page, 155, 31)
    page.screenshot(path=str(artifacts / "session-signed-1280.png"), full_page=True)
    axe.check(context="signed session")

    session = Session.objects.get()
    assert session.is_signed and session.total_units == 155
    lot.refresh_from_db()
    assert lot.vials_in_stock == 4

    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts / "session-signed-390.png"), full_page=True)


def test_the_recorder_works_without_javascript(
    browser: Browser, live_server: Any, live_cast: Cast, artifacts: Path
) -> None:
    lot = VialLot.objects.create(
        clinic=live_cast.clinic_a, vial_units=200, lot_number="NOJS-200",
        expires_on=dt.date.today() + dt.timedelta(days=365), vials_in_stock=2)
    course = courses.create_course(
        patient=live_cast.alice_patient, clinic_id=live_cast.clinic_a.pk, by=live_cast.dave,
        indication="chronic_migraine", icd10="", protocol="preempt", planned_cycles=3,
        continuation_rules="nkh-2018")
    context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto("/logg-inn/")
    page.locator("input[type=email]").fill("dave@example.org")
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.locator("main input[autocomplete=one-time-code]").fill(totp_code(live_cast.dave))
    page.locator("main button[type=submit]").click()
    base = f"/klinikk/pasienter/{live_cast.alice_patient.pk}/behandling/"
    page.goto(f"{base}{course.pk}/okt/ny/")
    expect(page.locator("circle[role=button]")).to_have_count(0)
    expect(page.locator("#bt-map-skip")).to_be_hidden()  # nothing on the map to skip
    page.locator("input[name=units_procerus__midline]").fill("10")
    page.locator("select[name=lot]").select_option(str(lot.pk))
    page.locator("button[value=save]").click()
    expect(page.locator("#bt-hard-stops")).to_contain_text("procerus")
    expect(page.locator('#bt-session-total [data-total="units"]')).to_have_text("160")
    expect(page.locator("button[value=sign]")).to_have_count(0)
    page.screenshot(path=str(artifacts / "session-hard-stop-nojs-1280.png"), full_page=True)
    page.locator("input[name=units_procerus__midline]").fill("5")
    page.locator("button[value=save]").click()
    page.locator("button[value=sign]").click()
    expect(page.locator("#bt-signed")).to_be_visible()
    expect(page.locator('#bt-session-total [data-total="units"]')).to_have_text("155")
    context.close()
