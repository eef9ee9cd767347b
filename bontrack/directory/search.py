"""Directory search: published listings and their offerings, filtered, sorted and paged.

`search(params)` is the one entry point. Filtering happens in the database (one grouped query
over listings and their offerings); sorting happens here, in Python, so the order is the same
on SQLite and PostgreSQL whatever their collations, and Norwegian names sort as Norwegians
expect (… x, y, z, æ, ø, å). Only the page shown is then loaded in full.

Rules the visitor can rely on (docs/directory.md says the same in prose):
- every sort breaks ties by name, then by id, so the same query always gives the same order;
- a listing without a price (or wait, or rating) comes after every listing with one when
  sorting by that;
- paid placements never change the order of a list the visitor has sorted. Only when no
  sort is chosen, at most AD_SLOTS advertised listings that match the filters are shown in
  a separate, labelled block above the results; they also keep their ordinary place in the
  list, which is exactly the same as if nobody paid.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from bontrack.directory import search_index
from bontrack.directory.models import Listing, Offering, Postcode, Treatment
from bontrack.directory.search_index import Entry

PAGE_SIZE = 20
AD_SLOTS = 2
EARTH_RADIUS_KM = 6371.0088

# What a result shows of a listing; the rest (descriptions, contact details) stays unread.
SHOWN_FIELDS = (
    "slug",
    "name",
    "kind",
    "blue_prescription",
    "opening_hours",
    "advertised_until",
    "rating_count",
    "rating_mean",
    "postcode__place",
    "postcode__county",
)

# The counties from 1 January 2024, in the order Statistics Norway numbers them.
COUNTIES = (
    "Oslo",
    "Rogaland",
    "Møre og Romsdal",
    "Nordland",
    "Østfold",
    "Akershus",
    "Buskerud",
    "Innlandet",
    "Vestfold",
    "Telemark",
    "Agder",
    "Vestland",
    "Trøndelag",
    "Troms",
    "Finnmark",
)


class Sort:
    NAME = ""  # no sort chosen: by name, with the advertisement block above
    PRICE = "price"
    WAIT = "wait"
    RATING = "rating"
    DISTANCE = "distance"
    ALL = (NAME, PRICE, WAIT, RATING, DISTANCE)


# Norwegian alphabet order: æ, ø, å after z (code points put å before æ). Foreign letters
# sort with their Norwegian neighbours.
_NORWEGIAN = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "é": "e", "ü": "y"})


@functools.lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """A key that sorts names in Norwegian alphabetical order, ignoring case."""
    return name.casefold().translate(_NORWEGIAN)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class SearchParams:
    """What the visitor asked for, already validated (see search_forms.SearchForm)."""

    treatment: str = ""
    county: str = ""
    place: str = ""
    max_price: int | None = None
    max_wait: int | None = None
    min_rating: float | None = None
    origin: Postcode | None = None  # the visitor's postcode, for distances
    sort: str = Sort.NAME
    page: int = 1


@dataclass
class Result:
    """One listing as a row of the results, with the figures that matched the filters."""

    listing: Listing
    price_from: int | None = None
    price_confirmed_on: dt.date | None = None
    price_stale: bool = False
    wait_weeks: int | None = None
    wait_updated_on: dt.date | None = None
    wait_stale: bool = False
    # The treatments that matched, as labels, when no single treatment was asked for.
    treatments: list[str] = field(default_factory=list)
    distance_km: float | None = None
    advertised: bool = False
    # Today's opening hours, "08:00–15:30"; "" when closed today; None when not given.
    hours_today: str | None = None


@dataclass
class SearchResult:
    results: list[Result]
    advertisements: list[Result]
    total: int
    page: int
    pages: int
    sort: str
    origin: Postcode | None
    treatment: str

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        """The position of the first result on this page, counting from 1."""
        return (self.page - 1) * PAGE_SIZE + 1


@dataclass
class _Row:
    """A listing that matches, with the figures of the offerings that matched."""

    entry: Entry
    price: int | None
    wait: int | None
    distance: float | None = None


def _offering_conditions(params: SearchParams) -> dict[str, Any]:
    conditions: dict[str, Any] = {}
    if params.treatment:
        conditions["treatment"] = params.treatment
    if params.max_price is not None:
        conditions["price_from__lte"] = params.max_price
    if params.max_wait is not None:
        conditions["wait_weeks__lte"] = params.max_wait
    return conditions


def _matching_rows(params: SearchParams, entries: list[Entry]) -> list[_Row]:
    """The listings that pass every filter. An offering must meet the treatment, price and
    wait limits all at once; a clinic without a price (or wait) fails a price (or wait) limit."""
    treatment, max_price, max_wait = params.treatment, params.max_price, params.max_wait
    any_offering_limit = bool(treatment) or max_price is not None or max_wait is not None
    rows: list[_Row] = []
    for entry in entries:
        if params.county and entry.county != params.county:
            continue
        if params.place and entry.place != params.place:
            continue
        if params.min_rating is not None and (
            entry.rating_mean is None or entry.rating_mean < params.min_rating
        ):
            continue
        if not any_offering_limit:
            rows.append(_Row(entry, entry.best_price, entry.best_wait))
            continue
        offerings = [
            (price, wait)
            for kind, price, wait in entry.offerings
            if (not treatment or kind == treatment)
            and (max_price is None or (price is not None and price <= max_price))
            and (max_wait is None or (wait is not None and wait <= max_wait))
        ]
        if not offerings:
            continue
        prices = [price for price, _wait in offerings if price is not None]
        waits = [wait for _price, wait in offerings if wait is not None]
        rows.append(
            _Row(entry, min(prices) if prices else None, min(waits) if waits else None)
        )
    return rows


def _sort_key(sort: str) -> Any:
    if sort == Sort.PRICE:
        return lambda r: (r.price is None, r.price or 0, r.entry.key, r.entry.pk)
    if sort == Sort.WAIT:
        return lambda r: (r.wait is None, r.wait or 0, r.entry.key, r.entry.pk)
    if sort == Sort.RATING:
        # Higher mean first; at the same mean, the one more people have rated.
        return lambda r: (
            r.entry.rating_mean is None,
            -(r.entry.rating_mean or 0.0),
            -r.entry.rating_count,
            r.entry.key,
            r.entry.pk,
        )
    if sort == Sort.DISTANCE:
        return lambda r: (r.distance, r.entry.key, r.entry.pk)
    return lambda r: (r.entry.key, r.entry.pk)


def _advertised_on(entry: Entry, today: dt.date) -> bool:
    return entry.advertised_until is not None and today <= entry.advertised_until


def _advertised(rows: list[_Row], today: dt.date) -> list[_Row]:
    """Up to AD_SLOTS advertised listings, taking turns day by day when more are paying."""
    paying = sorted(
        (r for r in rows if _advertised_on(r.entry, today)),
        key=lambda r: (r.entry.key, r.entry.pk),
    )
    if len(paying) > AD_SLOTS:
        turn = today.toordinal() % len(paying)
        paying = paying[turn:] + paying[:turn]
    return paying[:AD_SLOTS]


def _hours_today(listing: Listing, today: dt.date) -> str | None:
    """Today's opening hours as "08:00–15:30" (more than one span joined by commas), "" when
    closed today, None when the listing gives no opening hours at all."""
    if not listing.opening_hours:
        return None
    weekday = today.weekday()
    spans = sorted(
        (str(slot.get("opens", "")), str(slot.get("closes", "")))
        for slot in listing.opening_hours
        if isinstance(slot, dict) and slot.get("day") == weekday
    )
    return ", ".join(f"{opens}–{closes}" for opens, closes in spans)


def _result(
    listing: Listing, row: _Row, params: SearchParams, today: dt.date, *, advertised: bool
) -> Result:
    offerings: list[Offering] = list(listing.matching_offerings)  # type: ignore[attr-defined]
    priced = [o for o in offerings if o.price_from is not None]
    waits = [o for o in offerings if o.wait_weeks is not None]
    # The offering behind the figure shown; of equal figures, the most recently confirmed.
    cheapest = min(
        priced,
        key=lambda o: (o.price_from, -(o.price_confirmed_on or dt.date.min).toordinal()),
        default=None,
    )
    quickest = min(
        waits,
        key=lambda o: (o.wait_weeks, -(o.wait_updated_on or dt.date.min).toordinal()),
        default=None,
    )
    labels = dict(Treatment.choices)
    return Result(
        listing=listing,
        price_from=cheapest.price_from if cheapest else None,
        price_confirmed_on=cheapest.price_confirmed_on if cheapest else None,
        price_stale=cheapest is not None and Offering.stale(cheapest.price_confirmed_on, today),
        wait_weeks=quickest.wait_weeks if quickest else None,
        wait_updated_on=quickest.wait_updated_on if quickest else None,
        wait_stale=quickest is not None and Offering.stale(quickest.wait_updated_on, today),
        treatments=[] if params.treatment else [str(labels[o.treatment]) for o in offerings],
        distance_km=row.distance,
        advertised=advertised,
        hours_today=_hours_today(listing, today),
    )


def search(
    params: SearchParams,
    *,
    today: dt.date | None = None,
    entries: list[Entry] | None = None,
) -> SearchResult:
    """The page of results `params` asks for, with the advertisement block when it applies.

    `entries` is the search index to use (search_index.entries() when not given)."""
    today = today or timezone.localdate()
    if params.sort == Sort.DISTANCE and params.origin is None:
        raise ValueError("sorting by distance needs the visitor's postcode")
    rows = _matching_rows(params, search_index.entries() if entries is None else entries)
    if params.origin is not None:
        lat, lon = params.origin.latitude, params.origin.longitude
        for row in rows:
            row.distance = distance_km(lat, lon, row.entry.latitude, row.entry.longitude)
    rows.sort(key=_sort_key(params.sort))

    total = len(rows)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, params.page), pages)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ads = _advertised(rows, today) if params.sort == Sort.NAME and page == 1 else []

    wanted = {row.entry.pk for row in shown} | {row.entry.pk for row in ads}
    conditions = _offering_conditions(params)
    listings = {
        listing.pk: listing
        for listing in Listing.objects.filter(pk__in=wanted)
        .select_related("postcode")
        .only(*SHOWN_FIELDS)
        .prefetch_related(
            Prefetch(
                "offerings",
                queryset=Offering.objects.filter(**conditions).order_by("treatment"),
                to_attr="matching_offerings",
            )
        )
    }

    def as_result(row: _Row) -> Result:
        advertised = _advertised_on(row.entry, today)
        return _result(listings[row.entry.pk], row, params, today, advertised=advertised)

    return SearchResult(
        results=[as_result(row) for row in shown],
        advertisements=[as_result(row) for row in ads],
        total=total,
        page=page,
        pages=pages,
        sort=params.sort,
        origin=params.origin,
        treatment=params.treatment,
    )


def places_with_listings(entries: list[Entry] | None = None) -> list[str]:
    """The places (postal towns) that have at least one published listing, in Norwegian order."""
    if entries is None:
        entries = search_index.entries()
    return sorted({entry.place for entry in entries}, key=name_key)
