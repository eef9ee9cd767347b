"""The referral form: drafts are saved, and the meter says what is missing, section by section."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from bontrack.patients.nin import make_national_id
from bontrack.referrals.models import Referral
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db

HANNE = make_national_id(dt.date(1985, 4, 3), 210, synthetic=True)
# A D-number: 40 added to the day of birth.
DORTE = make_national_id(dt.date(1979, 11, 21), 310, d_number=True, synthetic=True)

SECTION_ANSWERS: dict[str, dict[str, str]] = {
    "request": {"reason": "Assess for botulinum toxin: chronic migraine."},
    "history": {
        "history": "Daily headache for two years; works 50 %.",
        "investigations": "MRI 2024 normal. Physiotherapy, no lasting effect.",
        "diag_0_system": "ICD-10", "diag_0_code": "G43.7", "diag_0_text": "Chronic migraine",
        "attached_reports": "Physiotherapist's report attached.",
        "current_treatment": "Sumatriptan as needed.",
        "individual_plan": "not_relevant",
    },
    "clinical": {
        "weight_kg": "72", "height_cm": "170",
        "symptoms": "One-sided throbbing headache with nausea, 18 days a month.",
        "med_0_name": "Propranolol", "med_0_kind": "preventive", "med_0_dose": "80 mg",
        "med_0_outcome": "failed", "med_0_effect": "None after 3 months",
        "substance_use": "Alcohol rarely. No drugs.",
        "tests": "Blood tests normal (Hb, CRP, TSH).",
    },
    "work": {
        "education_work_history": "Nurse, 15 years.",
        "current_work": "Ward nurse, 50 %.",
        "nav_benefits": "Sick pay 50 %.", "nav_0_benefit": "sick_pay", "nav_0_percent": "50",
        "work_motivation": "Wants to return to full time.",
    },
    "social": {
        "civil_status": "Married, two children.",
        "living_situation": "House in town.",
        "strains": "None beyond the headache.",
    },
}


def form_data(cast: Cast, *sections: str, **extra: str) -> dict[str, str]:
    """The form as a GP fills it in: the patient, the clinic, and the given sections."""
    data = {
        "patient_name": "Hanne Moe",
        "patient_national_id": HANNE,
        "patient_phone": "+47 912 34 567",
        "patient_email": "hanne@example.org",
        "patient_language": "nb",
        "clinic": str(cast.clinic_a.pk),
        "complaint": "headache",
        "neurological_symptoms": "no",
        "failed_treatment": "yes",
    }
    for section in sections:
        data.update(SECTION_ANSWERS[section])
    data.update(extra)
    return data


def complete(cast: Cast, **extra: str) -> dict[str, str]:
    return form_data(cast, *SECTION_ANSWERS, **extra)


def frank(cast: Cast) -> Client:
    """Frank, reading the pages in English (the tests read the English texts)."""
    client = login(Client(), cast.frank)
    client.cookies.load({"django_language": "en"})
    return client


def draft(cast: Cast, data: dict[str, str]) -> Referral:
    response = frank(cast).post("/henvisning/ny/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Referral.objects.latest("pk")


def missing(html: str) -> dict[str, str]:
    """The meter's list, as section → the items named."""
    found = re.findall(r"<li><strong>(.*?)</strong>:(.*?)</li>", html, re.S)
    return {section: re.sub(r"\s+", " ", items) for section, items in found}


def test_a_new_draft_is_saved_and_nothing_is_sent(cast: Cast) -> None:
    referral = draft(cast, form_data(cast, "request"))
    assert referral.is_draft and referral.referrer.user == cast.frank
    assert referral.content["reason"].startswith("Assess")
    assert referral.neurological_symptoms is False and referral.failed_treatment is True
    assert referral.patient is None and referral.sent_at is None


def test_the_meter_lists_what_is_missing_section_by_section(cast: Cast) -> None:
    referral = draft(cast, form_data(cast))
    client = frank(cast)
    html = client.post(f"/henvisning/{referral.pk}/fullstendighet/", form_data(cast)).content
    before = missing(html.decode())
    assert "Reason: what is asked for" in before["The request"]
    for section in ("History and earlier care", "Clinical status",
                    "Education, work and benefits", "Social situation"):
        assert section in before
    # Only other-language patients are asked about language and interpreter.
    assert "Language and interpreter" not in before
    for section, title in [("request", "The request"), ("history", "History and earlier care"),
                           ("clinical", "Clinical status"),
                           ("work", "Education, work and benefits"),
                           ("social", "Social situation")]:
        answered = client.post(f"/henvisning/{referral.pk}/fullstendighet/",
                               form_data(cast, section)).content.decode()
        assert title not in missing(answered), f"{section} still listed"
    done = client.post(f"/henvisning/{referral.pk}/fullstendighet/", complete(cast)).content
    assert "100 % complete" in done.decode() and "Nothing is missing" in done.decode()
    # The meter only looks: nothing was saved.
    referral.refresh_from_db()
    assert not referral.content.get("reason")


