"""The audit log: append a row for every access to patient data; verify the hash chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import transaction
from django.utils import timezone

from bontrack.accounts import context, roles
from bontrack.accounts.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> str:
    at = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    fields = [
        event.seq,
        at,
        event.actor_id,
        event.role,
        event.action,
        event.object_type,
        event.object_id,
        event.patient_id,
        event.clinic_id,
        event.ip or "",
        event.request_id,
        event.reason,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def compute_hash(event: AuditEvent, prev_hash: str) -> str:
    return hashlib.sha256((prev_hash + _canonical(event)).encode("utf-8")).hexdigest()


def record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    patient: Any = None,
    clinic: Any = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit row in the caller's transaction (or its own, if there is none)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    ctx = context.current()
    clinic_id = getattr(clinic, "pk", clinic)
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        # One writer at a time extends the chain: the head row is the lock.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor_user,
            role=roles.primary_role(actor, clinic_id) if actor_user else "system",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            patient_id=getattr(patient, "pk", patient),
            clinic_id=clinic_id,
            ip=ctx.ip,
            request_id=ctx.request_id,
            reason=reason,
            prev_hash=head.row_hash,
        )
        event.row_hash = compute_hash(event, head.row_hash)
        event.save()
        head.seq, head.row_hash = event.seq, event.row_hash
        head.save(update_fields=["seq", "row_hash"])
    return event


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def _rows() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


def verify() -> Verification:
    """Walk the chain from the first row; name the first row that does not fit."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for event in _rows():
        if event.seq != expected_seq:
            return Verification(
                False,
                checked,
                expected_seq,
                f"row {expected_seq} is missing (next row found is {event.seq})",
            )
        if event.prev_hash != prev_hash:
            return Verification(
                False,
                checked,
                event.seq,
                f"row {event.seq} does not follow row {event.seq - 1} "
                "(a row was changed or removed)",
            )
        if compute_hash(event, prev_hash) != event.row_hash:
            return Verification(False, checked, event.seq, f"row {event.seq} has been altered")
        prev_hash, expected_seq, checked = event.row_hash, expected_seq + 1, checked + 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.seq != checked or head.row_hash != prev_hash):
        return Verification(
            False,
            checked,
            checked + 1 if head.seq > checked else head.seq,
            f"the chain ends at row {checked} but the head says {head.seq} "
            "(rows removed at the end?)",
        )
    return Verification(True, checked)
