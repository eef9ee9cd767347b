"""One appointment as an iCalendar file (RFC 5545), written by hand: it is short and exact.

The event says only where and when ("Time ved <clinic>"): a calendar is often shared or
synced to other services, so it holds no health details and not the kind of visit.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from bontrack.treatments.models import Appointment

CRLF = "\r\n"
MAX_OCTETS = 75
PRODID = "-//bontrack//calendar//EN"


def escape_text(value: str) -> str:
    """A TEXT value with backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            # A continuation line starts with one space, which counts towards its 75 octets.
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC form, e.g. 20261126T083000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid_for(appointment: Appointment) -> str:
    """A stable, globally unique id: the same appointment always updates the same event."""
    host = urlsplit(settings.BONTRACK_BASE_URL).hostname or "bontrack.invalid"
    return f"appointment-{appointment.pk}@{host}"


def summary_for(appointment: Appointment, language: str | None = None) -> str:
    with translation.override(language or translation.get_language() or "nb"):
        return gettext("Appointment at %(clinic)s") % {"clinic": appointment.clinic.name}


def appointment_ics(
    appointment: Appointment, *, language: str | None = None, now: datetime | None = None
) -> str:
    """The iCalendar text for one appointment, CRLF line endings, folded lines."""
    cancelled = appointment.state == Appointment.State.CANCELLED
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid_for(appointment)}",
        f"DTSTAMP:{utc_stamp(now or timezone.now())}",
        f"DTSTART:{utc_stamp(appointment.starts_at)}",
        f"DTEND:{utc_stamp(appointment.ends_at)}",
        f"SUMMARY:{escape_text(summary_for(appointment, language))}",
        f"LOCATION:{escape_text(appointment.clinic.name)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        # A cancelled event must outrank the booked one it replaces in the patient's calendar.
        f"SEQUENCE:{1 if cancelled else 0}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + CRLF for line in lines)


def ics_filename(appointment: Appointment) -> str:
    local = timezone.localtime(appointment.starts_at)
    return f"time-{local:%Y-%m-%d-%H%M}.ics"
