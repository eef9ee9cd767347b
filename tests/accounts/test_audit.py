from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from bontrack.accounts import audit
from bontrack.accounts.models import AuditEvent
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db


def _table() -> str:
    return connection.ops.quote_name(AuditEvent._meta.db_table)


def _write_three(cast: Cast) -> list[AuditEvent]:
    return [
        audit.record(
            actor=cast.dave,
            action="read",
            obj=cast.alice_patient,
            patient=cast.alice_patient,
            clinic=cast.clinic_a,
        )
        for _ in range(3)
    ]


def test_reading_a_patient_writes_an_audit_row_with_who_what_and_where(
    client: Client, cast: Cast
) -> None:
    login(client, cast.dave)
    response = client.get(
        f"/klinikk/pasienter/{cast.alice_patient.pk}/",
        REMOTE_ADDR="10.1.2.3",
        HTTP_X_REQUEST_ID="req-12345678",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="read", patient=cast.alice_patient)
    assert event.actor == cast.dave
    assert event.role == "physician"
    assert event.clinic == cast.clinic_a
    assert event.ip == "10.1.2.3"
    assert event.request_id == "req-12345678"
    assert response["X-Request-ID"] == "req-12345678"


def test_a_denied_request_reads_nothing_and_writes_no_read_row(client: Client, cast: Cast) -> None:
    login(client, cast.erin)
    assert client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="read", patient=cast.alice_patient).exists()


def test_the_patient_reading_their_own_record_is_audited(client: Client, cast: Cast) -> None:
    login(client, cast.alice)
    client.get("/portal/")
    assert AuditEvent.objects.filter(actor=cast.alice, patient=cast.alice_patient).exists()


def test_an_untouched_chain_verifies(cast: Cast) -> None:
    _write_three(cast)
    result = audit.verify()
    assert result.ok and result.checked == 3


def test_verify_names_an_edited_row(cast: Cast) -> None:
    events = _write_three(cast)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET action = 'nothing' WHERE seq = %s", [events[1].seq])
    result = audit.verify()
    assert not result.ok
    assert result.first_bad_seq == events[1].seq
    assert "altered" in result.problem


def test_verify_names_the_gap_left_by_a_deleted_row(cast: Cast) -> None:
    events = _write_three(cast)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()} WHERE seq = %s", [events[1].seq])
    result = audit.verify()
    assert not result.ok
    assert result.first_bad_seq == events[1].seq


def test_verify_notices_the_last_row_removed(cast: Cast) -> None:
    events = _write_three(cast)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()} WHERE seq = %s", [events[2].seq])
    assert not audit.verify().ok


def test_audit_verify_command_reports_the_first_bad_row(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _write_three(cast)
    call_command("audit", "verify")
    assert "intact: 3 rows" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET reason = 'x' WHERE seq = %s", [events[0].seq])
    with pytest.raises(CommandError, match=f"broken at row {events[0].seq}"):
        call_command("audit", "verify")


def test_audit_rows_cannot_be_changed_or_deleted_through_the_application(cast: Cast) -> None:
    event = _write_three(cast)[0]
    event.reason = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
