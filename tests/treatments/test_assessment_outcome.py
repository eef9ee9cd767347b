"""The outcome evaluation per cycle and the physician's continue/pause/stop decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bontrack.accounts.models import AuditEvent
from bontrack.clinical.diary import Diary
from bontrack.clinical.outcome import cycle_outcomes, episodic_streak, suggest_continuation
from bontrack.clinical.rules import continuation_rules
from bontrack.patients.diary import load_diary
from bontrack.treatments import assessment
from bontrack.treatments.models import (
    Course,
    FollowUp,
    OutcomeDecision,
    Session,
    SideEffectReport,
)
from tests.personas import Cast
from tests.treatments.test_assessment import client_for, page_url, store_diary


def two_cycles(cast: Cast, *, seed: int = 11) -> tuple[Course, Diary, list[dt.date]]:
    """A course of two signed sessions 12 weeks apart, with a diary around both."""
    today = timezone.localdate()
    second = today - dt.timedelta(days=92)
    first = second - dt.timedelta(days=84)
    start = first - dt.timedelta(days=40)
    diary = store_diary(cast.alice_patient, start, (today - start).days, seed=seed,
                        treatments=[first, second])
    course = Course.objects.create(
        patient=cast.alice_patient, clinic=cast.clinic_a, indication="chronic_migraine",
        continuation_rules="nkh-2018", started_on=first, created_by=cast.dave,
    )
    for cycle, day in enumerate([first, second], start=1):
        Session.objects.create(
            course=course, patient=cast.alice_patient, clinic=cast.clinic_a, cycle=cycle,
            performed_on=day, physician=cast.dave, state=Session.State.SIGNED,
            total_units=155, signed_at=timezone.now(), signed_by=cast.dave,
        )
    return course, diary, [first, second]


@pytest.fixture
def course(cast: Cast) -> Course:
    return two_cycles(cast)[0]


def test_the_figures_equal_the_clinical_core_after_two_cycles(cast: Cast) -> None:
    _course, generated, dates = two_cycles(cast)
    today = timezone.localdate()
    [evaluation] = assessment.course_evaluations(patient=cast.alice_patient, today=today)
    stored = load_diary(cast.alice_patient)
    expected = cycle_outcomes(stored, dates)
    assert [c.outcome for c in evaluation.cycles] == expected
    assert expected == cycle_outcomes(generated, dates)
    rules = continuation_rules("nkh-2018")
    streak = episodic_streak(stored, dates[0], stored.last or today, rules.episodic_below_days)
    assert evaluation.streak == streak
    assert evaluation.suggestion == suggest_continuation(expected, streak, rules, today)
    # The synthetic treatment works: the second cycle is a responder at 30 %.
    assert expected[1].responder[30.0] is True
    assert evaluation.cycles[1].responder_30 is True


def test_the_page_shows_the_responder_result_and_the_suggestion(
    cast: Cast, course: Course
) -> None:
    response = client_for(cast.carol).get(page_url(cast))
    assert response.status_code == 200
    [(evaluation, _form)] = response.context["courses"]
    text = response.content.decode()
    second = evaluation.cycles[1].outcome
    assert f"{second.headache_reduction_percent:.1f} %" in text
    assert "Responder ≥ 30 %" in text and "Suggestion under nkh-2018" in text
    for reason in evaluation.suggestion.reasons:
        assert reason in text
    # A coordinator reads the evaluation but does not decide.
    assert "Record the decision" not in text


def test_follow_up_answers_and_side_effects_are_shown_per_session(
    cast: Cast, course: Course
) -> None:
    session = course.sessions.get(cycle=2)
    FollowUp.objects.create(
        session=session, patient=cast.alice_patient, day=14,
        due_on=session.performed_on + dt.timedelta(days=14), answered_at=timezone.now(),
        effect_started=True, effect_lasted_days=60, more_active=True,
        note="Mye bedre i mai",
    )
    SideEffectReport.objects.create(
        session=session, patient=cast.alice_patient, clinic=cast.clinic_a,
        kinds=["neck_pain"], severity="mild", resolved=True,
    )
    response = client_for(cast.dave).get(page_url(cast))
    [(evaluation, _form)] = response.context["courses"]
    assert [f.day for f in evaluation.cycles[1].follow_ups] == [14]
    assert [r.kinds for r in evaluation.cycles[1].side_effects] == [["neck_pain"]]
    assert evaluation.cycles[0].side_effects == ()
    text = response.content.decode()
    assert "Mye bedre i mai" in text and "Neck pain" in text and "60 days" in text


def test_the_decision_is_stored_with_its_rule_set_and_pauses_the_course(
    cast: Cast, course: Course
) -> None:
    response = client_for(cast.dave).post(
        f"{page_url(cast)}utfall/",
        {"course": course.pk, "cycle": 2, "decision": "pause", "reason": "Episodisk i sommer"},
    )
    assert response.status_code == 302
    decision = OutcomeDecision.objects.get(course=course)
    evaluation = assessment.evaluate_course(
        course=course, diary=load_diary(cast.alice_patient), today=timezone.localdate()
    )
    assert decision.rules == "nkh-2018"
    assert (decision.cycle, decision.decision, decision.decided_by) == (2, "pause", cast.dave)
    assert decision.reason == "Episodisk i sommer"
    assert decision.suggestion == evaluation.suggestion.action
    assert decision.suggestion_reasons == list(evaluation.suggestion.reasons)
    second = evaluation.cycles[1].outcome
    assert decision.figures["headache_reduction_percent"] == second.headache_reduction_percent
    assert decision.figures["responder"] == {"30": second.responder[30.0],
                                             "50": second.responder[50.0]}
    course.refresh_from_db()
    assert course.state == Course.State.PAUSED
    assert AuditEvent.objects.filter(
        action="create", object_type="treatments.outcomedecision", actor=cast.dave
    ).exists()


def test_stop_stops_the_course_and_no_further_decision_is_taken(
    cast: Cast, course: Course
) -> None:
    client = client_for(cast.dave)
    data = {"course": course.pk, "cycle": 2, "decision": "stop", "reason": "Ingen effekt"}
    assert client.post(f"{page_url(cast)}utfall/", data).status_code == 302
    course.refresh_from_db()
    assert course.state == Course.State.STOPPED
    again = client.post(f"{page_url(cast)}utfall/", {**data, "decision": "continue"})
    assert again.status_code == 400
    assert "Course: it is stopped" in again.content.decode()
    assert OutcomeDecision.objects.count() == 1


def test_only_physicians_decide(cast: Cast, course: Course) -> None:
    data = {"course": course.pk, "cycle": 2, "decision": "stop", "reason": "Ingen effekt"}
    assert client_for(cast.carol).post(f"{page_url(cast)}utfall/", data).status_code == 403
    assert client_for(cast.erin).post(f"{page_url(cast)}utfall/", data).status_code == 404
    assert client_for(cast.alice).post(f"{page_url(cast)}utfall/", data).status_code == 403
    assert not OutcomeDecision.objects.exists()
    course.refresh_from_db()
    assert course.state == Course.State.ACTIVE


def test_a_decision_without_a_reason_stores_nothing_and_names_the_field(
    cast: Cast, course: Course
) -> None:
    response = client_for(cast.dave).post(
        f"{page_url(cast)}utfall/", {"course": course.pk, "cycle": 2, "decision": "continue"}
    )
    assert response.status_code == 400
    assert "Reason:" in response.content.decode()
    assert not OutcomeDecision.objects.exists()


def test_a_cycle_that_is_not_signed_cannot_be_decided(cast: Cast, course: Course) -> None:
    response = client_for(cast.dave).post(
        f"{page_url(cast)}utfall/",
        {"course": course.pk, "cycle": 3, "decision": "continue", "reason": "Fortsett"},
    )
    assert response.status_code == 400
    assert "After cycle:" in response.content.decode()
    assert not OutcomeDecision.objects.exists()
