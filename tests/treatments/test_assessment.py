"""The clinician's assessment page: eligibility panel, application PDF and its answer."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.accounts.models import AuditEvent, Membership
from bontrack.clinical.diary import Diary
from bontrack.clinical.drugs import tried
from bontrack.clinical.eligibility import eligibility_from_diary
from bontrack.clinical.synthetic import PatientModel, synthetic_diary
from bontrack.patients.cohort import entry_from_day
from bontrack.patients.diary import load_diary
from bontrack.patients.diary_models import DiaryEntry, Medication
from bontrack.patients.models import Patient
from bontrack.treatments import assessment
from bontrack.treatments.models import Application
from tests.personas import Cast, login

# Headache on most days, migraine on most of them: chronic migraine in every period.
CHRONIC = PatientModel(headache_rate=0.8, migraine_share=0.7, missing_rate=0.0)


def store_diary(
    patient: Patient, start: dt.date, days: int, *, seed: int = 11,
    treatments: list[dt.date] | None = None,
) -> Diary:
    """A synthetic diary stored as the patient's entries, and as the clinical core sees it."""
    generated = synthetic_diary(start, days, seed=seed, treatments=treatments or [], model=CHRONIC)
    DiaryEntry.objects.bulk_create(
        [entry_from_day(patient.pk, day, source="demo") for day in generated]
    )
    return Diary(generated)


def preventive(patient: Patient, name: str, outcome: str, *, generic: str = "") -> Medication:
    return Medication.objects.create(
        patient=patient, kind="preventive", name=name, generic=generic, outcome=outcome,
        dose="–", started_on=dt.date(2024, 1, 1), stopped_on=dt.date(2024, 6, 1), active=False,
    )


def client_for(user: Any) -> Client:
    """A logged-in client that reads the pages in English."""
    client = login(Client(), user)
    client.cookies.load({"django_language": "en"})
    return client


def page_url(cast: Cast) -> str:
    return f"/klinikk/pasienter/{cast.alice_patient.pk}/vurdering/"


@pytest.fixture
def chronic(cast: Cast) -> Diary:
    today = timezone.localdate()
    return store_diary(cast.alice_patient, today - dt.timedelta(days=100), 100)


def test_the_panel_equals_the_clinical_core_on_stored_data(cast: Cast, chronic: Diary) -> None:
    patient = cast.alice_patient
    preventive(patient, "Inderal", "failed", generic="propranolol")
    preventive(patient, "Topimax", "intolerant", generic="N03AX11")
    panel = assessment.eligibility_panel(
        patient=patient, applicant="neurologist", today=timezone.localdate()
    )
    drugs = [tried("propranolol", "failed"), tried("topiramate", "intolerant")]
    stored = load_diary(patient)
    for rule_set in panel.rule_sets:
        name = rule_set.eligibility.rules
        expected = eligibility_from_diary(
            stored, name, as_of=stored.last, tried=drugs, applicant="neurologist"
        )
        assert rule_set.eligibility.to_dict() == expected.to_dict()
        # The stored diary says what the generated one says.
        same = eligibility_from_diary(
            chronic, name, as_of=chronic.last, tried=drugs, applicant="neurologist"
        )
        assert rule_set.eligibility.to_dict() == same.to_dict()
    assert panel.rule_set("no-5-14-2019").eligibility.eligible is True
    assert panel.rule_set("nice-ta260").eligibility.eligible is False


def test_a_preventive_without_a_generic_name_is_matched_by_its_name(cast: Cast) -> None:
    preventive(cast.alice_patient, "Propranolol", "failed")
    preventive(cast.alice_patient, "Melatonin", "failed")
    preventive(cast.alice_patient, "Amitriptyline", "ongoing")
    rows = {r.medication.name: r for r in assessment.preventives(patient=cast.alice_patient)}
    assert rows["Propranolol"].counts
    assert not rows["Melatonin"].counts and rows["Melatonin"].tried is None
    assert not rows["Amitriptyline"].counts and rows["Amitriptyline"].tried is not None


def test_a_missing_beta_blocker_shows_as_unmet_with_its_detail(
    cast: Cast, chronic: Diary
) -> None:
    preventive(cast.alice_patient, "Topimax", "failed", generic="topiramate")
    client = client_for(cast.dave)
    response = client.get(page_url(cast))
    assert response.status_code == 200
    panel = response.context["panel"]
    beta = next(c for c in panel.rule_set("no-5-14-2019").criteria if c.id == "beta_blocker")
    assert beta.met is False
    assert beta.detail == "no beta blocker recorded as tried"
    text = response.content.decode()
    assert "no beta blocker recorded as tried" in text
    assert "A beta blocker (propranolol, metoprolol or atenolol)" in text
    # dave's speciality is not recorded, so the page says so instead of assuming one.
    assert "your speciality is not recorded" in text
    assert panel.rule_set("no-5-14-2019").eligibility.eligible is False


