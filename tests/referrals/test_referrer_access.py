"""Who sees a referral on the referrer's pages: its own referrer, nobody else."""

from __future__ import annotations

import pytest
from django.test import Client

from bontrack.accounts.models import ReferrerKind, ReferrerProfile, User
from bontrack.referrals.models import Referral
from tests.personas import PASSWORD, Cast, login
from tests.referrals.test_referrer_form import complete, draft, form_data

pytestmark = pytest.mark.django_db


def _gina() -> User:
    """Another GP, at another practice."""
    gina = User.objects.create_user(email="gina@example.org", password=PASSWORD,
                                    full_name="Gina Lege")
    ReferrerProfile.objects.create(user=gina, kind=ReferrerKind.GP, hpr_number="7654321",
                                   practice_name="Gina's practice")
    return gina


def test_only_the_referrer_sees_their_drafts(cast: Cast) -> None:
    referral = draft(cast, form_data(cast, "request"))
    gina = login(Client(), _gina())
    assert "Hanne Moe" not in gina.get("/henvisning/").content.decode()
    assert gina.get(f"/henvisning/{referral.pk}/").status_code == 404
    assert gina.post(f"/henvisning/{referral.pk}/", complete(cast)).status_code == 404
    assert gina.post(f"/henvisning/{referral.pk}/fullstendighet/", {}).status_code == 404
    assert gina.post(f"/henvisning/{referral.pk}/send/", {}).status_code == 404
    referral.refresh_from_db()
    assert referral.is_draft and not referral.content.get("strains")


def test_clinic_staff_and_patients_have_no_referrer_pages(cast: Cast) -> None:
    referral = draft(cast, form_data(cast))
    for user in (cast.carol, cast.dave, cast.alice, cast.pat):
        client = login(Client(), user)
        assert client.get("/henvisning/").status_code == 403
        assert client.get(f"/henvisning/{referral.pk}/").status_code == 403


def test_a_draft_cannot_be_created_by_anyone_but_a_referrer(cast: Cast) -> None:
    assert login(Client(), cast.carol).post("/henvisning/ny/", form_data(cast)).status_code == 403
    response = Client().post("/henvisning/ny/", form_data(cast))
    assert response.status_code == 302 and response.url.startswith("/logg-inn/")
    assert not Referral.objects.exists()
