"""Small factories for directory tests: a listing and its offerings with sensible defaults.

Any helper may import these. The default postcode "0150" (Oslo) is in
bontrack/directory/data/postcodes.csv; `ensure_postcode` creates it (or any code in the small
table below) when a test runs on an emptied database (transactional tests flush the data that
migration 0002 loaded).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from bontrack.directory.models import Listing, Offering, Postcode, Treatment

# A few rows of the CSV, for tests that run after a flush.
KNOWN_POSTCODES: dict[str, tuple[str, str, str, float, float]] = {
    "0150": ("Oslo", "Oslo", "Oslo", 59.9110, 10.7490),
    "0450": ("Oslo", "Oslo", "Oslo", 59.9350, 10.7480),
    "5003": ("Bergen", "Bergen", "Vestland", 60.3960, 5.3240),
    "7030": ("Trondheim", "Trondheim", "Trøndelag", 63.4220, 10.3950),
    "9008": ("Tromsø", "Tromsø", "Troms", 69.6500, 18.9550),
    "4010": ("Stavanger", "Stavanger", "Rogaland", 58.9690, 5.7330),
    "2317": ("Hamar", "Hamar", "Innlandet", 60.7950, 11.0680),
}

_counter = itertools.count(1)


def ensure_postcode(code: str = "0150") -> Postcode:
    """The Postcode row for `code`, created from KNOWN_POSTCODES if the table lacks it."""
    found = Postcode.objects.filter(pk=code).first()
    if found is not None:
        return found
    place, municipality, county, lat, lon = KNOWN_POSTCODES.get(
        code, ("Testby", "Testby", "Oslo", 59.91, 10.75)
    )
    return Postcode.objects.create(
        code=code,
        place=place,
        municipality=municipality,
        county=county,
        latitude=lat,
        longitude=lon,
    )


def make_listing(**overrides: Any) -> Listing:
    """A published private clinic in Oslo (postcode 0150) with no offerings.

    Pass `postcode="5003"` (a code string) or a Postcode; latitude/longitude default to the
    postcode's centre."""
    n = next(_counter)
    postcode = overrides.pop("postcode", "0150")
    if not isinstance(postcode, Postcode):
        postcode = ensure_postcode(str(postcode))
    fields: dict[str, Any] = {
        "slug": f"testklinikk-{n}",
        "name": f"Testklinikken {n}",
        "kind": Listing.Kind.PRIVATE,
        "published": True,
        "street_address": f"Testgata {n}",
        "postcode": postcode,
        "latitude": postcode.latitude,
        "longitude": postcode.longitude,
        "phone": "22 00 00 00",
        "opening_hours": [{"day": d, "opens": "08:00", "closes": "16:00"} for d in range(5)],
    }
    fields.update(overrides)
    return Listing.objects.create(**fields)


def make_offering(listing: Listing, **overrides: Any) -> Offering:
    """Chronic-migraine treatment at 3 500 NOK, 4 weeks' wait, both confirmed today."""
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "treatment": Treatment.CHRONIC_MIGRAINE,
        "price_from": 3500,
        "price_confirmed_on": today,
        "wait_weeks": 4,
        "wait_updated_on": today,
    }
    fields.update(overrides)
    return Offering.objects.create(listing=listing, **fields)


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)
