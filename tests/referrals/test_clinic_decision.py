"""The clinician's decision on a referral: each outcome, its reason, and its deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from bontrack.referrals import services
from bontrack.referrals.models import Event, Referral, Status
from tests.matrix.referrals_clinic import sent_referral
from tests.personas import Cast, login

INBOX = "/klinikk/henvisninger/"
OSLO = timezone.get_default_timezone()


def _decide(client: Client, referral: Referral, **data: str) -> tuple[int, Referral]:
    response = client.post(f"{INBOX}{referral.pk}/vurdering/", data)
    referral.refresh_from_db()
    return response.status_code, referral


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("decision", "status", "right", "kind"),
    [
        ("accept", Status.ACCEPTED, True, Event.Kind.STATUS),
        ("no_right", Status.NO_RIGHT, False, Event.Kind.STATUS),
        ("return", Status.RETURNED, None, Event.Kind.QUESTION),
        ("decline", Status.DECLINED, None, Event.Kind.STATUS),
        ("forward", Status.FORWARDED, None, Event.Kind.STATUS),
    ],
)
def test_each_decision_sets_its_status_and_records_an_event(
    cast: Cast, decision: str, status: str, right: bool | None, kind: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    referral = sent_referral(cast)
    client = login(Client(), cast.carol)
    client.get(f"{INBOX}{referral.pk}/")
    deadline = services.triage(referral).deadline
    assert deadline is not None
    with django_capture_on_commit_callbacks(execute=True):
        code, referral = _decide(
            client, referral, decision=decision, reason="Begrunnelse for vurderingen.",
            deadline=deadline.isoformat(), forward_to=str(cast.clinic_b.pk),
        )
    assert code == 302
    assert referral.status == status
    assert referral.right is right
    assert referral.decided_by == cast.carol
    assert referral.decision_reason == "Begrunnelse for vurderingen."
    assert referral.deadline == (deadline if decision == "accept" else None)
    assert referral.forwarded_to == (cast.clinic_b if decision == "forward" else None)
    event = referral.events.last()
    assert event is not None and event.kind == kind and event.status == status
    assert event.text == "Begrunnelse for vurderingen."
    assert event.data["rules"] == "no-prioritering-nevrologi-2026"
    # The referrer is told, without health data.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["frank@example.org"]
    assert "Kari" not in mail.outbox[0].body


@pytest.mark.django_db
def test_a_decision_without_a_reason_is_refused(cast: Cast) -> None:
    referral = sent_referral(cast)
    code, referral = _decide(login(Client(), cast.dave), referral, decision="decline",
                             reason="   ")
    assert code == 400
    assert referral.status == Status.RECEIVED
    assert not referral.events.filter(status=Status.DECLINED).exists()


@pytest.mark.django_db
def test_the_refusal_says_what_is_missing_in_norwegian(cast: Cast) -> None:
    referral = sent_referral(cast)
    response = login(Client(), cast.dave).post(
        f"{INBOX}{referral.pk}/vurdering/", {"decision": "accept", "reason": ""}
    )
    page = response.content.decode()
    assert "Ingenting ble lagret" in page
    assert "oppgi begrunnelsen" in page
    assert "en akseptert henvisning trenger en frist" in page


@pytest.mark.django_db
def test_accepting_needs_a_deadline(cast: Cast) -> None:
    referral = sent_referral(cast)
    code, referral = _decide(login(Client(), cast.carol), referral, decision="accept",
                             reason="Rett.", deadline="")
    assert code == 400
    assert referral.status == Status.RECEIVED and referral.deadline is None


@pytest.mark.django_db
def test_forwarding_needs_another_clinic(cast: Cast) -> None:
    referral = sent_referral(cast)
    code, referral = _decide(login(Client(), cast.carol), referral, decision="forward",
                             reason="Nærmere bosted.")
    assert code == 400
    assert referral.status == Status.RECEIVED
    # The clinic itself is not among the choices.
    code, referral = _decide(login(Client(), cast.carol), referral, decision="forward",
                             reason="Nærmere bosted.", forward_to=str(cast.clinic_a.pk))
    assert code == 400 and referral.status == Status.RECEIVED


@pytest.mark.django_db
def test_a_decided_referral_cannot_be_decided_again(cast: Cast) -> None:
    referral = sent_referral(cast)
    client = login(Client(), cast.carol)
    _decide(client, referral, decision="decline", reason="Feil klinikk.")
    code, referral = _decide(client, referral, decision="no_right", reason="Likevel ikke.")
    assert code == 400
    assert referral.status == Status.DECLINED
    page = client.get(f"{INBOX}{referral.pk}/").content.decode()
    assert "Feil klinikk." in page and 'name="decision"' not in page


@pytest.mark.django_db
def test_another_clinic_cannot_decide(cast: Cast) -> None:
    referral = sent_referral(cast)
    code, referral = _decide(login(Client(), cast.erin), referral, decision="decline",
                             reason="Ikke vår.")
    assert code == 404 and referral.status == Status.RECEIVED
    code, referral = _decide(login(Client(), cast.ola), referral, decision="decline",
                             reason="Ikke vår.")
    assert code == 403 and referral.status == Status.RECEIVED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        # Across the end of summer time (25 October 2026) and the year end.
        (dt.date(2026, 10, 20), dt.date(2027, 1, 12)),
        # Across the year end and into the start of summer time's month.
        (dt.date(2026, 12, 10), dt.date(2027, 3, 4)),
        # Across the start of summer time (29 March 2026).
        (dt.date(2026, 3, 1), dt.date(2026, 5, 24)),
    ],
)
def test_the_deadline_is_84_calendar_days_whatever_the_clock_does(
    cast: Cast, received: dt.date, deadline: dt.date
) -> None:
    # Late in the evening, Oslo time: the UTC date is the same, but the referral is received
    # on the Oslo date however the clock is set.
    sent = dt.datetime(received.year, received.month, received.day, 23, 30, tzinfo=OSLO)
    referral = sent_referral(cast, sent_at=sent)
    assert referral.received_on == received
    suggestion = services.triage(referral)
    assert suggestion.deadline == deadline
    client = login(Client(), cast.carol)
    page = client.get(f"{INBOX}{referral.pk}/").content.decode()
    assert f'value="{deadline.isoformat()}"' in page
    assert deadline.strftime("%d.%m.%Y") in page
    code, referral = _decide(client, referral, decision="accept", reason="Rett.",
                             deadline=deadline.isoformat())
    assert code == 302 and referral.deadline == deadline
    rows = services.waiting_list(user=cast.carol, today=received)
    assert rows[0].days_left == 84


@pytest.mark.django_db
def test_the_clinician_may_set_another_deadline_than_suggested(cast: Cast) -> None:
    referral = sent_referral(cast)
    earlier = referral.received_on + dt.timedelta(days=30)  # type: ignore[operator]
    code, referral = _decide(login(Client(), cast.dave), referral, decision="accept",
                             reason="Raskere på grunn av aura.", deadline=earlier.isoformat())
    assert code == 302 and referral.deadline == earlier
    assert referral.events.last().data["suggested_deadline"] != earlier.isoformat()  # type: ignore[union-attr]
