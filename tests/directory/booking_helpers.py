"""Set-up the booking-request tests share (no tests here): a listing linked to a bontrack
clinic, a filled-in request form with an aged anti-spam stamp, a stored request."""

from __future__ import annotations

import time
from typing import Any

from django.core import signing

from bontrack.accounts.models import Clinic
from bontrack.directory import antispam
from bontrack.directory.models import BookingRequest, Listing, Treatment
from tests.directory.factories import make_listing, make_offering

# Words a requester might write about their health: none of them may reach an e-mail.
HEALTH_MESSAGE = "Jeg har hatt migrene med aura 18 dager i måneden og bruker sumatriptan."


def aged_stamp(seconds: int = 30) -> str:
    """A form stamp as if the form had been shown `seconds` ago (a person takes that long)."""
    signer = signing.TimestampSigner(salt=antispam._SALT)
    return signer.sign(str(int(time.time()) - seconds))


def linked_listing(clinic: Clinic, **overrides: Any) -> Listing:
    """The clinic's listing (one per clinic), offering chronic-migraine treatment."""
    found = Listing.objects.filter(clinic=clinic).first()
    if found is not None:
        return found
    fields: dict[str, Any] = {"name": f"{clinic.name} hodepinepoliklinikk", "clinic": clinic,
                              "email": f"post@{clinic.slug}.example", "phone": "22 33 44 55",
                              "where_to_meet": "Bygg 2, 3. etasje"}
    fields.update(overrides)
    listing = make_listing(**fields)
    make_offering(listing)
    return listing


def request_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Kari Nordmann",
        "email": "kari@example.org",
        "phone": "912 34 567",
        "treatment": Treatment.CHRONIC_MIGRAINE,
        "preferred_times": "Tirsdager før lunsj",
        "has_referral": "yes",
        "message": HEALTH_MESSAGE,
        "consent": "on",
        antispam.HONEYPOT_FIELD: "",
        antispam.STAMP_FIELD: aged_stamp(),
    }
    data.update(overrides)
    return data


def make_booking(listing: Listing, **overrides: Any) -> BookingRequest:
    """A new request written straight to the database (no checks), for set-up."""
    fields: dict[str, Any] = {
        "listing": listing, "treatment": Treatment.CHRONIC_MIGRAINE, "name": "Kari Nordmann",
        "email": "kari@example.org", "phone": "91234567", "has_referral": "yes",
        "message": HEALTH_MESSAGE, "preferred_times": "Tirsdager",
    }
    fields.update(overrides)
    return BookingRequest.objects.create(**fields)
