"""A physician assesses alice: eligibility, a draft application, and after two cycles the
responder result and a decision."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from bontrack.accounts.models import Membership
from bontrack.clinical.synthetic import synthetic_diary
from bontrack.patients.diary_models import Medication
from bontrack.treatments.models import Application, Course, OutcomeDecision, Session
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import PHONE, enter_code, log_in, store_diary_days
from tests.personas import Cast
from tests.treatments.test_assessment import CHRONIC


def _dates() -> tuple[dt.date, dt.date, dt.date]:
    today = timezone.localdate()
    second = today - dt.timedelta(days=92)
    first = second - dt.timedelta(days=84)
    return first - dt.timedelta(days=90), first, second


def _diary(cast: Cast) -> list[Any]:
    start, first, second = _dates()
    days = (timezone.localdate() - start).days
    return synthetic_diary(start, days, seed=23, treatments=[first, second], model=CHRONIC)


def _store(cast: Cast, days: list[Any]) -> None:
    store_diary_days(cast.alice_patient, days)


def test_a_physician_assesses_eligibility_and_decides_after_two_cycles(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    cast = live_cast
    _, first, second = _dates()
    diary = _diary(cast)
    # Before treatment: a chronic-migraine diary, a beta blocker and topiramate tried.
    _store(cast, [d for d in diary if d.date < first])
    for name, generic, outcome in (("Inderal", "propranolol", "failed"),
                                   ("Topimax", "topiramate", "intolerant")):
        Medication.objects.create(patient=cast.alice_patient, kind="preventive", name=name,
                                  generic=generic, outcome=outcome, active=False)
    Membership.objects.filter(user=cast.dave).update(speciality="neurologist")
    url = f"/klinikk/pasienter/{cast.alice_patient.pk}/vurdering/"
    log_in(page, axe, "dave@example.org", next_url=url)
    enter_code(page, cast.dave)
    axe.check(context="code page")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Vurdering av Alice Aas")
    panel = page.locator("#rules-no-5-14-2019")
    expect(panel).to_contain_text("fyller vilkårene")
    expect(page.get_by_text("spesialiteten din er Nevrolog", exact=False)).to_be_visible()
    # The evidence behind a criterion is one click away.
    page.get_by_text("En betablokker prøvd uten effekt").first.click()
    expect(page.get_by_text("propranolol (C07AA05) uten effekt", exact=False).first).to_be_visible()
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "assessment-eligibility.png"), full_page=True)
    axe.check(context="assessment page with the eligibility panel")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Lag utkast til søknad etter no-5-14-2019 (PDF)").click()
    pdf = artifacts / "assessment-application.pdf"
    download_info.value.save_as(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    assert "Inderal" in text and "Topimax" in text and "offisielle kanalen" in text
    application = Application.objects.get(patient=cast.alice_patient)

    page.reload()
    axe.check(context="assessment page with an application")
    form = page.locator(f"#application-{application.pk}").locator("xpath=..")
    form.get_by_label("Innvilget").check()
    form.get_by_label("Dato for svaret").fill(timezone.localdate().isoformat())
    form.get_by_label("Referanse").fill("HELFO-17")
    form.get_by_role("button", name="Registrer svaret").click()
    expect(page.get_by_text("HELFO-17", exact=False)).to_be_visible()
    axe.check(context="answer recorded")
    application.refresh_from_db()
    assert application.answer == "approved"

    # Two cycles later: the sessions and the diary after them.
    _store(cast, [d for d in diary if d.date >= first])
    course = Course.objects.create(
        patient=cast.alice_patient, clinic=cast.clinic_a, indication="chronic_migraine",
        continuation_rules="nkh-2018", started_on=first, created_by=cast.dave,
    )
    for cycle, day in enumerate([first, second], start=1):
        Session.objects.create(
            course=course, patient=cast.alice_patient, clinic=cast.clinic_a, cycle=cycle,
            performed_on=day, physician=cast.dave, state=Session.State.SIGNED, total_units=155,
            signed_at=timezone.now(), signed_by=cast.dave,
        )
    page.reload()
    table = page.get_by_role("table", name="Uke 9–12 i hver syklus mot utgangspunktet")
    row = table.get_by_role("row").nth(2)
    expect(row.get_by_role("rowheader")).to_have_text("2")
    expect(row.get_by_role("cell").nth(4)).to_have_text("ja")
    expect(page.get_by_text("Forslag etter nkh-2018", exact=False)).to_be_visible()
    page.screenshot(path=str(artifacts / "assessment-outcome.png"), full_page=True)
    axe.check(context="outcome after two cycles")

    article = page.locator(f"#course-{course.pk}")
    article.get_by_label("Fortsett").check()
    article.get_by_label("Begrunnelse").fill("God effekt, fortsetter hver 12. uke.")
    article.get_by_role("button", name="Registrer beslutningen").click()
    expect(page.get_by_text("God effekt, fortsetter hver 12. uke.", exact=False)).to_be_visible()
    axe.check(context="decision recorded")
    decision = OutcomeDecision.objects.get(course=course)
    assert (decision.cycle, decision.decision, decision.rules) == (2, "continue", "nkh-2018")

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(artifacts / "assessment-phone.png"), full_page=True)
    axe.check(context="assessment on a phone")
