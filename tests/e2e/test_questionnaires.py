"""Browser journeys on a phone-sized screen: MIDAS, the self-management plan and reminders."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from bontrack.patients import goals
from bontrack.patients.diary_models import GoalCheck, QuestionnaireResponse, Reminder
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import PHONE, enter_code, log_in
from tests.personas import Cast


def _log_in_as_alice(page: Page, axe: AxeGuard) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, axe, "alice@example.org", heading="Velkommen, Alice Aas")
    axe.check(context="portal home")


def test_a_patient_fills_in_midas_and_sees_the_score_and_grade(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    _log_in_as_alice(page, axe)
    page.goto("/portal/skjema/")
    expect(page.locator("h1")).to_have_text("Spørreskjemaer")
    expect(page.get_by_text("Det er tid for å fylle ut MIDAS.")).to_be_visible()
    axe.check(context="questionnaire index, nothing filled in")
    page.get_by_role("link", name="Fyll ut MIDAS").click()
    expect(page.locator("h1")).to_have_text("MIDAS: hodepine og hverdag")
    page.screenshot(path=str(artifacts / "portal-midas-form.png"), full_page=True)
    axe.check(context="MIDAS form")

    answers = {
        "1. Hvor mange dager var du borte": "2",
        "2. På hvor mange andre dager": "91",
        "3. Hvor mange dager gjorde du ikke husarbeid": "4",
        "4. På hvor mange andre dager": "1",
        "5. Hvor mange dager gikk du glipp av": "5",
        "A. Hvor mange dager hadde du hodepine?": "30",
        "B. Hvor vondt gjorde hodepinen": "7",
    }
    for label, value in answers.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Lagre og se poengsummen min").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Ingenting ble lagret")
    expect(summary).to_contain_text(
        "Dager på jobb eller skole med halvparten eller mindre gjort: "
        "Skriv et helt antall dager fra 0 til 90."
    )
    page.screenshot(path=str(artifacts / "portal-midas-error.png"), full_page=True)
    axe.check(context="MIDAS form with an error")
    assert QuestionnaireResponse.objects.count() == 0

    page.get_by_label("2. På hvor mange andre dager").fill("3")
    page.get_by_role("button", name="Lagre og se poengsummen min").click()
    expect(page.locator("h1")).to_have_text("Spørreskjemaer")
    expect(page.get_by_role("status")).to_contain_text(
        "Poengsummen din er 15: grad III, moderat funksjonsnedsettelse."
    )
    expect(page.get_by_role("main")).to_contain_text("15: grad III, moderat funksjonsnedsettelse")
    page.screenshot(path=str(artifacts / "portal-questionnaires.png"), full_page=True)
    axe.check(context="questionnaire index with a MIDAS")

    page.get_by_role("link", name="Registrer totalskår på HIT-6").click()
    page.get_by_label("Din totalskår på HIT-6").fill("58")
    page.screenshot(path=str(artifacts / "portal-hit6.png"), full_page=True)
    axe.check(context="HIT-6 form")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_contain_text("betydelig påvirkning")
    axe.check(context="questionnaire index with HIT-6")

    page.get_by_role("link", name="Svar på spørsmålet").click()
    page.get_by_label("Mye bedre", exact=True).check()
    page.screenshot(path=str(artifacts / "portal-pgic.png"), full_page=True)
    axe.check(context="PGIC form")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_contain_text("Svaret ditt er lagret: mye bedre.")
    axe.check(context="questionnaire index with PGIC")
    assert QuestionnaireResponse.objects.count() == 3


def test_a_patient_ticks_off_a_goal_and_chooses_a_reminder(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    goals.add_goal(patient=live_cast.alice_patient, by=live_cast.dave, kind="training",
                   text="En tur på 20 minutter etter jobb")
    _log_in_as_alice(page, axe)
    page.goto("/portal/mal/")
    expect(page.locator("h1")).to_have_text("Min plan for egenmestring")
    axe.check(context="goals")
    page.get_by_label("En tur på 20 minutter etter jobb").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_contain_text("Lagret for")
    page.screenshot(path=str(artifacts / "portal-goals.png"), full_page=True)
    axe.check(context="goals after ticking")
    assert GoalCheck.objects.count() == 1

    page.goto("/portal/paminnelser/")
    expect(page.locator("h1")).to_have_text("Påminnelser")
    axe.check(context="reminders")
    page.get_by_label("Minn meg på å fylle ut dagboka hver dag").check()
    page.get_by_label("Klokkeslett").fill("07:30")
    page.get_by_label("E-post").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_contain_text("Innstillingene for påminnelser er lagret.")
    page.screenshot(path=str(artifacts / "portal-reminders.png"), full_page=True)
    axe.check(context="reminders saved")
    assert Reminder.objects.get(kind="diary").active


def test_a_physician_sets_and_ends_a_goal_for_a_patient(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, axe, "dave@example.org")
    enter_code(page, live_cast.dave)
    axe.check(context="code page")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Klinikkens arbeidsflate")
    axe.check(context="workspace")

    page.goto(f"/klinikk/pasienter/{live_cast.alice_patient.pk}/mal/")
    expect(page.locator("h1")).to_have_text("Egenmestringsplan for Alice Aas")
    axe.check(context="clinic goals, empty")
    page.get_by_role("button", name="Legg til mål").click()
    expect(page.get_by_role("alert")).to_contain_text("Hva pasienten skal gjøre")
    axe.check(context="clinic goals, missing text")
    page.get_by_label("Type mål").select_option("relaxation")
    page.get_by_label("Hva pasienten skal gjøre").fill("Ti minutter pusteøvelser om kvelden")
    page.get_by_role("button", name="Legg til mål").click()
    expect(page.get_by_role("status")).to_contain_text("Målet er lagt til i planen.")
    page.screenshot(path=str(artifacts / "clinic-goals.png"), full_page=True)
    axe.check(context="clinic goals with one goal")
    page.get_by_role("button", name="Avslutt mål: Ti minutter pusteøvelser om kvelden").click()
    expect(page.get_by_role("table")).to_contain_text("Avsluttet")
    axe.check(context="clinic goals, goal ended")