def test_structured_rows_count_for_diagnoses_and_medication(cast: Cast) -> None:
    referral = draft(cast, form_data(cast))
    html = frank(cast).post(f"/henvisning/{referral.pk}/fullstendighet/", form_data(
        cast, diag_0_system="ICPC-2", diag_0_code="n89", med_0_name="Amitriptyline",
    )).content.decode()
    lists = missing(html)
    assert "Earlier and ongoing diagnoses" not in lists["History and earlier care"]
    assert "Medication" not in lists["Clinical status"]


def test_another_language_adds_its_section_to_the_meter(cast: Cast) -> None:
    referral = draft(cast, complete(cast))
    html = frank(cast).post(f"/henvisning/{referral.pk}/fullstendighet/",
                            complete(cast, other_language="on")).content.decode()
    assert "Interpreter needed" in missing(html)["Language and interpreter"]
    html = frank(cast).post(f"/henvisning/{referral.pk}/fullstendighet/", complete(
        cast, other_language="on", nationality="Polish", language="Polish",
        interpreter="yes", gender="female",
    )).content.decode()
    assert "Nothing is missing" in html


def test_the_saved_draft_shows_the_same_meter_and_the_bmi(cast: Cast) -> None:
    referral = draft(cast, form_data(cast, "request", "clinical"))
    page = frank(cast).get(f"/henvisning/{referral.pk}/").content.decode()
    assert "BMI 24.9" in page
    assert "Social situation" in missing(page)
    assert "Clinical status" not in missing(page)
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.content["medication_rows"][0] == {
        "name": "Propranolol", "kind": "preventive", "dose": "80 mg", "outcome": "failed",
        "effect": "None after 3 months", "side_effects": "",
    }


def test_editing_a_draft_keeps_the_rows_and_answers(cast: Cast) -> None:
    referral = draft(cast, form_data(cast, "history", "work"))
    client = frank(cast)
    page = client.get(f"/henvisning/{referral.pk}/").content.decode()
    assert 'value="G43.7"' in page and 'value="50"' in page
    response = client.post(f"/henvisning/{referral.pk}/", form_data(
        cast, "history", "work", neurological_symptoms="unknown", strains="Divorce last year."))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.content["strains"] == "Divorce last year."
    assert referral.content["nav_rows"] == [{"benefit": "sick_pay", "percent": 50}]
    assert referral.content["diagnosis_rows"] == [
        {"system": "ICD-10", "code": "G43.7", "text": "Chronic migraine"}]
    assert referral.neurological_symptoms is None
    again = client.get(f"/henvisning/{referral.pk}/").content.decode()
    assert '<option value="unknown" selected>' in again


def test_a_d_number_is_accepted(cast: Cast) -> None:
    referral = draft(cast, form_data(cast, patient_national_id=DORTE))
    assert referral.patient_national_id == DORTE


def test_a_diagnosis_code_is_checked_against_its_system(cast: Cast) -> None:
    response = frank(cast).post("/henvisning/ny/", form_data(
        cast, diag_0_system="ICPC-2", diag_0_code="G43.7"))
    assert response.status_code == 200
    assert "G43.7 is not an ICPC-2 code (for example N89)." in response.content.decode()
    assert not Referral.objects.exists()


def test_a_bad_diary_is_listed_by_line_and_nothing_is_saved(cast: Cast) -> None:
    response = frank(cast).post("/henvisning/ny/", form_data(
        cast, diary_text="date,headache_hours,intensity\n2026-01-01,25,1\n2026-01-02,3,7\n"))
    html = response.content.decode()
    assert "line 2: headache_hours must be 0–24, got 25" in html
    assert "line 3: intensity must be 0–3, got 7" in html
    assert not Referral.objects.exists()


def test_a_diary_file_is_kept_with_the_draft(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    yesterday = dt.date.today() - dt.timedelta(days=1)
    csv = f"date,headache_hours,intensity\n{yesterday},5,2\n".encode()
    data: dict[str, Any] = form_data(cast)
    data["diary_file"] = SimpleUploadedFile("diary.csv", csv, "text/csv")
    referral = draft(cast, data)
    assert referral.diary_csv.startswith("date,headache_hours")
