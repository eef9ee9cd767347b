"""sitemap.xml and robots.txt: what search engines may index, and where the public pages are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from bontrack.directory import education
from bontrack.directory.models import Listing

# Paths of the public directory as DESIGN.md fixes them; the profile's URL is /klinikker/<slug>/.
DIRECTORY_PATH = "/klinikker/"

# Areas behind a log-in, or that only make sense to one person: never indexed.
PRIVATE_PREFIXES = (
    "/portal/", "/klinikk/", "/henvisning/", "/api/", "/admin/", "/moderering/",
    "/klinikker/bestilling/",  # a requester's own status pages
)


@dataclass(frozen=True)
class Entry:
    location: str
    lastmod: dt.date | None = None


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    # The site switches language by cookie, not by URL, so each page has one address.
    absolute = request.build_absolute_uri
    entries = [Entry(absolute(reverse("start"))), Entry(absolute(DIRECTORY_PATH))]
    listings = (
        Listing.objects.filter(published=True).order_by("slug").values_list("slug", "updated_at")
    )
    entries += [
        Entry(absolute(f"{DIRECTORY_PATH}{slug}/"), updated.date()) for slug, updated in listings
    ]
    entries += [
        Entry(absolute(reverse(f"education:{page.name}")), page.review.on)
        for page in (education.INDEX, *education.PAGES)
    ]
    return render(
        request,
        "directory/sitemap.xml",
        {"entries": entries},
        content_type="application/xml; charset=utf-8",
    )


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/robots.txt",
        {
            "private": PRIVATE_PREFIXES,
            "sitemap": request.build_absolute_uri(reverse("sitemap")),
        },
        content_type="text/plain; charset=utf-8",
    )
