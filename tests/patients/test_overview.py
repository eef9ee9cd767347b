from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import formats, timezone, translation

from bontrack.accounts.models import AuditEvent
from bontrack.clinical import Diary, assess
from bontrack.clinical.synthetic import period_days, synthetic_diary
from bontrack.patients.diary import DayInput, save_day
from bontrack.patients.diary_models import Medication, QuestionnaireResponse
from bontrack.patients.overview import build_overview, chart_cache_key
from tests.personas import Cast, login
from tests.reports.diaries import store

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def chronic_with_triptan_overuse(start: dt.date) -> list:
    """Three periods of 18 headache days, 9 of them migraine, triptans on 12 days each."""
    days = []
    for k in range(3):
        days += period_days(
            start + dt.timedelta(days=28 * k), headache=18, migraine=9, moderate=11,
            meds={"triptan": 12},
        )
    return days


def in_english(day: dt.date) -> str:
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


def english(**kwargs: object):
    with translation.override("en"):
        return build_overview(**kwargs)  # type: ignore[arg-type]


def test_its_figures_equal_the_clinical_cores_on_stored_data(cast: Cast) -> None:
    days = synthetic_diary(TODAY - dt.timedelta(days=199), 200, seed=11)
    store(cast.alice_patient, days)
    overview = english(patient=cast.alice_patient, today=TODAY, with_charts=False)
    expected = assess(Diary(days))
    assert overview.assessment is not None
    assert overview.assessment.to_dict() == expected.to_dict()
    assert [row.counts for row in overview.window_periods] == list(expected.periods)
    assert [row.counts for row in overview.periods[-3:]] == list(expected.periods)
    assert sum(row.counts.recorded_days for row in overview.periods) == len(days)
    assert overview.periods[-1].counts.end == days[-1].date
    for row in overview.periods:
        assert row.sufficient == (row.counts.recorded_days >= 20)


def test_it_tells_the_assessment_in_plain_words(cast: Cast) -> None:
    start = TODAY - dt.timedelta(days=83)
    store(cast.alice_patient, chronic_with_triptan_overuse(start))
    overview = english(patient=cast.alice_patient, today=TODAY, with_charts=False)
    window = f"{in_english(start)} – {in_english(TODAY)}"
    assert overview.summary[0].startswith(f"Last 12 weeks ({window}): ")
    assert overview.summary[0].endswith(
        "18 headache days per 4 weeks, 9 of them migraine."
    )
    assert "Moderate or severe headache on 11 days per 4 weeks." in overview.summary
    assert "Medicine for attacks on 12 days per 4 weeks." in overview.summary
    assert overview.chronic_migraine is not None and overview.chronic_migraine.met is True
    assert overview.chronic_migraine.text.startswith("The diary shows chronic migraine")
    moh = overview.medication_overuse
    assert moh is not None and moh.met is True and moh.code == "ICHD-3 8.2.2"
    assert "triptans on 10 days or more" in moh.text
    assert moh.tone == "warning"
    assert overview.complete
    assert overview.missing == ()


def test_the_plain_words_are_norwegian_by_default(cast: Cast) -> None:
    store(cast.alice_patient, chronic_with_triptan_overuse(TODAY - dt.timedelta(days=83)))
    with translation.override("nb"):
        overview = build_overview(patient=cast.alice_patient, today=TODAY, with_charts=False)
    assert "18 hodepinedager per 4 uker, 9 av dem med migrene" in overview.summary[0]
    assert overview.chronic_migraine is not None
    assert overview.chronic_migraine.text.startswith("Dagboken viser kronisk migrene")
    assert overview.medication_overuse is not None
    assert "triptaner på 10 dager eller flere" in overview.medication_overuse.text


def test_simple_painkillers_count_only_from_fifteen_days(cast: Cast) -> None:
    days = []
    for k in range(3):
        days += period_days(
            TODAY - dt.timedelta(days=83 - 28 * k), headache=18, migraine=9,
            meds={"simple_analgesic": 14},
        )
    store(cast.alice_patient, days)
    overview = english(patient=cast.alice_patient, today=TODAY, with_charts=False)
    assert overview.medication_overuse is not None
    assert overview.medication_overuse.met is False
    assert overview.medication_overuse.text == (
        "The diary does not show medication overuse in the last 12 weeks."
    )


