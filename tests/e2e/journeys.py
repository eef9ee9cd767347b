"""Steps the browser journeys share: logging in, the second factor and screenshots.

Plain functions, not fixtures: a test calls them with its `page` and `axe` (see conftest.py),
so each step still checks every page it opens with axe-core.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, ViewportSize, expect

from bontrack.accounts.models import User
from bontrack.clinical.diary import DiaryDay
from bontrack.patients.cohort import entry_from_day
from bontrack.patients.diary_models import DiaryEntry
from bontrack.patients.models import Patient
from tests.e2e.conftest import AxeGuard
from tests.personas import PASSWORD

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}

CODE_LABEL = "Sekssifret kode fra autentiseringsappen"


def log_in(
    page: Page,
    axe: AxeGuard,
    email: str,
    *,
    next_url: str | None = None,
    heading: str | None = None,
) -> None:
    """Open the log-in page (with `?next=` if given), check it and log in with the password.

    With `heading`, wait until the page reached has that <h1>; the page reached is not
    checked with axe, that is the caller's to do.
    """
    page.goto("/logg-inn/" if next_url is None else f"/logg-inn/?next={next_url}")
    axe.check(context="log-in page")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    if heading is not None:
        expect(page.locator("h1")).to_have_text(heading)


def totp_code(user: User) -> str:
    """The current six-digit code from `user`'s authenticator app (their TOTP device).

    A code is accepted once (django-otp remembers the last time step used), so when this
    user already logged in during the current step, wait for the next one, as a person
    logging in twice within 30 seconds would have to."""
    device = TOTPDevice.objects.get(user=user)
    while int((time.time() - device.t0) // device.step) <= device.last_t:
        time.sleep(0.5)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enter_code(page: Page, user: User) -> None:
    """Fill in `user`'s current code on the second-factor page, without sending it."""
    page.get_by_label(CODE_LABEL).fill(totp_code(user))


def log_in_staff(page: Page, axe: AxeGuard, user: User) -> None:
    """Log a staff member in with password and code, and land on the clinic's workspace."""
    log_in(page, axe, user.email, heading="Tostegsinnlogging")
    axe.check(context="code page")
    enter_code(page, user)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Klinikkens arbeidsflate")
    axe.check(context="workspace")


def shoot(page: Page, artifacts: Path, name: str) -> None:
    """Full-page screenshots `{name}-1280.png` and `{name}-390.png`; ends at desktop width."""
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(artifacts / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts / f"{name}-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def store_diary_days(patient: Patient, days: Iterable[DiaryDay]) -> None:
    """Diary days (from bontrack.clinical.synthetic, say) stored as the patient's entries."""
    DiaryEntry.objects.bulk_create([entry_from_day(patient.pk, day, source="demo") for day in days])


def expect_session_total(page: Page, units: int, sites: int) -> None:
    """The session recorder's (or a session's) total reads `units` U at `sites` sites."""
    total = page.locator("#bt-session-total")
    expect(total.locator('[data-total="units"]')).to_have_text(str(units))
    expect(total.locator('[data-total="sites"]')).to_have_text(str(sites))
