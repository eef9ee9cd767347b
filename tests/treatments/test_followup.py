"""The patient's follow-up forms after a treatment: open from their day, answered, changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from bontrack.accounts.models import AuditEvent
from bontrack.treatments import followup
from bontrack.treatments.models import FollowUp
from tests.matrix.treatments_portal import signed_session
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _form(day: int, cast: Cast, *, days_ago: int) -> FollowUp:
    return FollowUp.objects.get(session=signed_session(cast, days_ago=days_ago), day=day)


def test_a_signed_session_has_forms_on_day_7_14_28_and_84(cast: Cast) -> None:
    session = signed_session(cast, days_ago=10)
    forms = list(FollowUp.objects.filter(session=session).order_by("day"))
    assert [f.day for f in forms] == [7, 14, 28, 84]
    assert forms[0].due_on == session.performed_on + dt.timedelta(days=7)
    assert followup.create_follow_ups(session=session) == forms  # idempotent


def test_the_portal_lists_treatments_and_which_forms_are_open(cast: Cast) -> None:
    signed_session(cast, days_ago=10)
    page = login(Client(), cast.alice).get("/portal/behandling/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Spørsmål for dag 7" in text  # open: a link
    assert "Spørsmål for dag 14 åpner" in text  # not yet


def test_the_patient_answers_and_the_answers_are_stored(cast: Cast) -> None:
    item = _form(7, cast, days_ago=10)
    client = login(Client(), cast.alice)
    started = (TODAY - dt.timedelta(days=3)).isoformat()
    response = client.post(f"/portal/behandling/oppfolging/{item.pk}/", {
        "effect_started": "yes", "effect_started_on": started, "effect_lasted": "36",
        "lasted_unit": "hours", "pain_came_back_gradually": "yes", "more_active": "no",
        "note": "Bedre enn før",
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.answered_at is not None
    assert item.effect_started is True
    assert item.effect_started_on == dt.date.fromisoformat(started)
    assert (item.effect_lasted_hours, item.effect_lasted_days) == (36, None)
    assert item.pain_came_back_gradually is True and item.more_active is False
    assert item.note == "Bedre enn før"
    assert AuditEvent.objects.filter(action="create", object_type="treatments.followup",
                                     object_id=str(item.pk)).exists()


def test_answering_twice_updates_the_answer_and_is_audited(cast: Cast) -> None:
    item = _form(7, cast, days_ago=10)
    client = login(Client(), cast.alice)
    url = f"/portal/behandling/oppfolging/{item.pk}/"
    client.post(url, {"effect_started": "no", "lasted_unit": "days"})
    client.post(url, {"effect_started": "yes", "effect_lasted": "20", "lasted_unit": "days"})
    item.refresh_from_db()
    assert item.effect_started is True and item.effect_lasted_days == 20
    assert FollowUp.objects.filter(session=item.session, day=7).count() == 1
    assert AuditEvent.objects.filter(action="update", object_type="treatments.followup",
                                     object_id=str(item.pk)).exists()
    page = client.get(url).content.decode()
    assert 'value="20"' in page  # the stored answer is shown to change


def test_a_form_is_not_open_before_its_day(cast: Cast) -> None:
    item = _form(14, cast, days_ago=10)
    client = login(Client(), cast.alice)
    assert "åpner" in client.get(f"/portal/behandling/oppfolging/{item.pk}/").content.decode()
    response = client.post(f"/portal/behandling/oppfolging/{item.pk}/",
                           {"effect_started": "yes", "lasted_unit": "days"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.answered_at is None


def test_a_start_date_in_the_future_is_refused_and_nothing_stored(cast: Cast) -> None:
    item = _form(7, cast, days_ago=10)
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    response = login(Client(), cast.alice).post(f"/portal/behandling/oppfolging/{item.pk}/", {
        "effect_started": "yes", "effect_started_on": tomorrow, "lasted_unit": "days"})
    assert response.status_code == 400
    assert "er fram i tid" in response.content.decode()
    item.refresh_from_db()
    assert item.answered_at is None


def test_a_start_date_before_the_treatment_is_refused(cast: Cast) -> None:
    item = _form(7, cast, days_ago=10)
    with pytest.raises(followup.FollowUpInputError) as caught:
        followup.answer_follow_up(
            patient=cast.alice_patient, by=cast.alice, follow_up_id=item.pk,
            effect_started=True, effect_started_on=TODAY - dt.timedelta(days=20),
            effect_lasted=None, lasted_unit="days", pain_came_back_gradually=None,
            more_active=None, note="",
        )
    assert "effect_started_on" in caught.value.errors


def test_another_patient_cannot_open_alices_form(cast: Cast) -> None:
    item = _form(7, cast, days_ago=10)
    response = login(Client(), cast.bob).get(f"/portal/behandling/oppfolging/{item.pk}/")
    assert response.status_code == 404


def test_a_draft_session_has_no_forms_for_the_patient(cast: Cast) -> None:
    session = signed_session(cast, days_ago=10)
    session.state = "draft"
    session.save()
    item = FollowUp.objects.get(session=session, day=7)
    client = login(Client(), cast.alice)
    assert client.get(f"/portal/behandling/oppfolging/{item.pk}/").status_code == 404
    assert "Behandling 1" not in client.get("/portal/behandling/").content.decode()
