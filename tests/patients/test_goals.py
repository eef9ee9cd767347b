"""The self-management plan: clinic staff set goals, the patient ticks them off per day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.accounts.models import AuditEvent
from bontrack.patients import goals
from bontrack.patients.diary_models import GoalCheck, SelfManagementGoal
from tests.personas import Cast, login


@pytest.fixture
def walk(cast: Cast) -> SelfManagementGoal:
    return goals.add_goal(
        patient=cast.alice_patient, by=cast.dave, kind="training",
        text="A 20-minute walk after work",
    )


@pytest.fixture
def relax(cast: Cast) -> SelfManagementGoal:
    return goals.add_goal(
        patient=cast.alice_patient, by=cast.dave, kind="relaxation",
        text="Ten minutes of breathing exercises",
    )


def english(client: Client, user: object) -> Client:
    login(client, user)
    client.cookies.load({"django_language": "en"})
    return client


def test_the_patient_sees_their_active_goals(client: Client, cast: Cast,
                                             walk: SelfManagementGoal) -> None:
    text = english(client, cast.alice).get("/portal/mal/").content.decode()
    assert "A 20-minute walk after work" in text
    assert "What did you do today?" in text


def test_the_patient_ticks_off_a_goal_for_today(client: Client, cast: Cast,
                                                walk: SelfManagementGoal,
                                                relax: SelfManagementGoal) -> None:
    today = timezone.localdate()
    response = english(client, cast.alice).post(
        "/portal/mal/", {"date": today.isoformat(), "done": [str(walk.pk)]}
    )
    assert response.status_code == 302
    assert list(GoalCheck.objects.values_list("goal_id", "date")) == [(walk.pk, today)]
    page = client.get(response["Location"]).content.decode()
    assert f"Saved for {today.isoformat()}." in page
    assert "done 1 of the last 7 days" in page


def test_unticking_removes_the_tick_and_ticking_twice_keeps_one(
    client: Client, cast: Cast, walk: SelfManagementGoal
) -> None:
    today = timezone.localdate().isoformat()
    english(client, cast.alice)
    client.post("/portal/mal/", {"date": today, "done": [str(walk.pk)]})
    client.post("/portal/mal/", {"date": today, "done": [str(walk.pk)]})
    assert GoalCheck.objects.count() == 1
    client.post("/portal/mal/", {"date": today})
    assert GoalCheck.objects.count() == 0


def test_the_patient_ticks_off_a_past_day(client: Client, cast: Cast,
                                          walk: SelfManagementGoal) -> None:
    day = timezone.localdate() - dt.timedelta(days=3)
    english(client, cast.alice)
    page = client.get(f"/portal/mal/?date={day.isoformat()}").content.decode()
    assert f"What did you do on {day.isoformat()}?" in page
    client.post("/portal/mal/", {"date": day.isoformat(), "done": [str(walk.pk)]})
    assert GoalCheck.objects.get().date == day


def test_a_future_day_is_refused_and_nothing_is_stored(client: Client, cast: Cast,
                                                       walk: SelfManagementGoal) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = english(client, cast.alice).post(
        "/portal/mal/", {"date": tomorrow, "done": [str(walk.pk)]}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert (f"Day: {tomorrow} is in the future. You can tick off today and earlier days."
            in text)
    assert GoalCheck.objects.count() == 0


def test_a_date_that_is_not_a_date_is_refused(client: Client, cast: Cast,
                                              walk: SelfManagementGoal) -> None:
    response = english(client, cast.alice).post(
        "/portal/mal/", {"date": "2026-02-30", "done": [str(walk.pk)]}
    )
    assert response.status_code == 400
    assert "Day: Enter the day as a date, for example 2026-03-14." in response.content.decode()
    assert GoalCheck.objects.count() == 0


def test_a_future_day_cannot_even_be_shown(client: Client, cast: Cast,
                                           walk: SelfManagementGoal) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = english(client, cast.alice).get(f"/portal/mal/?date={tomorrow}")
    assert response.status_code == 400
    assert "is in the future" in response.content.decode()


def test_a_patient_cannot_tick_another_patients_goal(client: Client, cast: Cast,
                                                     walk: SelfManagementGoal) -> None:
    today = timezone.localdate().isoformat()
    response = english(client, cast.bob).post("/portal/mal/", {"date": today,
                                                               "done": [str(walk.pk)]})
    assert response.status_code == 400
    assert GoalCheck.objects.count() == 0


def test_an_ended_goal_is_not_shown_to_the_patient(client: Client, cast: Cast,
                                                   walk: SelfManagementGoal) -> None:
    goals.deactivate_goal(patient=cast.alice_patient, by=cast.dave, goal_id=walk.pk)
    text = english(client, cast.alice).get("/portal/mal/").content.decode()
    assert "A 20-minute walk after work" not in text
    assert "Your clinic has not set any goals for you yet." in text


def test_ticks_are_audited(client: Client, cast: Cast, walk: SelfManagementGoal) -> None:
    english(client, cast.alice).post(
        "/portal/mal/", {"date": timezone.localdate().isoformat(), "done": [str(walk.pk)]}
    )
    assert AuditEvent.objects.filter(
        actor=cast.alice, action="update", object_type="patients.goalcheck",
        patient=cast.alice_patient,
    ).exists()


def test_staff_add_a_goal_for_a_patient(client: Client, cast: Cast) -> None:
    url = f"/klinikk/pasienter/{cast.alice_patient.pk}/mal/"
    response = english(client, cast.carol).post(
        url, {"kind": "healthy_life_centre", "text": "Join the Tuesday group"}
    )
    assert response.status_code == 302
    goal = SelfManagementGoal.objects.get()
    assert (goal.patient, goal.kind, goal.text, goal.set_by, goal.active) == (
        cast.alice_patient, "healthy_life_centre", "Join the Tuesday group", cast.carol, True
    )
    assert "Join the Tuesday group" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action="create", object_id=str(goal.pk),
                                     actor=cast.carol).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "yoga", "text": "Stretch"}, "Kind of goal: Choose one of the kinds of goal."),
        ({"kind": "relaxation", "text": "  "}, "What the patient is to do: Write what the "
                                               "patient is to do."),
        ({"kind": "relaxation", "text": "x" * 301}, "What the patient is to do: "),
    ],
)
def test_a_bad_goal_is_refused(client: Client, cast: Cast, data: dict[str, str],
                               message: str) -> None:
    response = english(client, cast.dave).post(
        f"/klinikk/pasienter/{cast.alice_patient.pk}/mal/", data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SelfManagementGoal.objects.count() == 0


def test_staff_end_a_goal_and_its_ticks_are_kept(client: Client, cast: Cast,
                                                 walk: SelfManagementGoal) -> None:
    GoalCheck.objects.create(goal=walk, date=timezone.localdate())
    response = english(client, cast.dave).post(
        f"/klinikk/pasienter/{cast.alice_patient.pk}/mal/{walk.pk}/avslutt/"
    )
    assert response.status_code == 302
    walk.refresh_from_db()
    assert not walk.active
    assert GoalCheck.objects.filter(goal=walk).count() == 1


def test_staff_cannot_end_another_patients_goal_through_this_patient(
    client: Client, cast: Cast, walk: SelfManagementGoal
) -> None:
    response = english(client, cast.dave).post(
        f"/klinikk/pasienter/{cast.bob_patient.pk}/mal/{walk.pk}/avslutt/"
    )
    assert response.status_code == 404
    walk.refresh_from_db()
    assert walk.active


def test_staff_of_another_clinic_get_404(client: Client, cast: Cast,
                                         walk: SelfManagementGoal) -> None:
    english(client, cast.erin)
    assert client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/mal/").status_code == 404
    response = client.post(f"/klinikk/pasienter/{cast.alice_patient.pk}/mal/",
                           {"kind": "relaxation", "text": "Sneak in"})
    assert response.status_code == 404
    assert SelfManagementGoal.objects.count() == 1


def test_patients_cannot_set_goals(client: Client, cast: Cast) -> None:
    response = english(client, cast.alice).post(
        f"/klinikk/pasienter/{cast.alice_patient.pk}/mal/", {"kind": "other", "text": "Rest"}
    )
    assert response.status_code == 403
    assert SelfManagementGoal.objects.count() == 0


def test_the_clinic_sees_how_often_goals_were_done(client: Client, cast: Cast,
                                                   walk: SelfManagementGoal) -> None:
    today = timezone.localdate()
    for back in range(3):
        GoalCheck.objects.create(goal=walk, date=today - dt.timedelta(days=back))
    GoalCheck.objects.create(goal=walk, date=today - dt.timedelta(days=10))
    text = english(client, cast.dave).get(
        f"/klinikk/pasienter/{cast.alice_patient.pk}/mal/"
    ).content.decode()
    assert "3 days" in text
