"""A coordinator triages a referral in the browser; the letter holds the deadline; the GP sees
the new status."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from bontrack.referrals import services
from bontrack.referrals.models import Referral, Status
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import log_in, log_in_staff, shoot
from tests.matrix.referrals_clinic import accepted_referral, sent_referral
from tests.personas import Cast

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "desember"]


def test_a_coordinator_triages_a_referral_and_the_gp_sees_it_accepted(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    now = timezone.now()
    accepted_referral(live_cast, name="Per Brudd", individual=501,
                      sent_at=now - dt.timedelta(days=90))
    accepted_referral(live_cast, name="Ida Risiko", individual=502,
                      sent_at=now - dt.timedelta(days=75))
    referral = sent_referral(live_cast)
    suggestion = services.triage(referral)
    assert suggestion.right is True and suggestion.deadline is not None
    deadline = suggestion.deadline

    # Carol logs in with her code and opens the inbox.
    log_in_staff(page, axe, live_cast.carol)
    page.goto("/klinikk/henvisninger/")
    expect(page.locator("h1")).to_have_text("Innkomne henvisninger")
    row = page.locator("tr", has_text="Kari Nordmann")
    expect(row).to_contain_text("Frank Fastlege")
    expect(row).to_contain_text(deadline.strftime("%d.%m.%Y"))
    shoot(page, artifacts, "referral-inbox")
    axe.check(context="inbox")

    # The referral, with the suggestion; opening it starts the assessment.
    row.get_by_role("link", name="Kari Nordmann").click()
    expect(page.locator("h1")).to_contain_text("Kari Nordmann")
    suggestion_box = page.locator(".bt-suggestion")
    expect(suggestion_box).to_contain_text(deadline.strftime("%d.%m.%Y"))
    expect(suggestion_box).to_contain_text("nevrologiske tilleggssymptomer")
    expect(suggestion_box).to_contain_text("no-prioritering-nevrologi-2026")
    deadline_field = page.get_by_label("Frist for start av utredning eller behandling")
    expect(deadline_field).to_have_value(deadline.isoformat())
    assert Referral.objects.get(pk=referral.pk).status == Status.ASSESSING
    shoot(page, artifacts, "referral-page")
    axe.check(context="referral page")

    # A decision without a reason is refused, with the reason asked for.
    page.get_by_label("Akseptere: rett til nødvendig helsehjelp, med frist").check()
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_role("alert")).to_contain_text("oppgi begrunnelsen")
    axe.check(context="decision refused")
    assert Referral.objects.get(pk=referral.pk).status == Status.ASSESSING

    # Accept with the suggested deadline and a reason.
    page.get_by_label("Akseptere: rett til nødvendig helsehjelp, med frist").check()
    page.get_by_label("Begrunnelse").fill("Migrene med aura og nevrologiske utfall: rett.")
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_role("status")).to_contain_text("Vurderingen er lagret: Akseptert")
    axe.check(context="decided")
    accepted = Referral.objects.get(pk=referral.pk)
    assert accepted.status == Status.ACCEPTED and accepted.deadline == deadline

    # The letter to the patient holds the deadline.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Brev til pasienten (PDF)").click()
    pdf = artifacts / "referral-letter.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    text = " ".join(text.split())
    assert f"{deadline.day}. {MONTHS[deadline.month - 1]} {deadline.year}" in text
    assert "rett til nødvendig helsehjelp" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(artifacts / "referral-letter")],
                   check=True)

    # The waiting list shows it.
    page.goto("/klinikk/henvisninger/venteliste/")
    expect(page.locator("h1")).to_have_text("Venteliste")
    expect(page.locator("tr", has_text="Kari Nordmann")).to_contain_text(
        deadline.strftime("%d.%m.%Y")
    )
    expect(page.locator(".bt-waiting--missed")).to_contain_text("Per Brudd")
    expect(page.locator(".bt-waiting--at_risk")).to_contain_text("Ida Risiko")
    shoot(page, artifacts, "referral-waiting-list")
    axe.check(context="waiting list")

    # Frank, who sent it, sees the new status on his list.
    page.get_by_role("button", name="Logg ut").click()
    axe.check(context="after log-out")
    log_in(page, axe, "frank@example.org")
    page.goto("/henvisning/")
    expect(page.locator("main")).to_contain_text("Akseptert")
    page.screenshot(path=str(artifacts / "referrer-list-accepted.png"), full_page=True)
    axe.check(context="referrer list")