def test_it_says_how_many_days_are_missing(cast: Cast) -> None:
    # 84 days up to today, of which 7 of the last 28 are left out.
    days = period_days(TODAY - dt.timedelta(days=83), days=84, headache=20, migraine=5)
    gaps = {TODAY - dt.timedelta(days=n) for n in (1, 2, 5, 8, 13, 21, 27)}
    store(cast.alice_patient, [d for d in days if d.date not in gaps])
    overview = english(patient=cast.alice_patient, today=TODAY, with_charts=False)
    assert overview.missing[0] == "7 days without entries in the last 4 weeks."
    assert not overview.complete
    assert list(overview.missing_dates) == sorted(gaps, reverse=True)
    # 21 of 28 days is still enough to judge the last period.
    assert overview.chronic_migraine is not None and overview.chronic_migraine.met is False


def test_it_names_the_period_with_too_few_entries(cast: Cast) -> None:
    start = TODAY - dt.timedelta(days=83)
    days = period_days(start, days=84, headache=10)
    thin_start = start + dt.timedelta(days=28)
    thin = {thin_start + dt.timedelta(days=n) for n in range(10)}
    store(cast.alice_patient, [d for d in days if d.date not in thin])
    overview = english(patient=cast.alice_patient, today=TODAY, with_charts=False)
    thin_end = thin_start + dt.timedelta(days=27)
    assert any(
        s == f"The 4 weeks from {in_english(thin_start)} to {in_english(thin_end)} have "
        "entries on only 18 days; at least 20 are needed."
        for s in overview.missing
    )
    assert overview.chronic_migraine is not None and overview.chronic_migraine.met is None
    assert overview.chronic_migraine.text.startswith("It is not yet possible to say")


def test_a_short_diary_says_when_it_started(cast: Cast) -> None:
    store(cast.alice_patient, period_days(TODAY - dt.timedelta(days=9), days=10, headache=4))
    overview = english(patient=cast.alice_patient, today=TODAY, with_charts=False)
    assert any(s.startswith("The diary starts on") for s in overview.missing)
    assert overview.summary == (
        overview.summary[0],
    ) and "too few days with entries" in overview.summary[0]


def test_an_empty_diary_asks_for_entries(cast: Cast) -> None:
    overview = english(patient=cast.alice_patient, today=TODAY)
    assert overview.assessment is None
    assert overview.periods == ()
    assert overview.charts == ()
    assert overview.missing == (
        "The diary has no entries yet. Fill it in every day, also on days without headache.",
    )


def test_it_lists_medicines_midas_and_recent_notes(cast: Cast) -> None:
    patient = cast.alice_patient
    Medication.objects.create(patient=patient, kind="acute", name="Sumatriptan", dose="50 mg",
                              drug_class="triptan")
    Medication.objects.create(patient=patient, kind="preventive", name="Propranolol",
                              dose="80 mg", outcome="failed", started_on=dt.date(2024, 1, 1),
                              stopped_on=dt.date(2024, 6, 1))
    Medication.objects.create(patient=patient, kind="acute", name="Old pill", active=False)
    QuestionnaireResponse.objects.create(patient=patient, kind="midas", score=25, grade="IV",
                                         answered_on=TODAY - dt.timedelta(days=3))
    QuestionnaireResponse.objects.create(patient=patient, kind="midas", score=4, grade="I",
                                         answered_on=TODAY - dt.timedelta(days=100))
    days = period_days(TODAY - dt.timedelta(days=9), days=10, headache=3)
    notes = {d.date: f"note {i}" for i, d in enumerate(days)}
    store(patient, days, notes=notes)
    overview = english(patient=patient, today=TODAY, with_charts=False)
    assert [m.name for m in overview.acute_medications] == ["Sumatriptan"]
    assert [m.name for m in overview.preventive_medications] == ["Propranolol"]
    assert overview.midas is not None and overview.midas.score == 25
    assert overview.midas.text.endswith("grade IV, severe disability.")
    assert [n.text for n in overview.notes] == ["note 9", "note 8", "note 7", "note 6", "note 5"]


def test_the_chart_cache_key_changes_when_a_day_is_saved(cast: Cast) -> None:
    patient = cast.alice_patient
    store(patient, period_days(TODAY - dt.timedelta(days=30), days=30, headache=3))
    before = chart_cache_key(patient)
    assert chart_cache_key(patient) == before
    save_day(user=cast.alice, patient=patient, day=DayInput(date=TODAY - dt.timedelta(days=40)))
    assert chart_cache_key(patient) != before


# --- the pages -----------------------------------------------------------------------------


