"""The letter to the patient: the right, the deadline and what happens next, in their language."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from bontrack.referrals import services
from tests.matrix.referrals_clinic import accepted_referral, sent_referral
from tests.personas import Cast, login

INBOX = "/klinikk/henvisninger/"


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                            text=True)
    return " ".join(result.stdout.split())


@pytest.mark.django_db
def test_the_letter_states_the_right_and_the_deadline_in_norwegian(
    cast: Cast, tmp_path: Path
) -> None:
    referral = accepted_referral(cast)
    response = login(Client(), cast.carol).get(f"{INBOX}{referral.pk}/brev.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store, private"
    text = _text(response.content, tmp_path)
    deadline = referral.deadline
    assert deadline is not None
    months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
              "september", "oktober", "november", "desember"]
    assert f"{deadline.day}. {months[deadline.month - 1]} {deadline.year}" in text
    assert "Kari Nordmann" in text
    assert "rett til nødvendig helsehjelp" in text
    assert "fristbrudd" in text and "Helfo" in text
    assert "hodepinedagbok" in text
    assert "Clinic A" in text


@pytest.mark.django_db
def test_the_letter_is_in_english_for_a_patient_with_language_en(
    cast: Cast, tmp_path: Path
) -> None:
    referral = accepted_referral(cast, language="en")
    # The clinician's own language does not matter: the letter follows the patient's.
    response = login(Client(), cast.carol).get(f"{INBOX}{referral.pk}/brev.pdf")
    text = _text(response.content, tmp_path)
    deadline = referral.deadline
    assert deadline is not None
    assert f"{deadline.day} {deadline.strftime('%B')} {deadline.year}" in text
    assert "You have the right to necessary specialist care" in text
    assert "Helfo" in text and "headache diary" in text
    assert "rett til" not in text


@pytest.mark.django_db
def test_the_letter_mentions_a_booked_appointment(cast: Cast, tmp_path: Path) -> None:
    referral = accepted_referral(cast, language="en")
    services.book_first_appointment(user=cast.carol, referral=referral, on=dt.date(2030, 2, 3))
    response = login(Client(), cast.dave).get(f"{INBOX}{referral.pk}/brev.pdf")
    assert "first appointment is on 3 February 2030" in _text(response.content, tmp_path)


@pytest.mark.django_db
def test_a_letter_without_a_right_says_so_and_what_happens_next(
    cast: Cast, tmp_path: Path
) -> None:
    referral = sent_referral(cast, language="en")
    services.decide(user=cast.dave, referral=referral, decision="no_right",
                    reason="Uncomplicated migraine; your GP follows you up.")
    response = login(Client(), cast.carol).get(f"{INBOX}{referral.pk}/brev.pdf")
    text = _text(response.content, tmp_path)
    assert "You do not have the right to specialist care" in text
    assert "Uncomplicated migraine; your GP follows you up." in text


@pytest.mark.django_db
@pytest.mark.parametrize("decision", [None, "return", "decline"])
def test_only_a_decided_right_has_a_letter(cast: Cast, decision: str | None) -> None:
    referral = sent_referral(cast)
    if decision:
        services.decide(user=cast.carol, referral=referral, decision=decision, reason="Hvorfor.")
    response = login(Client(), cast.carol).get(f"{INBOX}{referral.pk}/brev.pdf")
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_letter_is_not_for_another_clinic(cast: Cast) -> None:
    referral = accepted_referral(cast)
    assert login(Client(), cast.erin).get(f"{INBOX}{referral.pk}/brev.pdf").status_code == 404
    assert login(Client(), cast.ola).get(f"{INBOX}{referral.pk}/brev.pdf").status_code == 403
