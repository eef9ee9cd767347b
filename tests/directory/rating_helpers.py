"""Set-up the rating and moderation tests share (no tests here): clinic A's listing, a filled-in
rating form with an aged anti-spam stamp, ratings written straight to the database, and a
fresh aggregate to compare the listing's denormalised figures with."""

from __future__ import annotations

import time
from typing import Any

from django.core import signing
from django.db.models import Avg, Count

from bontrack.accounts.models import Clinic
from bontrack.directory import antispam
from bontrack.directory.models import Listing, Rating
from tests.directory.factories import make_listing, make_offering

GOOD_TEXT = "Grundig forklaring av behandlingen og kort ventetid. Jeg kommer gjerne tilbake."


def aged_stamp(seconds: int = 30) -> str:
    """A form stamp as if the form had been shown `seconds` ago (a person takes that long)."""
    return signing.TimestampSigner(salt=antispam._SALT).sign(str(int(time.time()) - seconds))


def clinic_listing(clinic: Clinic, **overrides: Any) -> Listing:
    """The clinic's listing (one per clinic)."""
    found = Listing.objects.filter(clinic=clinic).first()
    if found is not None:
        return found
    fields: dict[str, Any] = {"name": f"{clinic.name} hodepinesenter", "clinic": clinic,
                              "slug": f"{clinic.slug}-hodepinesenter"}
    fields.update(overrides)
    listing = make_listing(**fields)
    make_offering(listing)
    return listing


def rating_data(**overrides: str) -> dict[str, str]:
    data = {
        "stars": "4",
        "text": GOOD_TEXT,
        "display_name": "",
        "email": "",
        antispam.HONEYPOT_FIELD: "",
        antispam.STAMP_FIELD: aged_stamp(),
    }
    data.update(overrides)
    return data


def report_data(**overrides: str) -> dict[str, str]:
    data = {
        "reason": "Teksten handler om en annen klinikk.",
        antispam.HONEYPOT_FIELD: "",
        antispam.STAMP_FIELD: aged_stamp(),
    }
    data.update(overrides)
    return data


def make_rating(listing: Listing, **overrides: Any) -> Rating:
    """A rating written straight to the database (published unless told), for set-up."""
    fields: dict[str, Any] = {"listing": listing, "stars": 4, "text": GOOD_TEXT,
                              "status": Rating.Status.PUBLISHED}
    fields.update(overrides)
    return Rating.objects.create(**fields)


def fresh_aggregate(listing: Listing) -> tuple[int, float | None]:
    """Count and mean of the listing's published ratings, counted now."""
    found = Rating.objects.filter(listing=listing, status=Rating.Status.PUBLISHED).aggregate(
        n=Count("id"), mean=Avg("stars")
    )
    return found["n"], (float(found["mean"]) if found["n"] else None)
