"""Clinic analytics: the figures agree with bontrack.clinical on the stored diary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from bontrack.accounts.models import AuditEvent
from bontrack.clinical.outcome import cycle_outcomes
from bontrack.clinical.synthetic import PatientModel
from bontrack.patients import cohort
from bontrack.patients.diary import DayInput, load_diary, save_day
from bontrack.patients.models import Patient
from bontrack.treatments import analytics, summaries
from bontrack.treatments.models import Course, Session, SideEffectReport
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
URL = "/klinikk/analyse/"
# A treatment date whose weeks 9–12 are over; its window is exactly one summary period.
ALIGNED = summaries.period_start(TODAY - dt.timedelta(days=200))


def _treat(cast: Cast, patient: Patient, dates: list[dt.date], rules: str = "nkh-2018",
           ) -> list[Session]:
    course = Course.objects.create(
        patient=patient, clinic=cast.clinic_a, indication=Course.Indication.CHRONIC_MIGRAINE,
        created_by=cast.dave, started_on=dates[0], continuation_rules=rules,
    )
    return [
        Session.objects.create(
            course=course, cycle=n, patient=patient, clinic=cast.clinic_a, physician=cast.dave,
            performed_on=day, state="signed", total_units=155,
        )
        for n, day in enumerate(dates, start=1)
    ]


def _diary(patient: Patient, treatments: list[dt.date], seed: int) -> None:
    cohort.fill_diary(patient=patient, model=PatientModel(missing_rate=0.02, headache_rate=0.7),
                      end=TODAY, days=420, seed=seed, treatments=tuple(treatments))


def _expected(patient: Patient, dates: list[dt.date]) -> list[float | None]:
    return [o.headache_reduction_percent for o in cycle_outcomes(load_diary(patient), dates)]


def test_empty_clinic(cast: Cast) -> None:
    result = analytics.compute(clinic_ids={cast.clinic_a.pk})
    assert result.patients_treated == result.sessions == result.cycles_judged == 0
    assert result.responder_percent == {30.0: None, 50.0: None}
    assert result.side_effect_percent is None


def test_cycles_on_period_boundaries_equal_cycle_outcomes(cast: Cast) -> None:
    dates = [ALIGNED, ALIGNED + dt.timedelta(days=84)]
    _diary(cast.alice_patient, dates, seed=11)
    _treat(cast, cast.alice_patient, dates)
    result = analytics.compute(clinic_ids={cast.clinic_a.pk})
    expected = _expected(cast.alice_patient, dates)
    assert None not in expected
    got = [row.mean_reduction_percent for row in result.per_cycle]
    assert got == [e for e in expected if e is not None]
    assert result.patients_treated == 1 and result.sessions == 2 and result.courses == 1


def test_cycles_across_period_boundaries_equal_cycle_outcomes(cast: Cast) -> None:
    dates = [ALIGNED + dt.timedelta(days=5), ALIGNED + dt.timedelta(days=89)]
    _diary(cast.bob_patient, dates, seed=12)
    _treat(cast, cast.bob_patient, dates, rules="nice-ta260")
    result = analytics.compute(clinic_ids={cast.clinic_a.pk})
    expected = _expected(cast.bob_patient, dates)
    assert None not in expected
    assert [row.mean_reduction_percent for row in result.per_cycle] == expected
    latest = expected[-1]
    nice = next(r for r in result.per_rule if r.rules == "nice-ta260")
    assert nice.courses == 1 and nice.judged == 1
    assert nice.responders == {30.0: int(latest >= 30), 50.0: int(latest >= 50)}
    assert result.mean_reduction_percent == latest


def test_side_effect_and_red_flag_shares(cast: Cast) -> None:
    sessions = _treat(cast, cast.alice_patient, [TODAY - dt.timedelta(days=100),
                                                 TODAY - dt.timedelta(days=10)])
    SideEffectReport.objects.create(session=sessions[0], patient=cast.alice_patient,
                                    clinic=cast.clinic_a, kinds=["bruising"], red_flag=False)
    SideEffectReport.objects.create(session=sessions[1], patient=cast.alice_patient,
                                    clinic=cast.clinic_a, kinds=["difficulty_swallowing"],
                                    red_flag=True)
    SideEffectReport.objects.create(session=sessions[1], patient=cast.alice_patient,
                                    clinic=cast.clinic_a, kinds=["neck_pain"])
    result = analytics.compute(clinic_ids={cast.clinic_a.pk})
    assert (result.sessions_with_side_effects, result.sessions_with_red_flags) == (2, 1)
    assert (result.side_effect_percent, result.red_flag_percent) == (100.0, 50.0)


def test_draft_sessions_and_other_clinics_do_not_count(cast: Cast) -> None:
    sessions = _treat(cast, cast.alice_patient, [TODAY - dt.timedelta(days=10)])
    assert analytics.compute(clinic_ids={cast.clinic_b.pk}).sessions == 0
    Session.objects.filter(pk=sessions[0].pk).update(state="draft")
    assert analytics.compute(clinic_ids={cast.clinic_a.pk}).sessions == 0


def test_page_shows_figures_beside_preempt_and_audits(cast: Cast) -> None:
    _treat(cast, cast.alice_patient, [TODAY - dt.timedelta(days=10)])
    response = login(Client(), cast.carol).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "44,8" in page and "19,9" in page and "nkh-2018" in page
    assert AuditEvent.objects.filter(object_type="treatments.analytics").exists()


def test_figures_follow_diary_edits(cast: Cast) -> None:
    dates = [ALIGNED + dt.timedelta(days=3)]
    _diary(cast.alice_patient, dates, seed=13)
    _treat(cast, cast.alice_patient, dates)
    first = analytics.compute(clinic_ids={cast.clinic_a.pk})
    # A second run agrees.
    assert analytics.compute(clinic_ids={cast.clinic_a.pk}).per_cycle == first.per_cycle
    # Make every day of the window a headache day: the figures must follow at once.
    window_start = dates[0] + dt.timedelta(days=56)
    for offset in range(28):
        save_day(user=cast.alice, patient=cast.alice_patient, today=TODAY,
                 day=DayInput(date=window_start + dt.timedelta(days=offset),
                              headache_hours=Decimal(8), intensity=2))
    result = analytics.compute(clinic_ids={cast.clinic_a.pk})
    assert [r.mean_reduction_percent for r in result.per_cycle] == _expected(
        cast.alice_patient, dates)
    assert result.per_cycle != first.per_cycle
