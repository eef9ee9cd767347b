"""What the directory search filters and sorts: every published listing with the few columns
search needs, held in memory for a short while.

Two queries load it (listings with their postcode's place and county; offerings), about
7 000 small rows for 2 000 listings. It is reused for DIRECTORY_INDEX_SECONDS within one
generation of search_cache (a saved listing, offering, rating or postcode starts a new one),
so most searches filter and sort in memory without touching the database. With the cache
turned off it is loaded for every search. Beyond some 20 000 listings, filter in SQL instead.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import NamedTuple

from django.core.cache import cache

from bontrack.directory import search_cache
from bontrack.directory.models import Listing, Offering


class Entry(NamedTuple):
    pk: int
    name: str
    key: str  # the name in Norwegian sort order (search.name_key)
    latitude: float
    longitude: float
    rating_mean: float | None
    rating_count: int
    advertised_until: dt.date | None
    county: str
    place: str
    # (treatment, price_from, wait_weeks) for each offering.
    offerings: tuple[tuple[str, int | None, int | None], ...]
    # The lowest price and shortest wait over all of them, for searches without limits.
    best_price: int | None
    best_wait: int | None


_lock = threading.Lock()
_held: tuple[object, float, list[Entry]] | None = None


def _load() -> list[Entry]:
    from bontrack.directory.search import name_key

    # All offerings, unpublished listings' too: cheaper than joining to leave them out.
    offerings: dict[int, list[tuple[str, int | None, int | None]]] = {}
    best_price: dict[int, int] = {}
    best_wait: dict[int, int] = {}
    for listing_id, treatment, price, wait in Offering.objects.order_by().values_list(
        "listing_id", "treatment", "price_from", "wait_weeks"
    ):
        offerings.setdefault(listing_id, []).append((treatment, price, wait))
        if price is not None and price < best_price.get(listing_id, price + 1):
            best_price[listing_id] = price
        if wait is not None and wait < best_wait.get(listing_id, wait + 1):
            best_wait[listing_id] = wait
    rows = (
        Listing.objects.filter(published=True)
        .order_by()
        .values_list(
            "pk",
            "name",
            "latitude",
            "longitude",
            "rating_mean",
            "rating_count",
            "advertised_until",
            "postcode__county",
            "postcode__place",
        )
    )
    # Positional, in Entry's field order: this loop runs once per listing.
    return [
        Entry(
            pk,
            name,
            name_key(name),
            lat,
            lon,
            mean,
            count,
            advertised,
            county,
            place,
            tuple(offerings.get(pk, ())),
            best_price.get(pk),
            best_wait.get(pk),
        )
        for pk, name, lat, lon, mean, count, advertised, county, place in rows
    ]


def entries() -> list[Entry]:
    """Every published listing, from memory when a recent enough copy is held."""
    global _held
    seconds = search_cache.index_seconds()
    if not seconds:
        return _load()
    generation = cache.get(search_cache.GENERATION_KEY, 0)
    now = time.monotonic()
    held = _held
    if held is not None and held[0] == generation and held[1] > now:
        return held[2]
    with _lock:
        held = _held
        if held is not None and held[0] == generation and held[1] > now:
            return held[2]
        loaded = _load()
        _held = (generation, now + seconds, loaded)
        return loaded
