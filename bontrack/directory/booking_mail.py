"""The e-mails about a booking request: the requester's receipt and status updates, in their
language, and the clinic's nudge that a request waits.

None of them repeats anything the requester typed (a message may hold health details, and a
name or a time field may carry someone's spam to a stranger's address); they point to the
status page or the inbox instead. A mail server that is down never undoes a request.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from bontrack.accounts.models import Membership, Role
from bontrack.directory.models import BookingRequest

log = logging.getLogger(__name__)


def status_url(booking: BookingRequest) -> str:
    """The requester's own page for the request, as an absolute link."""
    path = reverse("directory:booking_status", kwargs={"token": booking.token})
    return f"{settings.BONTRACK_BASE_URL}{path}"


def inbox_url() -> str:
    return f"{settings.BONTRACK_BASE_URL}{reverse('workspace:bookings:inbox')}"


def _send(template: str, context: dict[str, object], to: list[str], language: str) -> bool:
    with translation.override(language):
        subject = render_to_string(f"directory/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"directory/email/{template}.txt", context)
    return bool(send_mail(" ".join(subject.split()), body, None, to))


def _requester_context(booking: BookingRequest) -> dict[str, object]:
    listing = booking.listing
    context: dict[str, object] = {
        "booking": booking,
        "clinic": listing.name,
        "clinic_phone": listing.phone,
        "sent_on": timezone.localtime(booking.created_at),
        "link": status_url(booking),
    }
    appointment = booking.appointment
    if appointment is not None:
        context["starts_at"] = timezone.localtime(appointment.starts_at)
        context["address"] = (
            f"{listing.street_address}, {listing.postcode.code} {listing.postcode.place}"
        )
        context["where_to_meet"] = listing.where_to_meet
    return context


def send_receipt(booking: BookingRequest) -> bool:
    """The requester's receipt: what they asked, that it is not an appointment yet, the link."""
    try:
        return _send("booking_receipt", _requester_context(booking), [booking.email],
                     booking.language)
    except Exception:  # the request stands even when the mail server is down
        log.exception("receipt for booking request %s failed", booking.pk)
        return False


def clinic_addresses(booking: BookingRequest) -> list[str]:
    """The listing's e-mail, or else the coordinators' and clinic admins' own addresses."""
    if booking.listing.email:
        return [booking.listing.email]
    if booking.listing.clinic_id is None:
        return []
    members = Membership.objects.filter(
        clinic_id=booking.listing.clinic_id,
        role__in=[Role.COORDINATOR, Role.CLINIC_ADMIN],
        user__is_active=True,
    ).values_list("user__email", flat=True)
    return sorted(set(members))


def notify_clinic(booking: BookingRequest) -> bool:
    """Tell the clinic a request waits, with the inbox link and no personal details."""
    to = clinic_addresses(booking)
    if not to:
        return False
    try:
        return _send("booking_clinic", {"clinic": booking.listing.name, "link": inbox_url()},
                     to, settings.LANGUAGE_CODE)
    except Exception:
        log.exception("clinic notice for booking request %s failed", booking.pk)
        return False


def send_status(booking: BookingRequest) -> bool:
    """Tell the requester that the request was accepted, declined or withdrawn."""
    try:
        return _send("booking_status", _requester_context(booking), [booking.email],
                     booking.language)
    except Exception:
        log.exception("status e-mail for booking request %s failed", booking.pk)
        return False
