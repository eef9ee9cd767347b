"""One treatment course end to end, as issue 7's test paragraph tells it.

A physician opens a patient with chronic migraine, sees the eligibility panel, records a
PREEMPT session on the injection map (the map by keyboard alone), signs it and books the next
treatment 12 weeks on; the patient reports a red-flag side effect and is told what to do; the
clinic's worklist shows it first; with two signed cycles the outcome shows the responder result.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from bontrack.clinical.diary import Diary
from bontrack.clinical.outcome import cycle_outcomes
from bontrack.clinical.synthetic import synthetic_diary
from bontrack.treatments import courses, sessions
from bontrack.treatments.models import Appointment, Session, SideEffectReport, VialLot
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import (
    expect_session_total,
    log_in,
    log_in_staff,
    shoot,
    store_diary_days,
)
from tests.personas import Cast
from tests.treatments.test_assessment import CHRONIC, preventive

MAP_SITES = 39  # PREEMPT's 31 sites and the 8 follow-the-pain sites, shown unused


def _log_out(page: Page, axe: AxeGuard) -> None:
    page.get_by_role("button", name="Logg ut").click()
    # The start page itself: a glob like "**/" would match the page we are leaving.
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    axe.check(context="start page after logging out")


def test_a_course_from_eligibility_to_the_responder_result(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    cast, patient = live_cast, live_cast.alice_patient
    today = timezone.localdate()
    first = today - dt.timedelta(days=84)  # cycle 1, so that its weeks 9–12 are over today
    diary = synthetic_diary(first - dt.timedelta(days=90), 91 + 84, seed=23,
                            treatments=[first, today], model=CHRONIC)
    # The seed gives a clear responder; say so here rather than deep in the page.
    assert cycle_outcomes(Diary(diary), [first, today])[0].responder[30.0] is True
    # Before treatment the diary shows chronic migraine; two preventives have failed.
    store_diary_days(patient, [d for d in diary if d.date < first])
    preventive(patient, "Inderal", "failed", generic="propranolol")
    preventive(patient, "Topimax", "intolerant", generic="topiramate")
    lot = VialLot.objects.create(clinic=cast.clinic_a, vial_units=200, lot_number="JRN-200",
                                 expires_on=today + dt.timedelta(days=365), vials_in_stock=6)
    # The earlier cycle, recorded and signed through the services as the recorder does.
    course = courses.create_course(
        patient=patient, clinic_id=cast.clinic_a.pk, by=cast.dave,
        indication="chronic_migraine", icd10="", protocol="preempt", planned_cycles=3,
        continuation_rules="nkh-2018", started_on=first)
    earlier = sessions.save_session(
        course=course, by=cast.dave,
        details=sessions.SessionDetails(performed_on=first, lot_id=lot.pk,
                                        units_per_ml=Decimal(50)),
        injections=sessions.plan_rows(course=course))
    sessions.sign_session(session=earlier, by=cast.dave)

    # The physician opens the patient and the eligibility panel.
    log_in_staff(page, axe, cast.dave)
    record = f"/klinikk/pasienter/{patient.pk}/"
    page.goto(record)
    expect(page.locator("h1")).to_have_text("Alice Aas")
    axe.check(context="patient record")
    page.locator(f"a[href='{record}vurdering/']").click()
    expect(page.locator("h1")).to_have_text("Vurdering av Alice Aas")
    panel = page.locator("#rules-no-5-14-2019").locator("xpath=..")
    expect(panel.locator("summary", has_text="Kronisk migrene (ICHD-3 1.3)")).to_contain_text(
        "oppfylt")
    page.get_by_role("heading", name="Vilkår for refusjon").scroll_into_view_if_needed()
    shoot(page, artifacts, "journey-eligibility")
    axe.check(context="eligibility panel")

    # The recorder, prefilled from PREEMPT; the map is worked by keyboard alone.
    page.goto(record)
    axe.check(context="patient record again")
    page.locator(f"a[href='{record}behandling/']").click()
    axe.check(context="course list")
    page.locator("a[href*='/okt/ny/']").click()
    expect(page.locator("h1")).to_contain_text("syklus 2")
    expect(page.locator("circle[role=button]")).to_have_count(MAP_SITES)
    expect_session_total(page, 155, 31)
    axe.check(context="session recorder")
    page.locator("#main").focus()
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Hopp over kartet")
    reached = []
    for _ in range(MAP_SITES):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('data-key')"))
    assert None not in reached and len(set(reached)) == 13, reached  # every muscle and side
    # Back on the last site (right trapezius, a follow-the-pain extra): on, up, off again.
    site = page.locator(":focus")
    expect(site).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Enter")
    expect_session_total(page, 160, 32)
    page.keyboard.press("PageUp")
    expect_session_total(page, 165, 32)
    page.keyboard.press("PageDown")
    page.keyboard.press("Space")
    expect_session_total(page, 155, 31)
    expect(site).to_have_attribute("aria-pressed", "false")
    expect(page.locator("td[data-muscle-units=trapezius]")).to_have_text("30")

    page.locator("select[name=lot]").select_option(str(lot.pk))
    page.locator("input[name=observation_minutes]").fill("15")
    page.get_by_role("button", name="Lagre og kontroller").click()
    expect(page.get_by_text("Innenfor grensene og protokollen.")).to_be_visible()
    expect_session_total(page, 155, 31)
    axe.check(context="draft checked")
    page.get_by_role("button", name="Lagre og signer").click()
    expect(page.locator("#bt-signed")).to_be_visible()
    expect_session_total(page, 155, 31)
    proposed = today + dt.timedelta(days=84)
    expect(page.locator("#bt-next")).to_contain_text(f"{proposed:%d.%m.%Y}")
    shoot(page, artifacts, "journey-signed")
    axe.check(context="signed session")
    signed = Session.objects.get(course=course, cycle=2)
    assert signed.is_signed and signed.total_units == 155 and signed.performed_on == today

    # The next treatment, 12 weeks on.
    page.get_by_role("link", name="Bestill neste behandling").click()
    expect(page.get_by_label("Dato")).to_have_value(proposed.isoformat())
    axe.check(context="booking form")
    # The physician who books is chosen already.
    expect(page.get_by_label("Lege", exact=True)).to_have_value(str(cast.dave.pk))
    page.get_by_label("Klokkeslett").fill("09:30")
    page.get_by_role("button", name="Sett opp timen").click()
    expect(page.get_by_role("status")).to_contain_text("Satt opp")
    axe.check(context="week with the booking")
    booked = Appointment.objects.get(patient=patient)
    assert booked.kind == Appointment.Kind.TREATMENT
    assert timezone.localtime(booked.starts_at).date() == proposed
    _log_out(page, axe)

    # The patient reports trouble swallowing and is told at once what to do.
    log_in(page, axe, "alice@example.org", heading="Velkommen, Alice Aas")
    axe.check(context="portal home")
    page.goto("/portal/behandling/")
    axe.check(context="my treatments")
    page.get_by_role("link", name="Meld en bivirkning").first.click()
    axe.check(context="side-effect form")
    page.get_by_label("Vanskelig å svelge").check()
    page.get_by_label("Hvilken dag startet det?").fill(today.isoformat())
    page.get_by_label("Alvorlig: klarer lite").check()
    page.get_by_label("Nei, jeg har det fortsatt").check()
    page.get_by_role("button", name="Send til klinikken min").click()
    alert = page.get_by_role("alert")
    for words in ("Ring lege nå", "113", "116 117"):
        expect(alert).to_contain_text(words)
    shoot(page, artifacts, "journey-red-flag")
    axe.check(context="red-flag instruction")
    assert SideEffectReport.objects.get(patient=patient).red_flag is True
    _log_out(page, axe)

    # The clinic's worklist puts it first.
    log_in_staff(page, axe, cast.dave)
    page.goto("/klinikk/arbeidsliste/")
    first_section = page.locator("main section").first
    expect(first_section.locator("h2")).to_contain_text("Haster")
    expect(first_section).to_contain_text("Alice Aas")
    expect(first_section).to_contain_text("Vanskelig å svelge")
    shoot(page, artifacts, "journey-worklist")
    axe.check(context="worklist")

    # The diary since the first cycle arrives; the outcome shows cycle 1 as a responder.
    store_diary_days(patient, [d for d in diary if d.date >= first])
    page.goto(f"{record}vurdering/#outcome-heading")
    table = page.get_by_role("table", name="Uke 9–12 i hver syklus mot utgangspunktet")
    cycle_1 = table.get_by_role("row").nth(1)
    expect(cycle_1.get_by_role("rowheader")).to_have_text("1")
    expect(cycle_1.get_by_role("cell").nth(4)).to_have_text("ja")  # responder ≥ 30 %
    expect(table.get_by_role("row")).to_have_count(3)  # the header, cycles 1 and 2
    page.locator(f"#course-{course.pk}").scroll_into_view_if_needed()
    shoot(page, artifacts, "journey-outcome")
    axe.check(context="outcome after two cycles")
