"""The public clinic profile at /klinikker/<slug>/: what it shows, in the visitor's language.

Prices and waits carry the date they were last confirmed and are marked stale after
STALE_AFTER_DAYS (Offering.stale). The map is a plain link to OpenStreetMap: nothing from a
third party is embedded or loaded. Search engines get schema.org MedicalClinic JSON-LD.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bontrack.directory.models import Listing, Offering, Rating, Treatment
from bontrack.directory.slugs import RESERVED_SLUGS

RATINGS_SHOWN = 20


@dataclass(frozen=True)
class OfferingRow:
    treatment: str
    label: str
    price_from: int | None
    price_text: str
    price_confirmed_on: dt.date | None
    price_stale: bool
    wait_weeks: int | None
    wait_updated_on: dt.date | None
    wait_stale: bool
    note: str


@dataclass(frozen=True)
class HoursRow:
    day: int
    name: str
    opens: str
    closes: str
    is_today: bool

    @property
    def closed(self) -> bool:
        return not (self.opens and self.closes)


@dataclass(frozen=True)
class ProfilePage:
    listing: Listing
    description: str
    description_lang: str
    offerings: list[OfferingRow]
    hours: list[HoursRow]
    map_url: str
    tel_url: str
    booking_url: str
    advertised: bool
    ratings: list[Rating]
    json_ld: str
    meta_description: str


def published_listing(slug: str) -> Listing:
    """The published listing at /klinikker/<slug>/; Listing.DoesNotExist for anything else."""
    if slug in RESERVED_SLUGS:
        raise Listing.DoesNotExist(slug)
    return Listing.objects.select_related("postcode").get(slug=slug, published=True)


def money(amount: int) -> str:
    """Whole kroner grouped as the page's language writes them: "4 057" in nb."""
    return number_format(amount, decimal_pos=0, force_grouping=True)


def offering_rows(listing: Listing, today: dt.date) -> list[OfferingRow]:
    rows = []
    order = {value: n for n, value in enumerate(Treatment.values)}
    for offering in sorted(listing.offerings.all(), key=lambda o: order.get(o.treatment, 99)):
        rows.append(
            OfferingRow(
                treatment=offering.treatment,
                label=str(offering.get_treatment_display()),
                price_from=offering.price_from,
                price_text="" if offering.price_from is None else money(offering.price_from),
                price_confirmed_on=offering.price_confirmed_on,
                price_stale=offering.price_from is not None
                and Offering.stale(offering.price_confirmed_on, today),
                wait_weeks=offering.wait_weeks,
                wait_updated_on=offering.wait_updated_on,
                wait_stale=offering.wait_weeks is not None
                and Offering.stale(offering.wait_updated_on, today),
                note=offering.note,
            )
        )
    return rows


def hours_by_day(listing: Listing) -> dict[int, tuple[str, str]]:
    """Opening hours as {weekday (Monday=0): (opens, closes)}; a day not there is closed."""
    hours: dict[int, tuple[str, str]] = {}
    for row in listing.opening_hours or []:
        try:
            day = int(row["day"])
            hours[day] = (str(row["opens"]), str(row["closes"]))
        except (KeyError, TypeError, ValueError):
            continue  # a malformed row saved by hand in the admin is shown as closed
    return hours


def hours_rows(listing: Listing, today: dt.date) -> list[HoursRow]:
    hours = hours_by_day(listing)
    return [
        HoursRow(
            day=day,
            name=str(WEEKDAYS[day]),
            opens=hours.get(day, ("", ""))[0],
            closes=hours.get(day, ("", ""))[1],
            is_today=day == today.weekday(),
        )
        for day in range(7)
    ]


def map_url(listing: Listing) -> str:
    """A plain link to the place on OpenStreetMap: no embedded map, nothing loaded from it."""
    lat, lon = f"{listing.latitude:.5f}", f"{listing.longitude:.5f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


def tel_url(phone: str) -> str:
    """A tel: link for a phone number as written ("22 11 80 80" → "tel:+4722118080")."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not digits:
        return ""
    if phone.strip().startswith("+"):
        return f"tel:+{digits}"
    if phone.strip().startswith("00"):
        return f"tel:+{digits[2:]}"
    return f"tel:+47{digits}" if len(digits) == 8 else f"tel:{digits}"


def booking_url(listing: Listing) -> str:
    """The booking-request form's address, or "" when the clinic takes no requests here."""
    from bontrack.directory.bookings import accepts_requests

    return f"/klinikker/{listing.slug}/bestill/" if accepts_requests(listing) else ""


def published_ratings(listing: Listing, limit: int = RATINGS_SHOWN) -> list[Rating]:
    return list(
        listing.ratings.filter(status=Rating.Status.PUBLISHED).order_by("-submitted_at", "-id")[
            :limit
        ]
    )


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
_SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def json_ld(listing: Listing, url: str, description: str) -> str:
    """schema.org MedicalClinic for search engines, as JSON safe to place inside <script>."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": listing.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": listing.street_address,
            "postalCode": listing.postcode.code,
            "addressLocality": listing.postcode.place,
            "addressRegion": listing.postcode.county,
            "addressCountry": "NO",
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": round(listing.latitude, 5),
            "longitude": round(listing.longitude, 5),
        },
        "isAcceptingNewPatients": True,
    }
    if description:
        data["description"] = description
    if listing.phone:
        data["telephone"] = listing.phone
    if listing.email:
        data["email"] = listing.email
    if listing.website:
        data["sameAs"] = listing.website
    hours = hours_by_day(listing)
    if hours:
        data["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{_SCHEMA_DAYS[day]}",
                "opens": opens,
                "closes": closes,
            }
            for day, (opens, closes) in sorted(hours.items())
            if 0 <= day < 7
        ]
    offerings = list(listing.offerings.all())
    if offerings:
        data["availableService"] = [
            {"@type": "MedicalTherapy", "name": str(o.get_treatment_display())} for o in offerings
        ]
    prices = [o.price_from for o in offerings if o.price_from is not None]
    if prices:
        data["priceRange"] = f"NOK {min(prices)}–{max(prices)}"
    if listing.rating_count and listing.rating_mean is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(listing.rating_mean, 1),
            "reviewCount": listing.rating_count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_ESCAPES)


def profile_page(
    listing: Listing, *, absolute_url: str, today: dt.date | None = None
) -> ProfilePage:
    """Everything the public profile shows, in the current language."""
    today = today or timezone.localdate()
    english = (get_language() or "nb").startswith("en")
    if english and listing.description_en.strip():
        description, lang = listing.description_en, "en"
    else:
        description, lang = listing.description, "nb"
    offerings = offering_rows(listing, today)
    meta = _(
        "%(name)s in %(place)s: treatments, prices, waiting times, address and opening hours."
    ) % {
        "name": listing.name,
        "place": listing.postcode.place,
    }
    return ProfilePage(
        listing=listing,
        description=description,
        description_lang=lang,
        offerings=offerings,
        hours=hours_rows(listing, today),
        map_url=map_url(listing),
        tel_url=tel_url(listing.phone),
        booking_url=booking_url(listing),
        advertised=listing.is_advertised(today),
        ratings=published_ratings(listing),
        json_ld=json_ld(listing, absolute_url, description),
        meta_description=meta,
    )
