"""Where people find the directory's pages from the rest of bontrack."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.directory.booking_helpers import linked_listing
from tests.personas import Cast, login
from tests.treatments.test_scheduling_helpers import signed_course

pytestmark = pytest.mark.django_db


def test_a_treated_patient_is_invited_to_rate_the_clinic(cast: Cast) -> None:
    listing = linked_listing(cast.clinic_a)
    signed_course(cast, treated_on=timezone.localdate() - dt.timedelta(days=20))
    page = login(Client(), cast.alice).get("/portal/behandling/").content.decode()
    assert f'href="/klinikker/{listing.slug}/erfaring/ny/"' in page
    assert "Del erfaringen din med" in page


def test_a_patient_without_a_treatment_is_not_invited(cast: Cast) -> None:
    linked_listing(cast.clinic_a)
    page = login(Client(), cast.bob).get("/portal/behandling/").content.decode()
    assert "/erfaring/ny/" not in page


def test_the_clinic_admin_finds_the_experiences_from_the_workspace(cast: Cast) -> None:
    linked_listing(cast.clinic_a)
    page = login(Client(), cast.ola).get("/klinikk/").content.decode()
    assert 'href="/klinikk/erfaringer/"' in page
    assert 'href="/klinikk/profil/"' in page
