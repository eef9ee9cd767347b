"""Sending: a complete referral goes to the clinic with a receipt; an incomplete one does not."""

from __future__ import annotations

import pytest

from bontrack.patients.models import Patient
from bontrack.referrals import services
from bontrack.referrals.models import Event, Referral, Status
from tests.personas import Cast
from tests.referrals.test_referrer_form import HANNE, complete, draft, form_data, frank

pytestmark = pytest.mark.django_db


def test_a_complete_referral_is_sent_and_creates_the_patient(cast: Cast) -> None:
    referral = draft(cast, complete(cast))
    assert not Patient.objects.filter(national_id=HANNE).exists()
    client = frank(cast)
    response = client.post(f"/henvisning/{referral.pk}/send/", complete(cast))
    assert response.status_code == 302 and response.url == f"/henvisning/{referral.pk}/"
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED and referral.sent_at is not None
    patient = Patient.objects.get(national_id=HANNE)
    assert referral.patient == patient and patient.full_name == "Hanne Moe"
    receipt = client.get(f"/henvisning/{referral.pk}/").content.decode()
    assert "Receipt" in receipt
    assert f"Referral no. {referral.pk} was received by Clinic A" in receipt
    assert "Received" in receipt


def test_the_send_button_saves_what_is_on_the_page_first(cast: Cast) -> None:
    referral = draft(cast, form_data(cast))
    frank(cast).post(f"/henvisning/{referral.pk}/send/", complete(cast))
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    assert referral.content["strains"] == "None beyond the headache."


def test_the_same_number_on_a_second_referral_links_the_same_patient(cast: Cast) -> None:
    first = draft(cast, complete(cast))
    frank(cast).post(f"/henvisning/{first.pk}/send/", complete(cast))
    second = draft(cast, complete(cast, patient_name="Hanne K. Moe"))
    frank(cast).post(f"/henvisning/{second.pk}/send/", {})
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == Status.RECEIVED
    assert first.patient_id == second.patient_id
    assert Patient.objects.filter(national_id=HANNE).count() == 1


def test_a_referral_missing_essential_items_is_refused_with_the_items_named(
    cast: Cast,
) -> None:
    data = form_data(cast, "work", "social", patient_name="")
    referral = draft(cast, data)
    response = frank(cast).post(f"/henvisning/{referral.pk}/send/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The referral was not sent. This is needed first:" in html
    for item in ("Reason: what is asked for", "Earlier and ongoing diagnoses",
                 "Symptoms: type, duration, triggers",
                 "Medication: which, dose, effect, side effects", "Patient&#x27;s full name"):
        assert item in html, item
    referral.refresh_from_db()
    assert referral.is_draft and referral.patient is None
    assert not Event.objects.exists()


def test_a_sent_referral_can_no_longer_be_changed(cast: Cast) -> None:
    referral = draft(cast, complete(cast))
    client = frank(cast)
    client.post(f"/henvisning/{referral.pk}/send/", {})
    assert client.post(f"/henvisning/{referral.pk}/", complete(cast, reason="x")).status_code == 403
    assert client.post(f"/henvisning/{referral.pk}/send/", {}).status_code == 403
    referral.refresh_from_db()
    assert referral.content["reason"].startswith("Assess")


def test_the_status_page_shows_the_decision_and_deadline(cast: Cast) -> None:
    referral = draft(cast, complete(cast))
    frank(cast).post(f"/henvisning/{referral.pk}/send/", {})
    referral.refresh_from_db()
    deadline = referral.received_on.replace(year=referral.received_on.year + 1)  # type: ignore[union-attr]
    services.decide(user=cast.carol, referral=referral, decision="accept",
                    reason="Right to specialist care: failed treatment.", deadline=deadline)
    html = frank(cast).get(f"/henvisning/{referral.pk}/").content.decode()
    assert "Accepted" in html and "Right to specialist care: failed treatment." in html
    assert deadline.strftime("%Y") in html
    listing = frank(cast).get("/henvisning/").content.decode()
    assert "Hanne Moe" in listing and "Accepted" in listing


def test_answering_the_clinics_question_puts_the_referral_back_to_received(cast: Cast) -> None:
    referral = draft(cast, complete(cast))
    client = frank(cast)
    client.post(f"/henvisning/{referral.pk}/send/", {})
    referral.refresh_from_db()
    services.decide(user=cast.carol, referral=referral, decision="return",
                    reason="Has she tried candesartan?")
    page = client.get(f"/henvisning/{referral.pk}/").content.decode()
    assert "The clinic asks" in page and "Has she tried candesartan?" in page
    empty = client.post(f"/henvisning/{referral.pk}/svar/", {"text": " "})
    assert empty.status_code == 200 and "Write the answer." in empty.content.decode()
    response = client.post(f"/henvisning/{referral.pk}/svar/",
                           {"text": "Yes, 16 mg for 3 months, no effect."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED
    answer = Event.objects.get(referral=referral, kind="answer")
    assert answer.text == "Yes, 16 mg for 3 months, no effect." and answer.by == cast.frank
    # Answered once: the form is gone, and a second answer is refused.
    assert "The clinic asks" not in client.get(f"/henvisning/{referral.pk}/").content.decode()
    assert client.post(f"/henvisning/{referral.pk}/svar/", {"text": "more"}).status_code == 403


def test_the_list_shows_drafts_and_sent_referrals_with_their_status(cast: Cast) -> None:
    sent = draft(cast, complete(cast))
    frank(cast).post(f"/henvisning/{sent.pk}/send/", {})
    draft(cast, form_data(cast, patient_name="Per Hansen"))
    html = frank(cast).get("/henvisning/").content.decode()
    assert "Per Hansen" in html and "Draft" in html and "Received" in html
    assert 'href="/henvisning/ny/"' in html
    assert Referral.objects.count() == 2


def test_a_background_request_never_sends(cast: Cast) -> None:
    referral = draft(cast, complete(cast))
    response = frank(cast).post(f"/henvisning/{referral.pk}/send/", {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.is_draft
