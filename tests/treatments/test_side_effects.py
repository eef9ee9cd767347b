"""The patient's side-effect report: stored for the clinic, a red flag tells them to call now."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import translation

from bontrack.accounts.models import AuditEvent
from bontrack.treatments import side_effects
from bontrack.treatments.models import SideEffectReport
from tests.matrix.treatments_portal import signed_session
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
URL = "/portal/behandling/bivirkning/"


def _post(client: Client, **fields: str | list[str]) -> HttpResponse:
    data: dict[str, str | list[str]] = {
        "onset_on": TODAY.isoformat(), "severity": "moderate", "resolved": "no"}
    data.update(fields)
    return client.post(URL, data)  # type: ignore[return-value]


def test_a_report_goes_to_the_clinic_of_the_session(cast: Cast) -> None:
    session = signed_session(cast, days_ago=5)
    client = login(Client(), cast.alice)
    response = _post(client, session=str(session.pk), kinds=["bruising", "neck_pain"])
    report = SideEffectReport.objects.get(patient=cast.alice_patient)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}{report.pk}/"
    assert report.session == session and report.clinic == cast.clinic_a
    assert report.kinds == ["bruising", "neck_pain"]
    assert report.red_flag is False and report.resolved is False
    assert AuditEvent.objects.filter(action="create", object_id=str(report.pk),
                                     object_type="treatments.sideeffectreport").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Ring lege nå" not in page
    assert "Clinic A har fått meldingen din" in page


def test_without_a_session_the_report_goes_to_the_enrolment_clinic(cast: Cast) -> None:
    _post(login(Client(), cast.bob), kinds=["headache"])
    assert SideEffectReport.objects.get(patient=cast.bob_patient).clinic == cast.clinic_a


def test_an_onset_in_the_future_is_refused_and_nothing_stored(cast: Cast) -> None:
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    response = _post(login(Client(), cast.alice), kinds=["bruising"], onset_on=tomorrow)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Hvilken dag startet det?" in text and "er fram i tid" in text
    assert not SideEffectReport.objects.exists()


def test_muscle_weakness_needs_where_and_nothing_is_stored_without_it(cast: Cast) -> None:
    response = _post(login(Client(), cast.alice), kinds=["muscle_weakness"])
    assert response.status_code == 400
    assert "Skriv hvor du kjenner svakheten" in response.content.decode()
    assert not SideEffectReport.objects.exists()


def test_no_side_effect_ticked_is_refused(cast: Cast) -> None:
    response = _post(login(Client(), cast.alice))
    assert response.status_code == 400
    assert not SideEffectReport.objects.exists()


def test_a_session_of_another_patient_is_refused(cast: Cast) -> None:
    bobs = signed_session(cast, patient="bob")
    with pytest.raises(side_effects.SideEffectInputError) as caught:
        side_effects.report_side_effect(
            patient=cast.alice_patient, by=cast.alice, kinds=["bruising"], onset_on=TODAY,
            severity="mild", resolved=True, session_id=bobs.pk,
        )
    assert "session" in caught.value.errors


@pytest.mark.parametrize("kind", sorted(side_effects.RED_FLAGS))
def test_each_red_flag_marks_the_report(cast: Cast, kind: str) -> None:
    report = side_effects.report_side_effect(
        patient=cast.alice_patient, by=cast.alice, kinds=["bruising", kind], onset_on=TODAY,
        severity="severe", resolved=False,
    )
    assert report.red_flag is True


def test_a_red_flag_shows_the_instruction_in_norwegian(cast: Cast) -> None:
    signed_session(cast, days_ago=3)
    client = login(Client(), cast.alice)
    response = _post(client, kinds=["difficulty_swallowing"])
    report = SideEffectReport.objects.get()
    assert report.red_flag is True
    page = client.get(response["Location"]).content.decode()
    assert 'role="alert" lang="nb"' in page
    assert "Ring lege nå" in page
    assert "nødnummeret <strong>113</strong>" in page
    assert "legevakten på <strong>116 117</strong>" in page
    assert "Call a doctor now" not in page


def test_a_red_flag_shows_the_instruction_in_english_to_an_english_speaking_patient(
    cast: Cast,
) -> None:
    cast.alice_patient.preferred_language = "en"
    cast.alice_patient.save()
    client = login(Client(), cast.alice)
    response = _post(client, kinds=["difficulty_breathing"])
    page = client.get(response["Location"]).content.decode()
    assert 'role="alert" lang="en"' in page
    assert "Call a doctor now" in page
    assert "emergency number <strong>113</strong>" in page
    assert "out-of-hours service (legevakt) on <strong>116 117</strong>" in page


def test_an_english_page_shows_the_instruction_in_english(cast: Cast) -> None:
    client = login(Client(), cast.alice)
    client.cookies["django_language"] = "en"
    response = _post(client, kinds=["difficulty_speaking"])
    page = client.get(response["Location"]).content.decode()
    assert "Call a doctor now" in page and "116 117" in page


def test_another_patient_cannot_read_the_report(cast: Cast) -> None:
    report = side_effects.report_side_effect(
        patient=cast.alice_patient, by=cast.alice, kinds=["bruising"], onset_on=TODAY,
        severity="mild", resolved=True,
    )
    assert login(Client(), cast.bob).get(f"{URL}{report.pk}/").status_code == 404


def test_the_description_puts_red_flags_first_and_says_where(cast: Cast) -> None:
    report = side_effects.report_side_effect(
        patient=cast.alice_patient, by=cast.alice,
        kinds=["muscle_weakness", "other", "difficulty_speaking"], where="the forehead",
        other="Dry eyes", onset_on=TODAY, severity="mild", resolved=True,
    )
    with translation.override("en"):
        described = side_effects.describe(report)
    assert described == [
        "Difficulty speaking", "Muscle weakness (the forehead)", "Something else: Dry eyes"]
