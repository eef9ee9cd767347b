"""A physician's speciality on their clinic membership: its values, the admin and the demo."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from bontrack.accounts import demo
from bontrack.accounts.models import Membership, Role, Speciality
from bontrack.clinical.eligibility import ROLES
from tests.personas import Cast, login


def test_the_specialities_are_the_clinical_cores_applicant_roles() -> None:
    assert set(Speciality.values) == set(ROLES)


@pytest.mark.django_db
def test_a_speciality_may_be_left_blank(cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.dave)
    assert membership.speciality == ""
    membership.full_clean()


@pytest.mark.django_db
def test_only_a_physician_has_a_speciality(cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.carol)
    membership.speciality = Speciality.NEUROLOGIST
    with translation.override("en"), pytest.raises(ValidationError, match="Only a physician"):
        membership.full_clean()


@pytest.mark.django_db
def test_the_platform_admin_sets_a_physicians_speciality_in_the_admin(cast: Cast) -> None:
    membership = Membership.objects.get(user=cast.dave)
    client = login(Client(), cast.pat)
    url = f"/admin/accounts/membership/{membership.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "user": cast.dave.pk, "clinic": cast.clinic_a.pk, "role": Role.PHYSICIAN,
        "speciality": "anaesthesiologist",
    })
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.speciality == "anaesthesiologist"


@pytest.mark.django_db
def test_clinic_staff_cannot_reach_the_membership_admin(cast: Cast) -> None:
    response = login(Client(), cast.ola).get("/admin/accounts/membership/")
    assert response.status_code == 302  # sent to log in as a platform admin


@pytest.mark.django_db
def test_demo_physicians_are_neurologists(settings: object) -> None:
    settings.DEMO_MODE = True  # type: ignore[attr-defined]
    demo.load()
    demo.load()  # idempotent
    physicians = Membership.objects.filter(role=Role.PHYSICIAN)
    assert physicians.count() == 2
    assert set(physicians.values_list("speciality", flat=True)) == {"neurologist"}
    assert set(Membership.objects.exclude(role=Role.PHYSICIAN)
               .values_list("speciality", flat=True)) == {""}
