"""The questionnaire pages: MIDAS scored and graded, a HIT-6 total, PGIC, and what is due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.accounts.models import AuditEvent
from bontrack.clinical import InputError
from bontrack.patients import questionnaires
from bontrack.patients.diary_models import QuestionnaireResponse
from tests.personas import Cast, login

MIDAS = {
    "missed_work": "2", "reduced_work": "3", "missed_household": "4",
    "reduced_household": "1", "missed_leisure": "5", "headache_days": "30", "pain": "7",
}


@pytest.fixture
def alice(client: Client, cast: Cast) -> Client:
    return login(client, cast.alice)


def post(client: Client, url: str, data: dict[str, str]) -> Any:
    return client.post(url, data, follow=True)


def test_a_filled_in_midas_is_scored_graded_and_shown(alice: Client, cast: Cast) -> None:
    response = post(alice, "/portal/skjema/midas/", MIDAS)
    text = response.content.decode()
    assert "MIDAS er lagret. Poengsummen din er 15: grad III, moderat funksjonsnedsettelse." in text
    stored = QuestionnaireResponse.objects.get(patient=cast.alice_patient)
    assert (stored.kind, stored.score, stored.grade) == ("midas", 15, "III")
    assert stored.answers == {
        "missed_work": 2, "reduced_work": 3, "missed_household": 4, "reduced_household": 1,
        "missed_leisure": 5, "headache_days": 30, "pain": 7,
    }
    assert stored.answered_on == timezone.localdate()


def test_saving_a_midas_is_audited(alice: Client, cast: Cast) -> None:
    post(alice, "/portal/skjema/midas/", MIDAS)
    stored = QuestionnaireResponse.objects.get()
    assert AuditEvent.objects.filter(
        action="create", object_type="patients.questionnaireresponse",
        object_id=str(stored.pk), patient=cast.alice_patient, actor=cast.alice,
    ).exists()


def test_items_a_and_b_may_be_left_empty(alice: Client) -> None:
    post(alice, "/portal/skjema/midas/", {**MIDAS, "headache_days": "", "pain": ""})
    stored = QuestionnaireResponse.objects.get()
    assert stored.answers["headache_days"] is None and stored.score == 15


@pytest.mark.parametrize(
    ("field", "value", "short_name", "message"),
    [
        ("missed_work", "91", "Days away from work or school",
         "Enter a whole number of days from 0 to 90."),
        ("missed_leisure", "abc", "Days away from family, friends or leisure",
         "Enter a whole number of days from 0 to 90."),
        ("reduced_household", "", "Days with half or less of the housework done",
         "Enter a whole number of days from 0 to 90."),
        ("pain", "11", "Average pain",
         "Enter a whole number from 0 (no pain) to 10 (worst pain imaginable)."),
    ],
)
def test_a_bad_midas_answer_is_named_and_nothing_is_stored(
    alice: Client, field: str, value: str, short_name: str, message: str
) -> None:
    alice.cookies.load({"django_language": "en"})
    response = alice.post("/portal/skjema/midas/", {**MIDAS, field: value})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was saved." in text
    assert f'href="#id_{field}">{short_name}: {message}</a>' in text
    assert QuestionnaireResponse.objects.count() == 0


def test_missed_and_half_done_days_over_90_are_refused(alice: Client) -> None:
    alice.cookies.load({"django_language": "en"})
    response = alice.post("/portal/skjema/midas/", {**MIDAS, "missed_work": "60",
                                                    "reduced_work": "40"})
    assert "this is more than 90 days" in response.content.decode()
    assert QuestionnaireResponse.objects.count() == 0


def test_the_pages_speak_norwegian_by_default(alice: Client) -> None:
    response = alice.post("/portal/skjema/midas/", {**MIDAS, "missed_work": "91"})
    text = response.content.decode()
    assert "Ingenting ble lagret" in text
    assert "Skriv et helt antall dager fra 0 til 90." in text


def test_a_hit6_total_is_stored_with_its_band(alice: Client, cast: Cast) -> None:
    alice.cookies.load({"django_language": "en"})
    response = post(alice, "/portal/skjema/hit-6/", {"total": "58"})
    assert "HIT-6 total 58 saved: substantial impact." in response.content.decode()
    stored = QuestionnaireResponse.objects.get(patient=cast.alice_patient)
    assert (stored.kind, stored.score, stored.grade, stored.answers) == (
        "hit6", 58, "substantial", {"total": 58}
    )


@pytest.mark.parametrize(
    ("total", "message"),
    [
        ("80", "Enter the total score, a whole number from 36 to 78."),
        ("35", "Enter the total score, a whole number from 36 to 78."),
        ("sixty", "Enter the total score, a whole number from 36 to 78."),
        ("37", "37 is not a possible HIT-6 total. Please add up the six answers again."),
    ],
)
def test_a_bad_hit6_total_is_refused(alice: Client, total: str, message: str) -> None:
    alice.cookies.load({"django_language": "en"})
    response = alice.post("/portal/skjema/hit-6/", {"total": total})
    assert f"HIT-6 total score: {message}" in response.content.decode()
    assert QuestionnaireResponse.objects.count() == 0


def test_the_hit6_page_ships_no_item_texts(alice: Client) -> None:
    alice.cookies.load({"django_language": "en"})
    text = alice.get("/portal/skjema/hit-6/").content.decode()
    assert "filled in on paper or in its licensed version" in text
    # HIT-6's items ask e.g. "how often … severe pain"; none of its wording belongs here.
    assert "how often" not in text.lower()
    assert "severe pain" not in text.lower()


def test_a_pgic_answer_is_stored(alice: Client, cast: Cast) -> None:
    alice.cookies.load({"django_language": "en"})
    response = post(alice, "/portal/skjema/pgic/", {"answer": "2"})
    assert "Your answer is saved: much better." in response.content.decode()
    stored = QuestionnaireResponse.objects.get(patient=cast.alice_patient)
    assert (stored.kind, stored.score, stored.grade) == ("pgic", 2, "much_better")


@pytest.mark.parametrize("answer", ["0", "8", "x", ""])
def test_a_pgic_answer_outside_1_to_7_is_refused(alice: Client, answer: str) -> None:
    response = alice.post("/portal/skjema/pgic/", {"answer": answer})
    assert response.status_code == 400
    assert QuestionnaireResponse.objects.count() == 0


def test_the_index_says_midas_is_due_when_none_was_filled_in(alice: Client) -> None:
    alice.cookies.load({"django_language": "en"})
    text = alice.get("/portal/skjema/").content.decode()
    assert "It is time to fill in MIDAS." in text
    assert "You have not filled in any questionnaires yet." in text


def test_the_index_shows_the_next_due_date_and_earlier_scores(alice: Client) -> None:
    alice.cookies.load({"django_language": "en"})
    post(alice, "/portal/skjema/midas/", MIDAS)
    post(alice, "/portal/skjema/hit-6/", {"total": "62"})
    text = alice.get("/portal/skjema/").content.decode()
    due = timezone.localdate() + dt.timedelta(days=90)
    assert "The next MIDAS is due on" in text
    assert str(due.year) in text
    assert "15: grade III, moderate disability" in text
    assert "severe impact" in text
    assert "It is time to fill in MIDAS." not in text


def test_the_next_midas_is_due_90_days_after_the_last(cast: Cast) -> None:
    patient = cast.alice_patient
    questionnaires.record_midas(
        patient=patient, by=cast.alice, answers={k: 0 for k in MIDAS if k not in
                                                 ("headache_days", "pain")},
        answered_on=dt.date(2026, 1, 1),
    )
    assert questionnaires.midas_due_on(patient=patient) == dt.date(2026, 4, 1)
    overview = questionnaires.overview(patient=patient, today=dt.date(2026, 3, 31))
    assert not overview.midas_due
    assert questionnaires.overview(patient=patient, today=dt.date(2026, 4, 1)).midas_due


def test_a_patient_sees_only_their_own_results(client: Client, cast: Cast) -> None:
    questionnaires.record_hit6(patient=cast.bob_patient, by=cast.bob, total=66)
    login(client, cast.alice)
    client.cookies.load({"django_language": "en"})
    assert "severe impact" not in client.get("/portal/skjema/").content.decode()


def test_the_service_refuses_a_future_answer_date(cast: Cast) -> None:
    with pytest.raises(InputError):
        questionnaires.record_pgic(
            patient=cast.alice_patient, by=cast.alice, value=4,
            answered_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert QuestionnaireResponse.objects.count() == 0


@pytest.mark.parametrize("url", ["/portal/skjema/", "/portal/skjema/midas/"])
def test_clinic_staff_cannot_open_the_patient_questionnaire_pages(
    client: Client, cast: Cast, url: str
) -> None:
    login(client, cast.dave)
    assert client.get(url).status_code == 403
