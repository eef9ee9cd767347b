"""The applicant criterion follows the physician's recorded speciality, never an assumption."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.accounts.models import Membership, Role
from bontrack.clinical.diary import Diary
from bontrack.treatments import assessment
from bontrack.treatments.models import Application
from tests.personas import Cast
from tests.treatments.test_assessment import client_for, page_url, store_diary


@pytest.fixture
def chronic(cast: Cast) -> Diary:
    today = timezone.localdate()
    return store_diary(cast.alice_patient, today - dt.timedelta(days=100), 100)


def _speciality(cast: Cast, value: str) -> None:
    Membership.objects.filter(user=cast.dave, role=Role.PHYSICIAN).update(speciality=value)


def _applicant_criterion(client: Client, cast: Cast, rules: str) -> assessment.LabelledCriterion:
    response = client.get(page_url(cast))
    assert response.status_code == 200
    panel = response.context["panel"]
    return next(c for c in panel.rule_set(rules).criteria if c.id == "applicant")


def test_a_physician_without_a_speciality_leaves_the_applicant_unknown(
    cast: Cast, chronic: Diary
) -> None:
    assert assessment.applicant_role(cast.dave, cast.alice_patient) is None
    client = client_for(cast.dave)
    criterion = _applicant_criterion(client, cast, "no-specialist-applicant")
    assert criterion.met is None
    assert "speciality is not recorded" in criterion.detail
    response = client.get(page_url(cast))
    text = response.content.decode()
    assert "your speciality is not recorded" in text
    assert "taken to be" not in text
    # The rule set without an applicant requirement does not care.
    assert _applicant_criterion(client, cast, "no-5-14-2019").met is True


def test_a_neurologist_meets_the_applicant_criterion(cast: Cast, chronic: Diary) -> None:
    _speciality(cast, "neurologist")
    assert assessment.applicant_role(cast.dave, cast.alice_patient) == "neurologist"
    client = client_for(cast.dave)
    criterion = _applicant_criterion(client, cast, "no-specialist-applicant")
    assert criterion.met is True
    assert criterion.detail == "the applicant is a neurologist"
    assert "your recorded speciality is Neurologist" in client.get(page_url(cast)).content.decode()


def test_an_anaesthesiologist_and_a_hospital_physician_may_apply_too(
    cast: Cast, chronic: Diary
) -> None:
    for value in ("anaesthesiologist", "hospital_physician"):
        _speciality(cast, value)
        criterion = _applicant_criterion(client_for(cast.dave), cast, "no-specialist-applicant")
        assert criterion.met is True, value


def test_a_general_practitioner_does_not_meet_it(cast: Cast, chronic: Diary) -> None:
    _speciality(cast, "gp")
    criterion = _applicant_criterion(client_for(cast.dave), cast, "no-specialist-applicant")
    assert criterion.met is False


def test_a_drafted_application_stores_the_unknown_applicant_with_its_reason(
    cast: Cast, chronic: Diary
) -> None:
    response = client_for(cast.dave).post(
        f"{page_url(cast)}soknad/", {"rules": "no-specialist-applicant"}
    )
    assert response.status_code == 200
    stored = Application.objects.get(patient=cast.alice_patient).criteria
    applicant = next(c for c in stored if c["id"] == "applicant")
    assert applicant["met"] is None
    assert "speciality is not recorded" in applicant["detail"]


def test_the_speciality_at_the_patients_clinic_wins(cast: Cast) -> None:
    _speciality(cast, "gp")
    Membership.objects.create(user=cast.dave, clinic=cast.clinic_b, role=Role.PHYSICIAN,
                              speciality="neurologist")
    assert assessment.applicant_role(cast.dave, cast.alice_patient) == "gp"
    assert assessment.applicant_role(cast.dave, cast.berit_patient) == "neurologist"


def test_a_coordinator_is_no_applicant_whatever_is_recorded(cast: Cast) -> None:
    assert assessment.applicant_role(cast.carol, cast.alice_patient) is None
