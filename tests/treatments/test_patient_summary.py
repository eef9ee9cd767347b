"""The clinician's patient overview: referral, questionnaires, preventives, the course with
every session, the patient's follow-up answers and side effects, and the outcome per cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from bontrack.accounts.models import AuditEvent
from bontrack.clinical.outcome import cycle_outcomes
from bontrack.patients import questionnaires
from bontrack.patients.diary import load_diary
from bontrack.referrals import services as referral_services
from bontrack.referrals.models import Referral
from bontrack.treatments import (
    assessment,
    clinical_messages,
    courses,
    followup,
    sessions,
    side_effects,
)
from bontrack.treatments.models import Course, FollowUp, Session, VialLot, VialPrice
from bontrack.treatments.patient_summary import patient_summary
from tests.matrix.referrals_clinic import sent_referral
from tests.personas import Cast, login
from tests.treatments.test_assessment import client_for, preventive, store_diary

# Three sessions 12 weeks apart, the last one 82 days ago (as the demo patient's).
SESSION_DAYS_AGO = (250, 166, 82)


@dataclass
class Story:
    """What `treated_patient` stored for alice."""

    referral: Referral
    course: Course
    sessions: list[Session]


def treated_patient(cast: Cast, *, cycles: int = 3) -> Story:
    """Alice as a physician meets her after a year: referred by frank, a chronic-migraine diary,
    two preventives failed, MIDAS/HIT-6/PGIC answered, a PREEMPT course with signed sessions,
    answered follow-ups, a side effect and a red flag, an addendum and a decision."""
    patient, dave = cast.alice_patient, cast.dave
    today = timezone.localdate()
    dates = [today - dt.timedelta(days=d) for d in SESSION_DAYS_AGO[:cycles]]
    start = dates[0] - dt.timedelta(days=120)
    store_diary(patient, start, (today - start).days, treatments=dates)
    preventive(patient, "Inderal", "failed", generic="propranolol")
    preventive(patient, "Topimax", "intolerant", generic="topiramate")
    referral = sent_referral(
        cast, name=patient.full_name, birth=patient.birth_date, individual=123,
        failed_treatment=True, sent_at=timezone.now() - dt.timedelta(days=400),
    )
    referral = referral_services.decide(
        user=cast.carol, referral=referral, decision="accept", reason="Rett etter veilederen.",
        deadline=today - dt.timedelta(days=300),
    )
    questionnaires.record_midas(
        patient=patient, by=cast.alice, answered_on=today - dt.timedelta(days=20),
        answers={"missed_work": 4, "reduced_work": 3, "missed_household": 5,
                 "reduced_household": 2, "missed_leisure": 3},
    )
    questionnaires.record_hit6(patient=patient, by=cast.alice, total=62,
                               answered_on=today - dt.timedelta(days=20))
    questionnaires.record_pgic(patient=patient, by=cast.alice, value=2,
                               answered_on=today - dt.timedelta(days=10))

    VialPrice.objects.create(clinic=cast.clinic_a, vial_units=200, price=Decimal("4057"),
                             valid_from=today - dt.timedelta(days=400))
    lot = VialLot.objects.create(clinic=cast.clinic_a, vial_units=200, lot_number="C8123A",
                                 expires_on=today + dt.timedelta(days=300), vials_in_stock=20)
    course = courses.create_course(
        patient=patient, clinic_id=cast.clinic_a.pk, by=dave, indication="chronic_migraine",
        icd10="", protocol="preempt", planned_cycles=4, continuation_rules="nkh-2018",
    )
    Course.objects.filter(pk=course.pk).update(started_on=dates[0])
    course.refresh_from_db()
    made = []
    for day in dates:
        session = sessions.save_session(
            course=course, by=dave, injections=sessions.plan_rows(course=course),
            details=sessions.SessionDetails(performed_on=day, lot_id=lot.pk,
                                            units_per_ml=Decimal(50)),
        )
        made.append(sessions.sign_session(session=session, by=dave))
        for form in FollowUp.objects.filter(session=session, due_on__lte=today, day__in=(14, 84)):
            followup.answer_follow_up(
                patient=patient, by=cast.alice, follow_up_id=form.pk, effect_started=True,
                effect_started_on=day + dt.timedelta(days=9),
                effect_lasted=70 if form.day == 84 else None, lasted_unit="days",
                pain_came_back_gradually=True if form.day == 84 else None,
                more_active=form.day == 84, note="Bedre på jobb." if form.day == 84 else "",
            )
    side_effects.report_side_effect(
        patient=patient, by=cast.alice, kinds=["neck_pain", "bruising"],
        onset_on=dates[0] + dt.timedelta(days=1), severity="mild", resolved=True,
        session_id=made[0].pk,
    )
    side_effects.report_side_effect(
        patient=patient, by=cast.alice, kinds=["difficulty_swallowing"],
        onset_on=dates[-1] + dt.timedelta(days=2), severity="severe", resolved=False,
        session_id=made[-1].pk,
    )
    sessions.add_addendum(session=made[0], by=dave, text="Lot number checked again: correct.")
    if cycles >= 2:
        assessment.record_decision(user=dave, patient=patient, course_id=course.pk, cycle=2,
                                   decision="continue", reason="Clearly fewer headache days.",
                                   today=today)
    return Story(referral=referral, course=course, sessions=made)


def _summary(cast: Cast, user: object = None):  # type: ignore[no-untyped-def]
    """The summary with its words in English, whatever language an earlier test left active."""
    with translation.override("en"):
        return patient_summary(patient=cast.alice_patient, user=user or cast.dave,
                               today=timezone.localdate())


def _page(cast: Cast, user: object = None) -> str:
    client = client_for(user or cast.dave)
    response = client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/sammendrag/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_its_cycle_figures_equal_the_clinical_cores_on_stored_data(cast: Cast) -> None:
    story = treated_patient(cast)
    course = _summary(cast).courses[0]
    expected = cycle_outcomes(load_diary(cast.alice_patient),
                              [s.performed_on for s in story.sessions])
    assert [c.outcome for c in course.evaluation.cycles] == expected
    assert [row.cycle.outcome if row.cycle else None for row in course.sessions] == expected
    assert all(c.headache_reduction_percent is not None for c in expected)


@pytest.mark.django_db
def test_it_lists_every_session_with_units_sites_physician_and_addenda(cast: Cast) -> None:
    story = treated_patient(cast)
    rows = _summary(cast).courses[0].sessions
    assert [r.session.pk for r in rows] == [s.pk for s in story.sessions]
    assert [(r.session.total_units, r.total_sites, r.addenda) for r in rows] == [
        (155, 31, 1), (155, 31, 0), (155, 31, 0)
    ]
    text = _page(cast)
    for session in story.sessions:
        url = (f"/klinikk/pasienter/{cast.alice_patient.pk}/behandling/okt/{session.pk}/")
        assert f'href="{url}"' in text
    assert "155 U" in text and "Dave Doktor" in text


@pytest.mark.django_db
def test_a_draft_session_is_listed_as_not_signed(cast: Cast) -> None:
    story = treated_patient(cast, cycles=1)
    draft = sessions.save_session(
        course=story.course, by=cast.dave, injections=sessions.plan_rows(course=story.course),
        details=sessions.SessionDetails(performed_on=timezone.localdate(), lot_id=None,
                                        units_per_ml=Decimal(50)),
    )
    rows = _summary(cast).courses[0].sessions
    assert [(r.session.pk, r.cycle is None) for r in rows] == [
        (story.sessions[0].pk, False), (draft.pk, True)
    ]
    assert "Draft, not signed" in _page(cast)


@pytest.mark.django_db
def test_it_shows_the_patients_follow_up_answers_per_session(cast: Cast) -> None:
    treated_patient(cast)
    course = _summary(cast).courses[0]
    answered = [(s.cycle, row.follow_up.day) for s, row in course.follow_ups
                if row.follow_up.answered_at]
    assert answered == [(1, 14), (1, 84), (2, 14), (2, 84), (3, 14)]
    # The last session was 82 days ago: its day-84 form opens in two days; day 7 of the
    # first was due long ago and never answered.
    state = {(s.cycle, row.follow_up.day): row.is_open for s, row in course.follow_ups
             if not row.follow_up.answered_at}
    assert state[(3, 84)] is False and state[(1, 7)] is True
    text = _page(cast)
    due = (timezone.localdate() + dt.timedelta(days=2))
    assert f"Opens {due:%d.%m.%Y}" in text
    assert "Bedre på jobb." in text
    assert "70 days" in text
    assert "Pain came back gradually" in text


@pytest.mark.django_db
def test_side_effects_are_listed_with_the_red_flag_marked(cast: Cast) -> None:
    treated_patient(cast)
    summary = _summary(cast)
    lines = summary.courses[0].side_effects
    assert [(s.cycle, line.report.red_flag) for s, line in lines] == [(1, False), (3, True)]
    assert lines[1][1].kinds == ("Difficulty swallowing",)
    assert summary.open_red_flags == 1
    text = _page(cast)
    assert "1 red-flag side effect not yet handled" in text
    assert "red flag" in text and "not handled yet" in text

    report = lines[1][1].report
    side_effects.mark_handled(user=cast.dave, report_id=report.pk, note="Called her; fine.")
    assert _summary(cast).open_red_flags == 0
    assert "not yet handled" not in _page(cast)


@pytest.mark.django_db
def test_a_side_effect_without_a_session_is_shown_too(cast: Cast) -> None:
    treated_patient(cast, cycles=1)
    side_effects.report_side_effect(
        patient=cast.alice_patient, by=cast.alice, kinds=["drooping_eyelid"],
        onset_on=timezone.localdate(), severity="moderate", resolved=None,
    )
    summary = _summary(cast)
    assert [line.kinds for line in summary.other_side_effects] == [("Drooping eyelid",)]
    assert "Side effects not tied to a session" in _page(cast)


@pytest.mark.django_db
def test_the_reasons_behind_the_figures_are_one_click_away(cast: Cast) -> None:
    story = treated_patient(cast)
    course = _summary(cast).courses[0]
    text = _page(cast)
    assert "<details" in text and "How the figures were reached" in text
    with translation.override("en"):
        for cycle in course.evaluation.cycles:
            for reason in getattr(cycle.outcome, "why", ()) or cycle.outcome.reasons:
                assert escape(clinical_messages.text(reason)) in text
    assert f"/vurdering/#course-{story.course.pk}" in text
    assert course.evaluation.suggestion is not None
    assert "Suggestion under nkh-2018" in text


@pytest.mark.django_db
def test_it_shows_the_course_its_protocol_cycles_state_and_latest_decision(cast: Cast) -> None:
    treated_patient(cast)
    course = _summary(cast).courses[0]
    assert course.protocol.startswith("PREEMPT (fixed sites")
    assert (course.signed, course.course.planned_cycles) == (3, 4)
    assert course.latest_decision is not None and course.latest_decision.cycle == 2
    text = _page(cast)
    assert "3 signed of 4 planned" in text
    assert "Continue after cycle 2" in text


@pytest.mark.django_db
def test_it_shows_the_referral_with_its_key_facts_and_a_link(cast: Cast) -> None:
    story = treated_patient(cast, cycles=1)
    assert _summary(cast).referrals == (story.referral,)
    text = _page(cast)
    assert "Frank Fastlege" in text and "Accepted" in text
    assert "Vurdering av botulinumtoksin ved kronisk migrene." in text
    assert f'href="/klinikk/henvisninger/{story.referral.pk}/"' in text
    # Another clinic's physician sees no referral sent to clinic A.
    assert _summary(cast, cast.erin).referrals == ()


@pytest.mark.django_db
def test_it_shows_the_latest_hit6_midas_and_pgic(cast: Cast) -> None:
    treated_patient(cast, cycles=1)
    q = _summary(cast).questionnaires
    assert (q.latest_hit6.score, q.latest_midas.score, q.latest_pgic.score) == (  # type: ignore[union-attr]
        62, 17, 2
    )
    text = _page(cast)
    assert "HIT-6" in text and "severe impact" in text
    assert "grade III" in text and "Much better" in text


@pytest.mark.django_db
def test_it_shows_the_preventives_and_whether_they_count(cast: Cast) -> None:
    treated_patient(cast, cycles=1)
    rows = _summary(cast).preventives
    assert [(r.medication.name, r.counts) for r in rows] == [("Inderal", True), ("Topimax", True)]
    assert "For the reimbursement rules" in _page(cast)


@pytest.mark.django_db
def test_a_patient_without_course_or_referral_gets_plain_sentences(cast: Cast) -> None:
    text = _page(cast)
    assert "No referral to your clinic for this patient." in text
    assert "No treatment course yet." in text
    assert "No preventive medicines recorded." in text


@pytest.mark.django_db
def test_the_patients_own_overview_has_none_of_it(cast: Cast) -> None:
    treated_patient(cast, cycles=2)
    client = client_for(cast.alice)
    text = client.get("/portal/oversikt/").content.decode()
    assert "Treatment courses" not in text and 'id="courses-heading"' not in text
    assert "Frank Fastlege" not in text and "red flag" not in text


@pytest.mark.django_db
def test_the_coordinator_sees_it_and_the_read_is_audited(cast: Cast) -> None:
    treated_patient(cast, cycles=1)
    before = AuditEvent.objects.filter(actor=cast.carol, action="read",
                                       patient_id=cast.alice_patient.pk).count()
    assert 'id="courses-heading"' in _page(cast, cast.carol)
    after = AuditEvent.objects.filter(actor=cast.carol, action="read",
                                      patient_id=cast.alice_patient.pk).count()
    assert after == before + 1


@pytest.mark.django_db
def test_the_page_is_norwegian_by_default(cast: Cast) -> None:
    treated_patient(cast, cycles=2)
    client = login(Client(), cast.dave)
    text = client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/sammendrag/").content.decode()
    assert "Henvisning" in text and "Pasientens oppfølgingssvar" in text


def _queries(cast: Cast) -> int:
    client = client_for(cast.dave)
    url = f"/klinikk/pasienter/{cast.alice_patient.pk}/sammendrag/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_more_sessions_do_not_mean_more_queries(cast: Cast) -> None:
    story = treated_patient(cast, cycles=1)
    one = _queries(cast)
    today = timezone.localdate()
    lot = VialLot.objects.get(lot_number="C8123A")
    for days_ago in SESSION_DAYS_AGO[1:]:
        session = sessions.save_session(
            course=story.course, by=cast.dave,
            injections=sessions.plan_rows(course=story.course),
            details=sessions.SessionDetails(performed_on=today - dt.timedelta(days=days_ago),
                                            lot_id=lot.pk, units_per_ml=Decimal(50)),
        )
        signed = sessions.sign_session(session=session, by=cast.dave)
        sessions.add_addendum(session=signed, by=cast.dave, text="Checked.")
    assert _queries(cast) == one
    assert one <= 40
