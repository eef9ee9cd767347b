from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.clinical.synthetic import period_days
from bontrack.patients.diary_models import Medication, QuestionnaireResponse
from bontrack.reports.pdf import StaticFilesFetcher, static_path
from tests.personas import Cast, login
from tests.reports.diaries import store

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(result.stdout.split())


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


@pytest.fixture
def alice_with_overuse(cast: Cast) -> Cast:
    patient = cast.alice_patient
    days = []
    for k in range(3):
        days += period_days(
            TODAY - dt.timedelta(days=83 - 28 * k), headache=18, migraine=9, moderate=11,
            meds={"triptan": 12, "simple_analgesic": 4},
        )
    store(patient, days, notes={TODAY: "Verre på søndager, ærlig talt – kanskje søvnen?"})
    Medication.objects.create(patient=patient, kind="acute", name="Sumatriptan", dose="50 mg",
                              drug_class="triptan")
    Medication.objects.create(patient=patient, kind="preventive", name="Propranolol",
                              dose="80 mg", outcome="failed")
    QuestionnaireResponse.objects.create(patient=patient, kind="midas", score=25, grade="IV",
                                         answered_on=TODAY)
    return cast


def test_the_visit_summary_states_the_statistics_in_norwegian(
    client: Client, alice_with_overuse: Cast, tmp_path: Path
) -> None:
    login(client, alice_with_overuse.alice)
    response = client.get("/portal/oversikt/sammendrag.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "Sammendrag til timen" in text
    assert "Alice Aas" in text
    assert "18 hodepinedager per 4 uker, 9 av dem med migrene" in text
    assert "Dagboken viser kronisk migrene" in text
    assert "Dagboken viser overforbruk av medisiner: triptaner på 10 dager eller flere" in text
    assert "ICHD-3 8.2.2" in text
    assert "Sumatriptan" in text and "Propranolol" in text
    assert "Hjalp ikke nok" in text
    assert "MIDAS-poengsum 25" in text and "alvorlig funksjonsnedsettelse" in text
    assert "Verre på søndager, ærlig talt – kanskje søvnen?" in text
    # The charts' axis titles come through as text, with the overuse limits.
    assert "Overforbruk fra 10 dager: triptaner" in text
    assert "Overforbruk fra 15 dager: enkle smertestillende" in text


def test_the_visit_summary_has_page_numbers(
    client: Client, alice_with_overuse: Cast, tmp_path: Path
) -> None:
    login(client, alice_with_overuse.alice)
    pdf = client.get("/portal/oversikt/sammendrag.pdf").content
    pages = pdf_pages(pdf, tmp_path)
    assert pages >= 2
    text = pdf_text(pdf, tmp_path)
    numbers = re.findall(r"\b(\d+) ?/ ?(\d+)\b", text)
    assert ("1", str(pages)) in numbers and (str(pages), str(pages)) in numbers


def test_the_visit_summary_is_a4(client: Client, alice_with_overuse: Cast, tmp_path: Path) -> None:
    login(client, alice_with_overuse.alice)
    path = tmp_path / "summary.pdf"
    path.write_bytes(client.get("/portal/oversikt/sammendrag.pdf").content)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    assert "(A4)" in info.stdout


def test_the_fetcher_serves_our_static_files_and_nothing_else() -> None:
    fetcher = StaticFilesFetcher()
    css = fetcher.fetch("https://pdf.bontrack.invalid/static/reports/visit_summary.css")
    assert b"@page" in css.read()
    for url in (
        "https://example.org/static/reports/visit_summary.css",
        "http://127.0.0.1:8000/static/reports/visit_summary.css",
        "file:///etc/passwd",
        "https://pdf.bontrack.invalid/static/../settings.py",
        "https://pdf.bontrack.invalid/portal/",
    ):
        with pytest.raises(OSError):
            fetcher.fetch(url)


def test_static_names_cannot_climb_out() -> None:
    assert static_path("reports/visit_summary.css") is not None
    assert static_path("../bontrack/settings.py") is None
    assert static_path("reports/../../settings.py") is None
