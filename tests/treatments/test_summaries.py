"""Per-period diary summaries always equal bontrack.clinical's counts over the raw days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bontrack.clinical.metrics import count_span
from bontrack.clinical.synthetic import PatientModel
from bontrack.patients import cohort, diary
from bontrack.patients.diary import DayInput
from bontrack.patients.models import Patient
from bontrack.treatments import summaries
from bontrack.treatments.summary_models import DiaryPeriodSummary
from tests.personas import Cast

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def assert_current(patient: Patient) -> None:
    """Every period with a recorded day has a summary equal to count_span; no other exists;
    and any span counted from the summaries' day flags equals count_span over the raw days."""
    raw = diary.load_diary(patient)
    starts = sorted({summaries.period_start(d.date) for d in raw.days})
    stored = {s.period_start: s for s in DiaryPeriodSummary.objects.filter(patient=patient)}
    assert sorted(stored) == starts
    flags = {start: s.day_flags for start, s in stored.items()}
    if raw.days:
        first, last = raw.days[0].date - dt.timedelta(days=3), raw.days[-1].date
        for offset in range(0, (last - first).days + 1, 5):
            for length in (1, 28, 40):
                start = first + dt.timedelta(days=offset)
                end = start + dt.timedelta(days=length - 1)
                counts = count_span(raw, start, end)
                assert summaries.span_counts(flags, start, end) == (
                    counts.recorded_days, counts.headache_days), (start, end)
    for start in starts:
        counts = count_span(raw, start, summaries.period_end(start))
        got = stored[start]
        assert (
            got.recorded_days,
            got.headache_days,
            got.migraine_days,
            got.moderate_severe_days,
            got.acute_medication_days,
            got.any_acute_medication_days,
        ) == (
            counts.recorded_days,
            counts.headache_days,
            counts.migraine_days,
            counts.moderate_severe_days,
            counts.acute_medication_days,
            counts.any_acute_medication_days,
        ), start


def test_periods_tile_the_calendar() -> None:
    assert summaries.EPOCH.weekday() == 0
    day = dt.date(2026, 3, 1)
    for offset in range(60):
        d = day + dt.timedelta(days=offset)
        start = summaries.period_start(d)
        assert start <= d <= summaries.period_end(start)
        assert (start - summaries.EPOCH).days % 28 == 0


def test_save_day_and_edit_keep_the_period_current(cast: Cast) -> None:
    patient = cast.alice_patient
    day = TODAY - dt.timedelta(days=3)
    diary.save_day(user=cast.alice, patient=patient, today=TODAY, day=DayInput(
        date=day, headache_hours=Decimal(6), intensity=2, nausea=True, unilateral=True,
        pulsating=True, extra_classes=frozenset({"triptan"}), relieved_by_acute_med=True))
    assert_current(patient)
    summary = DiaryPeriodSummary.objects.get(patient=patient)
    assert (summary.headache_days, summary.migraine_days) == (1, 1)
    assert summary.acute_medication_days == {"triptan": 1}
    # An edit to headache-free changes the counts at once.
    diary.save_day(user=cast.alice, patient=patient, today=TODAY, day=DayInput(date=day))
    assert_current(patient)
    assert DiaryPeriodSummary.objects.get(patient=patient).headache_days == 0


def test_save_day_reads_one_period_only(cast: Cast) -> None:
    patient = cast.alice_patient
    for offset in range(40):
        diary.save_day(user=cast.alice, patient=patient, today=TODAY,
                       day=DayInput(date=TODAY - dt.timedelta(days=offset),
                                    headache_hours=Decimal(offset % 7)))
    assert_current(patient)
    with CaptureQueriesContext(connection) as queries:
        summaries.refresh(patient_id=patient.pk, dates=[TODAY])
    reads = [q["sql"] for q in queries.captured_queries if "patients_diaryentry" in q["sql"]]
    assert len(reads) == 1 and "BETWEEN" in reads[0]


def test_csv_import_keeps_summaries_current(cast: Cast) -> None:
    patient = cast.alice_patient
    header = "date,headache_hours,intensity,acute_meds\n"
    lines = [
        f"{(TODAY - dt.timedelta(days=i)).isoformat()},{i % 9},{i % 4},"
        f"{'simple_analgesic' if i % 3 == 0 else ''}"
        for i in range(1, 70)
    ]
    diary.import_csv(user=cast.alice, patient=patient, text=header + "\n".join(lines) + "\n",
                     today=TODAY)
    assert_current(patient)


def test_cohort_fill_keeps_summaries_current(cast: Cast) -> None:
    patient = cast.bob_patient
    written = cohort.fill_diary(patient=patient, model=PatientModel(), end=TODAY, days=200,
                                seed=7)
    assert 0 < written <= 200
    assert_current(patient)


def test_rebuild_equals_refresh(cast: Cast) -> None:
    patient = cast.bob_patient
    cohort.fill_diary(patient=patient, model=PatientModel(), end=TODAY, days=120, seed=3)
    before = sorted(DiaryPeriodSummary.objects.filter(patient=patient).values_list(
        "period_start", "recorded_days", "headache_days", "migraine_days",
        "moderate_severe_days", "any_acute_medication_days", "day_flags"))
    DiaryPeriodSummary.objects.all().delete()
    assert summaries.rebuild() == len(before)
    after = sorted(DiaryPeriodSummary.objects.filter(patient=patient).values_list(
        "period_start", "recorded_days", "headache_days", "migraine_days",
        "moderate_severe_days", "any_acute_medication_days", "day_flags"))
    assert after == before
    assert summaries.rebuild(patient_ids=[patient.pk]) == len(before)
    assert_current(patient)


_day = st.builds(
    DayInput,
    date=st.integers(0, 120).map(lambda n: TODAY - dt.timedelta(days=n)),
    headache_hours=st.sampled_from([Decimal(0), Decimal(1), Decimal("3.5"), Decimal(4),
                                    Decimal(12)]),
    intensity=st.integers(0, 3),
    unilateral=st.booleans(),
    pulsating=st.booleans(),
    nausea=st.booleans(),
    photophobia=st.booleans(),
    phonophobia=st.booleans(),
    aura=st.booleans(),
    relieved_by_acute_med=st.booleans(),
    extra_classes=st.frozensets(st.sampled_from(["triptan", "simple_analgesic", "opioid"])),
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(_day, min_size=1, max_size=12))
def test_any_sequence_of_writes_and_edits_keeps_summaries_equal(
    cast: Cast, days: list[DayInput]
) -> None:
    patient = cast.alice_patient
    for day in days:
        diary.save_day(user=cast.alice, patient=patient, day=day, today=TODAY)
    assert_current(patient)