def test_the_page_is_read_and_audited_for_a_coordinator_without_forms(
    cast: Cast, chronic: Diary
) -> None:
    client = client_for(cast.carol)
    response = client.get(page_url(cast))
    assert response.status_code == 200
    assert response.context["can_decide"] is False
    assert b"Draft application under" not in response.content
    # A coordinator is no applicant: the applicant criterion stays unknown.
    panel = response.context["panel"]
    applicant = next(c for c in panel.rule_set("no-specialist-applicant").criteria
                     if c.id == "applicant")
    assert applicant.met is None
    assert AuditEvent.objects.filter(
        actor=cast.carol, patient_id=cast.alice_patient.pk, action="read"
    ).exists()


def test_other_clinics_and_clinic_admins_get_404(cast: Cast) -> None:
    for user in (cast.erin, cast.ola):
        assert client_for(user).get(page_url(cast)).status_code == 404


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "application.pdf"
    pdf.write_bytes(content)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return " ".join(out.split())


def test_the_application_pdf_has_the_statistics_and_the_tried_drugs(
    cast: Cast, chronic: Diary, tmp_path: Path
) -> None:
    patient = cast.alice_patient
    Membership.objects.filter(user=cast.dave).update(speciality="neurologist")
    preventive(patient, "Inderal", "failed", generic="propranolol")
    preventive(patient, "Topimax", "intolerant", generic="topiramate")
    response = client_for(cast.dave).post(
        f"{page_url(cast)}soknad/", {"rules": "no-5-14-2019"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    application = Application.objects.get(patient=patient)
    assert application.rules == "no-5-14-2019"
    assert application.drafted_by == cast.dave
    assert application.answer == "pending"
    expected = eligibility_from_diary(
        load_diary(patient), "no-5-14-2019", as_of=chronic.last,
        tried=[tried("propranolol", "failed"), tried("topiramate", "intolerant")],
        applicant="neurologist",
    )
    # The contract's id, met and detail; beside them the code and values they were made of.
    assert [{k: c[k] for k in ("id", "met", "detail")} for c in application.criteria] == [
        c.to_dict() for c in expected.criteria]
    text = _pdf_text(b"".join(response.streaming_content) if response.streaming
                     else response.content, tmp_path)
    assert "Alice Aas" in text
    assert "Dave Doktor (Neurologist)" in text
    assert "Inderal" in text and "propranolol" in text and "Topimax" in text
    assert "official channel" in text and "bontrack does not send it" in text
    overview = assessment.application_document(
        application=application, patient=patient, user=cast.dave, today=timezone.localdate()
    ).overview
    assert len(overview.window_periods) == 3
    for row in overview.window_periods:
        counts = row.counts
        line = (f"{counts.start:%d.%m.%Y}–{counts.end:%d.%m.%Y} {counts.recorded_days} "
                f"{counts.headache_days} {counts.migraine_days} {counts.moderate_severe_days}")
        assert line in text


def test_an_unknown_rule_set_stores_nothing_and_names_the_field(
    cast: Cast, chronic: Diary
) -> None:
    response = client_for(cast.dave).post(f"{page_url(cast)}soknad/", {"rules": "ehf"})
    assert response.status_code == 400
    assert "Rule set: choose one of" in response.content.decode()
    assert not Application.objects.exists()


def test_only_physicians_draft_applications(cast: Cast, chronic: Diary) -> None:
    response = client_for(cast.carol).post(
        f"{page_url(cast)}soknad/", {"rules": "no-5-14-2019"}
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


def _application(cast: Cast) -> Application:
    return Application.objects.create(
        patient=cast.alice_patient, clinic=cast.clinic_a, rules="no-5-14-2019",
        criteria=[{"id": "chronic_migraine", "met": True, "detail": "shown"}],
        drafted_by=cast.dave,
    )


def test_the_answer_is_recorded(cast: Cast) -> None:
    application = _application(cast)
    today = timezone.localdate()
    response = client_for(cast.dave).post(
        f"{page_url(cast)}soknad/{application.pk}/svar/",
        {"answer": "approved", "answered_on": today.isoformat(), "reference": "HELFO-2026-17"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.answer, application.answered_on, application.reference) == (
        "approved", today, "HELFO-2026-17"
    )
    assert AuditEvent.objects.filter(
        action="update", object_type="treatments.application", object_id=str(application.pk)
    ).exists()
    page = client_for(cast.dave).get(page_url(cast)).content.decode()
    assert "HELFO-2026-17" in page and "Approved" in page


def test_an_answer_dated_in_the_future_is_refused(cast: Cast) -> None:
    application = _application(cast)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(cast.dave).post(
        f"{page_url(cast)}soknad/{application.pk}/svar/",
        {"answer": "denied", "answered_on": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert "Date of the answer: it cannot be in the future." in response.content.decode()
    application.refresh_from_db()
    assert application.answer == "pending"


def test_another_patients_application_cannot_be_answered(cast: Cast) -> None:
    application = _application(cast)
    response = client_for(cast.dave).post(
        f"/klinikk/pasienter/{cast.bob_patient.pk}/vurdering/soknad/{application.pk}/svar/",
        {"answer": "denied", "answered_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.answer == "pending"
