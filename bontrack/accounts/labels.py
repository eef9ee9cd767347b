"""Words for the codes stored in audit rows, for people reading the log."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ROLE_LABELS: dict[str, Promise] = {
    "physician": _("Physician"),
    "coordinator": _("Coordinator"),
    "clinic_admin": _("Clinic administrator"),
    "patient": _("Patient"),
    "referrer": _("Referrer"),
    "platform_admin": _("Platform administrator"),
    "system": _("bontrack (automatic)"),
    "user": _("User"),
    "anonymous": _("Not logged in"),
}

ACTION_LABELS: dict[str, Promise] = {
    "read": _("Opened the record"),
    "read_diary": _("Read the diary"),
    "read_chart": _("Viewed a chart"),
    "read_access_log": _("Read the access log"),
    "write": _("Opened the record to change it"),
    "search": _("Searched for the patient"),
    "list": _("Listed patients"),
    "create": _("Added information"),
    "update": _("Changed information"),
    "export": _("Downloaded data"),
    "break_glass": _("Emergency access"),
    "erasure_request": _("Asked for erasure"),
    "erase": _("Erased identity"),
    "audit_search": _("Searched the audit log"),
}

REASON_LABELS: dict[str, Promise] = {
    "break-glass": _("Emergency access"),
    "not found in own clinics": _("Not found at own clinics"),
    "diary CSV": _("Diary file (CSV)"),
}


def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def reason_label(text: str) -> str:
    return str(REASON_LABELS.get(text, text))
