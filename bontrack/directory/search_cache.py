"""The short-lived cache of rendered directory results.

The results of one query string are the same for every visitor for a while, so their HTML is
kept for DIRECTORY_CACHE_SECONDS (60 by default; 0 turns it off), and so is the in-memory
index the search filters (DIRECTORY_INDEX_SECONDS, the same by default). Stale by design: a change
made in another server process shows up within that time. In this process a saved listing,
offering, rating or postcode moves the cache to a new generation at once, so a clinic admin
who changes a price and looks again sees it. Changes that bypass signals (QuerySet.update,
bulk_create) wait for the time to run out.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from bontrack.directory.models import Listing, Offering, Postcode, Rating

GENERATION_KEY = "directory:search:generation"


def seconds() -> int:
    """How long rendered results are kept."""
    return int(getattr(settings, "DIRECTORY_CACHE_SECONDS", 60))


def index_seconds() -> int:
    """How long the in-memory search index (search_index) is kept; as long as results unless
    DIRECTORY_INDEX_SECONDS says otherwise."""
    return int(getattr(settings, "DIRECTORY_INDEX_SECONDS", seconds()))


def key(*parts: str) -> str:
    generation = cache.get(GENERATION_KEY, 0)
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"directory:search:{generation}:{digest}"


def bump(**_kwargs: Any) -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


for _model in (Listing, Offering, Rating, Postcode):
    post_save.connect(bump, sender=_model, dispatch_uid=f"directory-search-{_model.__name__}-save")
    post_delete.connect(
        bump, sender=_model, dispatch_uid=f"directory-search-{_model.__name__}-delete"
    )
