"""The clinic's worklist: red flags first, then what is due, each clinic its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.accounts.models import AuditEvent
from bontrack.clinical.schedule import evaluations_due, next_treatment
from bontrack.patients.diary_models import DiaryEntry
from bontrack.referrals.models import Referral
from bontrack.treatments import side_effects, worklist
from bontrack.treatments.models import (
    Appointment,
    Course,
    OutcomeDecision,
    SideEffectReport,
    VialLot,
)
from tests.matrix.treatments_portal import signed_session
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
URL = "/klinikk/arbeidsliste/"


def _red_flag(cast: Cast, kind: str = "difficulty_swallowing") -> SideEffectReport:
    return side_effects.report_side_effect(
        patient=cast.alice_patient, by=cast.alice, kinds=[kind], onset_on=TODAY,
        severity="severe", resolved=False,
    )


def _page(client: Client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _appointment(cast: Cast, *, on: dt.date, kind: str = "treatment",
                 course: Course | None = None) -> Appointment:
    starts = timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))
    return Appointment.objects.create(
        clinic=cast.clinic_a, physician=cast.dave, patient=cast.alice_patient, course=course,
        kind=kind, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30),
    )


def test_a_red_flag_tops_the_worklist(cast: Cast) -> None:
    signed_session(cast, days_ago=90)  # also a treatment due, listed below the red flag
    report = _red_flag(cast)
    page = _page(login(Client(), cast.carol))
    assert page.index("red-flags-heading") < page.index("Alice Aas") < page.index(
        "treatments-heading")
    assert "Vanskelig å svelge" in page
    assert f"{URL}bivirkning/{report.pk}/handtert/" in page
    assert f'href="/klinikk/pasienter/{cast.alice_patient.pk}/"' in page


def test_a_handled_red_flag_leaves_the_top_with_who_and_the_note(cast: Cast) -> None:
    report = _red_flag(cast)
    client = login(Client(), cast.dave)
    response = client.post(f"{URL}bivirkning/{report.pk}/handtert/",
                           {"note": "Called; sent to the emergency room"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.handled_at is not None and report.handled_by == cast.dave
    assert report.handled_note == "Called; sent to the emergency room"
    assert worklist.build_worklist(user=cast.dave).red_flags == []
    assert f"bivirkning/{report.pk}/handtert/" not in _page(client)
    assert AuditEvent.objects.filter(action="update", object_id=str(report.pk),
                                     reason="side effect handled").exists()


def test_a_side_effect_without_a_red_flag_is_not_urgent(cast: Cast) -> None:
    _red_flag(cast, kind="bruising")
    assert worklist.build_worklist(user=cast.carol).red_flags == []


def test_another_clinic_never_sees_or_handles_clinic_as_red_flag(cast: Cast) -> None:
    report = _red_flag(cast)
    client = login(Client(), cast.erin)
    assert "Alice Aas" not in _page(client)
    response = client.post(f"{URL}bivirkning/{report.pk}/handtert/", {"note": "x"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.handled_at is None


@pytest.mark.parametrize(("days_ago", "state"), [
    (60, None), (75, "soon"), (84, "due"), (98, "due"), (99, "overdue"), (130, "overdue"),
])
def test_the_next_treatment_is_due_as_bontrack_clinical_says(
    cast: Cast, days_ago: int, state: str | None,
) -> None:
    session = signed_session(cast, days_ago=days_ago)
    items = worklist.treatments_due(clinics={cast.clinic_a.pk}, today=TODAY)
    assert [i.state for i in items] == ([state] if state else [])
    if items:
        upcoming = next_treatment(session.performed_on)
        assert (items[0].earliest, items[0].due) == (upcoming.earliest, upcoming.due)


def test_a_booked_treatment_takes_the_course_off_the_list(cast: Cast) -> None:
    session = signed_session(cast, days_ago=99)
    _appointment(cast, on=TODAY + dt.timedelta(days=3), course=session.course)
    assert worklist.treatments_due(clinics={cast.clinic_a.pk}, today=TODAY) == []


def test_a_paused_course_is_not_due(cast: Cast) -> None:
    session = signed_session(cast, days_ago=99)
    Course.objects.filter(pk=session.course_id).update(state=Course.State.PAUSED)
    assert worklist.treatments_due(clinics={cast.clinic_a.pk}, today=TODAY) == []


def test_evaluations_are_due_after_cycle_2_until_a_decision(cast: Cast) -> None:
    first = signed_session(cast, days_ago=200, cycle=1)
    second = signed_session(cast, days_ago=100, cycle=2)
    expected = [e for e in evaluations_due([first.performed_on, second.performed_on])
                if e.due <= TODAY]
    items = worklist.evaluations_pending(clinics={cast.clinic_a.pk}, today=TODAY)
    assert [(i.cycle, i.due) for i in items] == [(e.cycle, e.due) for e in expected]
    assert [i.cycle for i in items] == [2]
    OutcomeDecision.objects.create(course=first.course, cycle=2, rules="nkh-2018",
                                   decision="continue", reason="Good effect",
                                   decided_by=cast.dave)
    assert worklist.evaluations_pending(clinics={cast.clinic_a.pk}, today=TODAY) == []


def test_an_evaluation_is_not_due_before_the_cycle_window_is_over(cast: Cast) -> None:
    signed_session(cast, days_ago=150, cycle=1)
    signed_session(cast, days_ago=60, cycle=2)
    assert worklist.evaluations_pending(clinics={cast.clinic_a.pk}, today=TODAY) == []


def test_a_visit_soon_without_diary_days_in_the_week_before_is_listed(cast: Cast) -> None:
    _appointment(cast, on=TODAY + dt.timedelta(days=5), kind="follow_up")
    items = worklist.silent_diaries(clinics={cast.clinic_a.pk}, today=TODAY)
    assert [i.patient for i in items] == [cast.alice_patient]
    DiaryEntry.objects.create(patient=cast.alice_patient, date=TODAY - dt.timedelta(days=1))
    assert worklist.silent_diaries(clinics={cast.clinic_a.pk}, today=TODAY) == []


def test_a_visit_more_than_14_days_ahead_is_not_yet_listed(cast: Cast) -> None:
    _appointment(cast, on=TODAY + dt.timedelta(days=20), kind="follow_up")
    assert worklist.silent_diaries(clinics={cast.clinic_a.pk}, today=TODAY) == []


def test_lots_expiring_within_60_days_are_listed_per_clinic(cast: Cast) -> None:
    soon = VialLot.objects.create(clinic=cast.clinic_a, vial_units=100, lot_number="A1",
                                  expires_on=TODAY + dt.timedelta(days=30), vials_in_stock=4)
    VialLot.objects.create(clinic=cast.clinic_a, vial_units=100, lot_number="A2",
                           expires_on=TODAY + dt.timedelta(days=200), vials_in_stock=4)
    VialLot.objects.create(clinic=cast.clinic_a, vial_units=100, lot_number="A3",
                           expires_on=TODAY + dt.timedelta(days=10), vials_in_stock=0)
    VialLot.objects.create(clinic=cast.clinic_b, vial_units=100, lot_number="B1",
                           expires_on=TODAY + dt.timedelta(days=10), vials_in_stock=2)
    assert worklist.build_worklist(user=cast.carol).lots == [soon]
    assert [lot.lot_number for lot in worklist.build_worklist(user=cast.erin).lots] == ["B1"]


def test_referrals_near_or_past_their_deadline_are_listed(cast: Cast) -> None:
    def referral(name: str, days: int) -> Referral:
        return Referral.objects.create(
            referrer=cast.frank.referrer, clinic=cast.clinic_a, status="accepted",
            patient_name=name, complaint="headache", deadline=TODAY + dt.timedelta(days=days),
        )
    missed, at_risk = referral("Missed Person", -2), referral("Risky Person", 5)
    referral("Fine Person", 60)
    rows = worklist.build_worklist(user=cast.carol).referrals
    assert [(r.referral, r.state) for r in rows] == [(missed, "missed"), (at_risk, "at_risk")]
    page = _page(login(Client(), cast.carol))
    assert "Risky Person" in page and "Fine Person" not in page
    assert "Risky Person" not in _page(login(Client(), cast.erin))


def test_clinic_b_sees_none_of_clinic_as_items(cast: Cast) -> None:
    signed_session(cast, days_ago=99)
    signed_session(cast, days_ago=200, cycle=1, patient="bob")
    _red_flag(cast)
    _appointment(cast, on=TODAY + dt.timedelta(days=2), kind="follow_up")
    work = worklist.build_worklist(user=cast.erin)
    assert work.count == 0
    assert worklist.build_worklist(user=cast.carol).count >= 4


def test_the_worklist_is_audited_as_a_list(cast: Cast) -> None:
    _page(login(Client(), cast.carol))
    assert AuditEvent.objects.filter(actor=cast.carol, action="list",
                                     object_type="treatments.worklist",
                                     clinic=cast.clinic_a).exists()


@pytest.mark.parametrize("name", ["ola", "alice", "frank", "pat"])
def test_only_coordinators_and_physicians_open_the_worklist(cast: Cast, name: str) -> None:
    assert login(Client(), cast.user(name)).get(URL).status_code == 403
