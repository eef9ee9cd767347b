"""The waiting list: breached and at risk on top, booking a first appointment, the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.referrals import services
from bontrack.referrals.models import Referral
from tests.matrix.referrals_clinic import accepted_referral, sent_referral
from tests.personas import Cast, login

WAITING = "/klinikk/henvisninger/venteliste/"
OSLO = timezone.get_default_timezone()


def _accepted(cast: Cast, name: str, individual: int, days_left: int, **kwargs: object) -> Referral:
    """An accepted referral whose deadline is `days_left` days from today."""
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=days_left)
    received = deadline - dt.timedelta(days=84)
    sent = dt.datetime(received.year, received.month, received.day, 9, tzinfo=OSLO)
    referral = sent_referral(cast, name=name, individual=individual, sent_at=sent,
                             **kwargs)  # type: ignore[arg-type]
    return services.decide(user=cast.carol, referral=referral, decision="accept",
                           reason="Rett.", deadline=deadline)


def _names(response_rows: list[services.WaitingRow]) -> list[str]:
    return [row.referral.patient_name for row in response_rows]


@pytest.mark.django_db
def test_it_orders_breached_then_at_risk_then_the_rest_each_by_deadline(cast: Cast) -> None:
    _accepted(cast, "Ok Senere", 101, 60)
    _accepted(cast, "Risiko Sist", 102, 14)
    _accepted(cast, "Brudd Nylig", 103, -1)
    _accepted(cast, "Ok Tidlig", 104, 15)
    _accepted(cast, "Risiko Først", 105, 3)
    _accepted(cast, "Brudd Lenge", 106, -20)
    response = login(Client(), cast.carol).get(WAITING)
    assert response.status_code == 200
    sections = {s.id: [row.referral.patient_name for row, _form in s.rows]
                for s in response.context["sections"]}
    assert sections == {
        "missed": ["Brudd Lenge", "Brudd Nylig"],
        "at_risk": ["Risiko Først", "Risiko Sist"],
        "rest": ["Ok Tidlig", "Ok Senere"],
    }
    page = response.content.decode()
    order = ["Brudd Lenge", "Brudd Nylig", "Risiko Først", "Risiko Sist", "Ok Tidlig",
             "Ok Senere"]
    assert [page.index(name) for name in order] == sorted(page.index(name) for name in order)


@pytest.mark.django_db
def test_at_risk_is_fourteen_days_or_less_without_an_appointment(cast: Cast) -> None:
    at_14 = _accepted(cast, "Fjorten", 111, 14)
    at_15 = _accepted(cast, "Femten", 112, 15)
    booked = _accepted(cast, "Booket", 113, 5)
    services.book_first_appointment(user=cast.carol, referral=booked,
                                    on=timezone.localdate() + dt.timedelta(days=3))
    states = {row.referral.pk: row.state
              for row in services.waiting_list(user=cast.carol, today=timezone.localdate())}
    assert states == {at_14.pk: "at_risk", at_15.pk: "ok", booked.pk: "met"}


@pytest.mark.django_db
def test_booking_an_appointment_takes_it_off_at_risk(cast: Cast) -> None:
    referral = _accepted(cast, "Snart Frist", 121, 7)
    client = login(Client(), cast.carol)
    before = client.get(WAITING).context["sections"]
    assert [row.referral.pk for row, _f in before[1].rows] == [referral.pk]
    on = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(f"{WAITING}?sort=received",
                           {"referral": referral.pk, "appointment_on": on.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"{WAITING}?sort=received"
    referral.refresh_from_db()
    assert referral.appointment_on == on
    after = client.get(WAITING).context["sections"]
    assert not after[1].rows
    assert [(row.referral.pk, row.state) for row, _f in after[2].rows] == [(referral.pk, "met")]


@pytest.mark.django_db
def test_an_appointment_after_the_deadline_is_still_a_breach(cast: Cast) -> None:
    referral = _accepted(cast, "For Sent", 122, 7)
    login(Client(), cast.carol).post(WAITING, {
        "referral": referral.pk,
        "appointment_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    })
    rows = services.waiting_list(user=cast.carol, today=timezone.localdate())
    assert rows[0].state == "missed"


@pytest.mark.django_db
def test_another_clinic_cannot_book(cast: Cast) -> None:
    referral = _accepted(cast, "Kari", 123, 7)
    response = login(Client(), cast.erin).post(WAITING, {
        "referral": referral.pk, "appointment_on": timezone.localdate().isoformat(),
    })
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.appointment_on is None
    assert login(Client(), cast.erin).get(WAITING).context["total"] == 0


@pytest.mark.django_db
def test_it_filters_by_state_and_complaint_and_sorts_by_received(cast: Cast) -> None:
    _accepted(cast, "Hode Risiko", 131, 10)
    _accepted(cast, "Smerte Risiko", 132, 12, complaint="complex_pain")
    _accepted(cast, "Hode Ok", 133, 40)
    client = login(Client(), cast.carol)

    def shown(query: str) -> list[str]:
        sections = client.get(f"{WAITING}?{query}").context["sections"]
        return [row.referral.patient_name for s in sections for row, _f in s.rows]

    assert shown("state=at_risk") == ["Hode Risiko", "Smerte Risiko"]
    assert shown("complaint=complex_pain") == ["Smerte Risiko"]
    assert shown("state=ok&complaint=headache") == ["Hode Ok"]
    # Received longest ago first, within each section.
    _accepted(cast, "Hode Ok Tidlig", 134, 30)
    assert shown("state=ok&sort=received") == ["Hode Ok Tidlig", "Hode Ok"]
    assert shown("state=ok&sort=deadline") == ["Hode Ok Tidlig", "Hode Ok"]


@pytest.mark.django_db
def test_the_csv_export_has_one_row_per_accepted_referral_and_no_names(cast: Cast) -> None:
    late = _accepted(cast, "Brudd Berg", 141, -3)
    fine = _accepted(cast, "Grei Grøn", 142, 50)
    sent_referral(cast, name="Ikke Akseptert", individual=143)
    response = login(Client(), cast.dave).get("/klinikk/henvisninger/venteliste.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["referral_id", "received", "deadline", "days_left", "state",
                       "appointment_on", "complaint"]
    assert [r[0] for r in rows[1:]] == [str(late.pk), str(fine.pk)]
    assert rows[1][2:5] == [late.deadline.isoformat(), "-3", "missed"]  # type: ignore[union-attr]
    assert rows[2][3:5] == ["50", "ok"]
    for secret in ("Brudd", "Berg", "Grei", "Grøn", "Ikke", late.patient_national_id):
        assert secret not in text


@pytest.mark.django_db
def test_the_waiting_list_is_for_clinic_staff_only(cast: Cast) -> None:
    accepted_referral(cast)
    for user in (cast.ola, cast.frank, cast.alice, cast.pat):
        assert login(Client(), user).get(WAITING).status_code == 403
        assert login(Client(), user).get(
            "/klinikk/henvisninger/venteliste.csv").status_code == 403
    assert Client().get(WAITING).status_code == 302