@pytest.fixture
def diaries(cast: Cast) -> None:
    store(cast.alice_patient, chronic_with_triptan_overuse(TODAY - dt.timedelta(days=83)),
          notes={TODAY: "Alice sin hemmelige notat"})
    store(cast.bob_patient, period_days(TODAY - dt.timedelta(days=27), headache=2),
          notes={TODAY: "Bobs notat"})


def test_a_patient_sees_her_overview_in_norwegian(
    client: Client, cast: Cast, diaries: None
) -> None:
    login(client, cast.alice)
    response = client.get("/portal/oversikt/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Min oversikt" in text
    assert "18 hodepinedager per 4 uker, 9 av dem med migrene" in text
    assert "Alice sin hemmelige notat" in text
    assert '<img class="bt-chart__img" src="/portal/oversikt/graf/headache.svg' in text
    assert 'alt="Hodepinedager og migrenedager per 4 uker.' in text
    assert "style=" not in text
    assert "<script" not in text
    assert AuditEvent.objects.filter(
        actor=cast.alice, patient_id=cast.alice_patient.pk, action="read"
    ).exists()


def test_bob_sees_only_his_own_overview(client: Client, cast: Cast, diaries: None) -> None:
    login(client, cast.bob)
    text = client.get("/portal/oversikt/").content.decode()
    assert "Bobs notat" in text
    assert "Alice" not in text
    pdf = client.get("/portal/oversikt/sammendrag.pdf")
    assert pdf.status_code == 200
    assert b"Alice" not in pdf.content


def test_the_pdf_is_a_download_that_is_audited(client: Client, cast: Cast, diaries: None) -> None:
    login(client, cast.alice)
    response = client.get("/portal/oversikt/sammendrag.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="bontrack-')
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(
        actor=cast.alice, patient_id=cast.alice_patient.pk, action="export"
    ).exists()


def test_a_physician_at_her_clinic_sees_alices_overview(
    client: Client, cast: Cast, diaries: None
) -> None:
    login(client, cast.dave)
    url = f"/klinikk/pasienter/{cast.alice_patient.pk}/sammendrag/"
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Oversikt for Alice Aas" in text
    assert "Alice sin hemmelige notat" in text
    assert f'href="{url}sammendrag.pdf"' in text
    # Staff do not get the patient's links to fill in missing diary days.
    assert "/portal/dagbok/" not in text
    pdf = client.get(url + "sammendrag.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(
        actor=cast.dave, patient_id=cast.alice_patient.pk, action="export",
        clinic=cast.clinic_a,
    ).exists()


def test_a_physician_at_another_clinic_gets_not_found(
    client: Client, cast: Cast, diaries: None
) -> None:
    login(client, cast.erin)
    url = f"/klinikk/pasienter/{cast.alice_patient.pk}/sammendrag/"
    assert client.get(url).status_code == 404
    assert client.get(url + "sammendrag.pdf").status_code == 404


def test_a_patient_cannot_open_the_clinic_overview(
    client: Client, cast: Cast, diaries: None
) -> None:
    login(client, cast.bob)
    url = f"/klinikk/pasienter/{cast.alice_patient.pk}/sammendrag/"
    assert client.get(url).status_code == 403
    assert client.get(url + "sammendrag.pdf").status_code == 403


def test_the_page_offers_the_numbers_as_a_table(
    client: Client, cast: Cast, diaries: None
) -> None:
    login(client, cast.alice)
    text = client.get("/portal/oversikt/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "<table" in text
    assert "<th scope=\"col\" class=\"bt-num\">Triptaner</th>" in text


def test_the_overview_page_links_its_charts_as_images_with_text_alternatives(
    client: Client, cast: Cast
) -> None:
    from bontrack.patients.diary import DayInput, save_day

    for offset in range(1, 40):
        save_day(user=cast.alice, patient=cast.alice_patient,
                 day=DayInput(date=dt.date.today() - dt.timedelta(days=offset),
                              headache_hours=Decimal(5), intensity=2))
    login(client, cast.alice)
    page = client.get("/portal/oversikt/").content.decode()
    assert 'src="/portal/oversikt/graf/headache.svg?v=' in page
    assert 'srcset="/portal/oversikt/graf/medication-kompakt.svg?v=' in page
    chart = client.get("/portal/oversikt/graf/headache.svg")
    assert chart["Content-Type"].startswith("image/svg+xml")
    assert chart.content.startswith(b"<svg") and b"<title" in chart.content
    assert client.get("/portal/oversikt/graf/nonsense.svg").status_code == 404
