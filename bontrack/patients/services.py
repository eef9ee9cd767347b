"""Patient-record services: the patient's insight into who looked at their record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bontrack.accounts.models import AuditEvent, BreakGlassAccess
from bontrack.patients.models import Patient

# Actions shown to the patient, in their words; the raw action names stay in the log.
VISIBLE_ACTIONS = {"read", "search", "break_glass", "export", "update", "create"}


@dataclass(frozen=True)
class AccessLogEntry:
    at: datetime
    who: str
    role: str
    clinic: str
    action: str
    reason: str
    emergency: bool


def access_log_for_patient(*, patient: Patient, limit: int = 500) -> list[AccessLogEntry]:
    """Everyone other than the patient who has opened or searched for this record."""
    emergency_users = set(
        BreakGlassAccess.objects.filter(patient=patient).values_list("user_id", flat=True)
    )
    events = (
        AuditEvent.objects.filter(patient=patient, action__in=VISIBLE_ACTIONS)
        .exclude(actor_id=patient.user_id)
        .select_related("actor", "clinic")
        .order_by("-seq")[:limit]
    )
    return [
        AccessLogEntry(
            at=event.at,
            who=str(event.actor) if event.actor else "bontrack",
            role=event.role,
            clinic=event.clinic.name if event.clinic else "",
            action=event.action,
            reason=event.reason,
            emergency=event.action == "break_glass"
            or (event.reason == "break-glass" and event.actor_id in emergency_users),
        )
        for event in events
    ]
