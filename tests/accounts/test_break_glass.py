from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.accounts.models import AuditEvent, BreakGlassAccess
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db

REASON = "Unconscious in our emergency room, needs medication history now"


def test_a_physician_from_another_clinic_cannot_see_the_patient_without_break_glass(
    client: Client, cast: Cast
) -> None:
    login(client, cast.erin)
    assert client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/").status_code == 404
    found = client.post("/klinikk/pasienter/sok/", {"national_id": cast.alice_patient.national_id})
    assert found.status_code == 200
    assert 'action="/klinikk/nodtilgang/"' in found.content.decode()


def test_break_glass_needs_a_real_reason(client: Client, cast: Cast) -> None:
    login(client, cast.erin)
    response = client.post(
        "/klinikk/nodtilgang/", {"national_id": cast.alice_patient.national_id, "reason": "need"}
    )
    assert response.status_code == 200
    assert not BreakGlassAccess.objects.exists()


def test_break_glass_opens_the_record_for_two_hours_and_is_audited(
    client: Client, cast: Cast
) -> None:
    login(client, cast.erin)
    response = client.post(
        "/klinikk/nodtilgang/", {"national_id": cast.alice_patient.national_id, "reason": REASON}
    )
    assert response.status_code == 302
    grant = BreakGlassAccess.objects.get()
    assert grant.expires_at - grant.started_at == dt.timedelta(hours=2)
    assert client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="break_glass", reason=REASON, actor=cast.erin).exists()
    assert AuditEvent.objects.filter(action="read", reason="break-glass", actor=cast.erin).exists()

    BreakGlassAccess.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/").status_code == 404


def test_the_patient_sees_the_break_glass_with_its_reason(client: Client, cast: Cast) -> None:
    login(client, cast.erin)
    client.post(
        "/klinikk/nodtilgang/", {"national_id": cast.alice_patient.national_id, "reason": REASON}
    )
    client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/")
    login(client, cast.alice)
    page = client.get("/portal/innsyn/").content.decode()
    assert "Erin Lege" in page
    assert REASON in page
    assert "bt-row--emergency" in page


def test_a_coordinator_cannot_break_glass(client: Client, cast: Cast) -> None:
    login(client, cast.carol)
    response = client.post(
        "/klinikk/nodtilgang/", {"national_id": cast.berit_patient.national_id, "reason": REASON}
    )
    assert response.status_code == 403
    assert not BreakGlassAccess.objects.exists()


def test_the_patient_sees_who_read_their_record(client: Client, cast: Cast) -> None:
    login(client, cast.dave)
    client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/")
    login(client, cast.alice)
    page = client.get("/portal/innsyn/").content.decode()
    assert "Dave Doktor" in page
    assert "Clinic A" in page


def test_bob_never_sees_alices_access_log(client: Client, cast: Cast) -> None:
    login(client, cast.dave)
    client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/")
    login(client, cast.bob)
    assert "Dave Doktor" not in client.get("/portal/innsyn/").content.decode()


def test_a_search_with_an_invalid_number_says_so_and_searches_nothing(
    client: Client, cast: Cast
) -> None:
    login(client, cast.dave)
    response = client.post("/klinikk/pasienter/sok/", {"national_id": "12345678901"})
    assert response.status_code == 400
    assert (
        "check digit" in response.content.decode() or "kontrollsiffer" in response.content.decode()
    )
    assert not AuditEvent.objects.filter(action="search").exists()


def test_the_patient_sees_that_another_clinic_searched_for_them(client: Client, cast: Cast) -> None:
    login(client, cast.erin)
    client.post("/klinikk/pasienter/sok/", {"national_id": cast.alice_patient.national_id})
    login(client, cast.alice)
    page = client.get("/portal/innsyn/").content.decode()
    assert "Erin Lege" in page


def test_the_clinic_admin_sees_break_glass_to_their_patients_from_another_clinic(
    client: Client, cast: Cast
) -> None:
    login(client, cast.erin)
    client.post(
        "/klinikk/nodtilgang/", {"national_id": cast.alice_patient.national_id, "reason": REASON}
    )
    login(client, cast.ola)
    page = client.get("/klinikk/logg/", {"action": "break_glass"}).content.decode()
    assert REASON in page
