"""A GP drafts a referral, is told what is missing section by section, completes it and sends
it, and sees the receipt; on a desktop and on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bontrack.patients.models import Patient
from bontrack.referrals.models import Attachment, Event, Referral
from tests.e2e.conftest import AxeGuard
from tests.e2e.journeys import PHONE, log_in
from tests.personas import Cast
from tests.referrals.test_referrer_form import HANNE

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def live_cast(live_cast: Cast, tmp_path: Path) -> Iterator[Cast]:
    # The shared cast; attachments go to a temporary directory, not var/.
    storage = Attachment._meta.get_field("file").storage
    saved = dict(storage.__dict__)
    storage._location = str(tmp_path)  # type: ignore[attr-defined]
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    yield live_cast
    storage.__dict__.clear()
    storage.__dict__.update(saved)


def _log_in(page: Page, axe: AxeGuard) -> None:
    log_in(page, axe, "frank@example.org", next_url="/henvisning/", heading="Dine henvisninger")
    axe.check(context="referral list")


def _start_draft(page: Page, axe: AxeGuard) -> None:
    page.get_by_role("link", name="Ny henvisning").click()
    expect(page.locator("h1")).to_have_text("Ny henvisning")
    axe.check(context="new referral form")
    page.get_by_label("Pasientens fulle navn").fill("Hanne Moe")
    page.get_by_label("Fødselsnummer").fill(HANNE)
    page.get_by_label("Hvilken poliklinikk").select_option(label="Clinic A")
    page.get_by_label("Hovedplage").select_option("headache")
    page.get_by_label("Manglende effekt av behandling i primærhelsetjenesten").select_option(
        "yes")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet er lagret. Ingenting er sendt ennå.")).to_be_visible()
    axe.check(context="saved draft")


def test_a_gp_drafts_completes_and_sends_a_referral(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path, tmp_path: Path
) -> None:
    _log_in(page, axe)
    _start_draft(page, axe)
    meter = page.locator("#meter-body")
    # Told what is missing, section by section, the essentials marked.
    expect(meter).to_contain_text("Henvendelsen")
    expect(meter).to_contain_text("Problemstilling: hva det spørres om (må fylles ut)")
    expect(meter).to_contain_text("Sykehistorie og tidligere behandling")
    expect(meter).to_contain_text("Klinisk status")
    expect(meter).not_to_contain_text("Språk og tolk")

    # The meter follows the typing, without saving.
    page.get_by_label("Problemstilling: hva det spørres om").fill(
        "Vurdering for botulinumtoksin ved kronisk migrene.")
    expect(meter).not_to_contain_text("Problemstilling")
    expect(page.locator("#meter-summary")).to_contain_text("Ikke klar til å sendes ennå")
    axe.check(context="meter after typing")

    # Sending too early is refused with the missing items named.
    page.get_by_role("button", name="Send henvisningen").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Henvisningen ble ikke sendt")
    expect(alert).to_contain_text("Symptomer: type, varighet, utløsende faktorer")
    expect(alert).to_contain_text("Tidligere og nåværende diagnoser")
    page.screenshot(path=str(artifacts / "referral-gp-missing.png"), full_page=True)
    axe.check(context="refused send")
    assert Referral.objects.get().is_draft

    # Complete it: a coded diagnosis, symptoms, a tried preventive, weight and height.
    page.locator("#id_diag_0_system").select_option("ICD-10")
    page.locator("#id_diag_0_code").fill("G43.7")
    page.locator("#id_diag_0_text").fill("Kronisk migrene")
    page.get_by_label("Symptomer: type, varighet, utløsende faktorer").fill(
        "Ensidig, bankende hodepine med kvalme, 18 dager i måneden.")
    page.locator("#id_med_0_name").fill("Propranolol")
    page.locator("#id_med_0_kind").select_option("preventive")
    page.locator("#id_med_0_dose").fill("80 mg")
    page.locator("#id_med_0_outcome").select_option("failed")
    page.get_by_label("Vekt (kg)").fill("72")
    page.get_by_label("Høyde (cm)").fill("170")
    expect(page.locator("#meter-summary")).to_contain_text("Klar til å sendes")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.locator("#bmi")).to_have_text("KMI 24,9")
    axe.check(context="draft with everything needed")

    report = tmp_path / "fysioterapi.pdf"
    report.write_bytes(PDF)
    page.get_by_label("Legg ved en rapport eller et bilde").set_input_files(str(report))
    page.get_by_role("button", name="Legg ved", exact=True).click()
    expect(page.get_by_text("fysioterapi.pdf er lagt ved.")).to_be_visible()
    page.screenshot(path=str(artifacts / "referral-gp-form.png"), full_page=True)
    axe.check(context="draft with an attachment")

    page.get_by_role("button", name="Send henvisningen").click()
    expect(page.locator("h1")).to_have_text("Henvisning for Hanne Moe")
    expect(page.get_by_role("heading", name="Kvittering")).to_be_visible()
    expect(page.locator("main")).to_contain_text("ble mottatt av Clinic A")
    expect(page.locator("main")).to_contain_text("Mottatt")
    page.screenshot(path=str(artifacts / "referral-gp-receipt.png"), full_page=True)
    axe.check(context="receipt")
    referral = Referral.objects.get()
    assert referral.status == "received"
    assert referral.patient == Patient.objects.get(national_id=HANNE)

    page.get_by_role("link", name="Dine henvisninger").click()
    expect(page.locator("table")).to_contain_text("Mottatt")
    axe.check(context="list after sending")


def test_the_referral_pages_work_on_a_phone(
    page: Page, axe: AxeGuard, live_cast: Cast, artifacts: Path
) -> None:
    page.set_viewport_size(PHONE)
    _log_in(page, axe)
    _start_draft(page, axe)
    page.get_by_label("Problemstilling: hva det spørres om").fill("Vurdering.")
    page.get_by_label("Symptomer: type, varighet, utløsende faktorer").fill("Daglig hodepine.")
    page.get_by_label("Andre diagnoser (fritekst)").fill("G43.7 kronisk migrene")
    page.get_by_label("Andre legemidler (fritekst)").fill("Propranolol 80 mg, ingen effekt.")
    expect(page.locator("#meter-summary")).to_contain_text("Klar til å sendes")
    page.screenshot(path=str(artifacts / "referral-gp-form-phone.png"), full_page=True)
    axe.check(context="form on a phone")
    page.get_by_role("button", name="Send henvisningen").click()
    expect(page.get_by_role("heading", name="Kvittering")).to_be_visible()
    page.screenshot(path=str(artifacts / "referral-gp-receipt-phone.png"), full_page=True)
    axe.check(context="receipt on a phone")
    assert Event.objects.filter(kind="sent").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width} px)"
