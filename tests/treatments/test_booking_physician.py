"""The booking form starts with the right physician: the physician who books, or for a
coordinator the physician of the session the booking follows. It can always be changed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.accounts.models import Membership, Role, User
from bontrack.treatments.models import Appointment, Session
from tests.personas import PASSWORD, Cast, login
from tests.treatments.test_scheduling_helpers import signed_course

pytestmark = pytest.mark.django_db
BOOK = "/klinikk/kalender/ny/"


def _second_physician(cast: Cast) -> User:
    """Dina, a second physician at clinic A, so 'who is chosen' is a real choice."""
    dina = User.objects.create_user(email="dina@example.org", password=PASSWORD,
                                    full_name="Dina Doktor")
    Membership.objects.create(user=dina, clinic=cast.clinic_a, role=Role.PHYSICIAN)
    return dina


def _treated_by(cast: Cast, physician: User) -> Session:
    course = signed_course(cast, treated_on=timezone.localdate() - dt.timedelta(days=20))
    treated = Session.objects.get(course=course)
    Session.objects.filter(pk=treated.pk).update(physician=physician, signed_by=physician)
    treated.refresh_from_db()
    return treated


def _chosen(page: str) -> str | None:
    select = re.search(r'<select name="physician".*?</select>', page, re.S)
    assert select is not None
    chosen = re.search(r'<option value="(\d+)" selected>', select.group(0))
    return chosen.group(1) if chosen else None


def _form(client: Client, query: str) -> str:
    response = client.get(f"{BOOK}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_physician_books_with_themselves_chosen(cast: Cast) -> None:
    dina = _second_physician(cast)
    _treated_by(cast, dina)
    page = _form(login(Client(), cast.dave),
                 f"pasient={cast.alice_patient.pk}&lege={dina.pk}")
    assert _chosen(page) == str(cast.dave.pk)


def test_a_coordinator_gets_the_physician_of_the_session_in_the_link(cast: Cast) -> None:
    dina = _second_physician(cast)
    _treated_by(cast, cast.dave)
    page = _form(login(Client(), cast.carol),
                 f"pasient={cast.alice_patient.pk}&type=treatment&lege={dina.pk}")
    assert _chosen(page) == str(dina.pk)


def test_a_coordinator_without_a_physician_in_the_link_gets_the_last_one_who_treated(
    cast: Cast,
) -> None:
    dina = _second_physician(cast)
    _treated_by(cast, dina)
    assert _chosen(_form(login(Client(), cast.carol), f"pasient={cast.alice_patient.pk}")) == str(
        dina.pk)


def test_a_physician_of_another_clinic_in_the_link_is_not_chosen(cast: Cast) -> None:
    _treated_by(cast, cast.dave)
    page = _form(login(Client(), cast.carol),
                 f"pasient={cast.alice_patient.pk}&lege={cast.erin.pk}")
    assert _chosen(page) == str(cast.dave.pk)  # the last one who treated her, not erin
    assert f'value="{cast.erin.pk}"' not in page


def test_a_coordinator_with_no_session_to_go_by_chooses_the_physician(cast: Cast) -> None:
    page = _form(login(Client(), cast.carol), f"pasient={cast.alice_patient.pk}&lege=abc")
    assert _chosen(page) is None


def test_the_chosen_physician_can_be_changed(cast: Cast) -> None:
    dina = _second_physician(cast)
    treated = _treated_by(cast, cast.dave)
    day = treated.performed_on + dt.timedelta(days=84)
    response = login(Client(), cast.dave).post(BOOK, {
        "patient": str(cast.alice_patient.pk), "physician": str(dina.pk), "kind": "treatment",
        "date": day.isoformat(), "time": "10:00", "minutes": "30"})
    assert response.status_code == 302
    assert Appointment.objects.get().physician == dina


def test_the_signed_session_links_to_the_booking_with_its_physician(cast: Cast) -> None:
    dina = _second_physician(cast)
    treated = _treated_by(cast, dina)
    url = f"/klinikk/pasienter/{cast.alice_patient.pk}/behandling/okt/{treated.pk}/"
    page = login(Client(), cast.carol).get(url).content.decode()
    earliest = treated.performed_on + dt.timedelta(days=84)
    assert (f"{BOOK}?pasient={cast.alice_patient.pk}&amp;dato={earliest:%Y-%m-%d}"
            f"&amp;type=treatment&amp;lege={dina.pk}") in page
