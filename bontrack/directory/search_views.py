"""The directory's search page, /klinikker/: a plain GET form that htmx makes live.

A request from htmx (the filter form or a page link, not a history restore) gets only the
results; any other request gets the whole page. The rendered results and form are the same
for every visitor, so they are cached briefly per query string and language (see
search_cache). An anonymous visitor's whole page is cached too, with a placeholder where the
CSRF token goes that is filled with the visitor's own token on the way out; a logged-in
user's page (their name in the header) is rendered around the cached results.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from bontrack.directory import search_cache, search_index
from bontrack.directory.search import SearchResult, places_with_listings, search
from bontrack.directory.search_forms import FIELD_ORDER, SearchForm

# Stands in for the CSRF token in a cached page; never a real token's shape.
CSRF_PLACEHOLDER = "bontrack-csrf-token-placeholder"


def _canonical_query(request: HttpRequest) -> str:
    """The fields the search reads, in a fixed order: equal searches share one cache entry."""
    return urlencode(
        [(name, request.GET.get(name, "").strip()) for name in FIELD_ORDER if request.GET.get(name)]
    )


def _count_text(result: SearchResult | None) -> str:
    if result is None:
        return _("No search was made. Correct what is marked and try again.")
    text = ngettext(
        "%(count)s clinic matches.", "%(count)s clinics match.", result.total
    ) % {"count": number_format(result.total, force_grouping=True)}
    if result.pages > 1:
        text += " " + _("Page %(page)s of %(pages)s.") % {
            "page": result.page,
            "pages": result.pages,
        }
    return text


def _render(request: HttpRequest, *, partial: bool) -> tuple[int, str, str]:
    """Status, HTML (the results alone, or the page's main content) and the page title."""
    entries = search_index.entries()
    form = SearchForm(request.GET, places=places_with_listings(entries))
    result = search(form.params(), entries=entries) if form.is_valid() else None
    title = _("Find a clinic")
    if result is not None and result.page > 1:
        title = _("Find a clinic, page %(page)s") % {"page": result.page}
    context = {
        "form": form,
        "result": result,
        "count_text": _count_text(result),
        "partial": partial,
        "query": form.query_without_page(),
        "errors": [
            (form[name].auto_id if name in form.fields else "", message)
            for name, messages in form.errors.items()
            for message in messages
        ],
    }
    template = "directory/search_results.html" if partial else "directory/search_body.html"
    # htmx swaps only 2xx answers, so a partial with messages is still a 200.
    status = 200 if result is not None or partial else 400
    return status, render_to_string(template, context), title


def _cached(
    key: str | None, produce: Callable[[], tuple[int, str, str]], seconds: int
) -> tuple[int, str, str]:
    found: tuple[int, str, str] | None = cache.get(key) if key else None
    if found is None:
        found = produce()
        if key:
            cache.set(key, found, seconds)
    return found


def index(request: HttpRequest) -> HttpResponse:
    htmx = getattr(request, "htmx", None)
    partial = htmx is not None and bool(htmx) and not htmx.history_restore_request
    seconds = search_cache.seconds()
    canonical = _canonical_query(request)
    parts = (get_language() or "", timezone.localdate().isoformat(), canonical)
    # Only an anonymous visitor with nothing queued to show gets a whole page from the cache,
    # and only for the canonical address: the page echoes its own address (the language
    # switch's "next"), so any other query string would be planted for everyone else.
    whole_page = (
        seconds > 0
        and not partial
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and request.META.get("QUERY_STRING", "") == canonical
    )
    response: HttpResponse | None = None
    page_key = search_cache.key("whole", *parts) if whole_page else None
    if page_key:
        page: tuple[int, str] | None = cache.get(page_key)
        if page is not None:
            response = HttpResponse(page[1], status=page[0])
    if response is None:
        key = search_cache.key("partial" if partial else "page", *parts) if seconds else None
        status, html, title = _cached(key, lambda: _render(request, partial=partial), seconds)
        if partial:
            response = HttpResponse(html, status=status)
        else:
            # The HTML is our own template's output, escaped when it was rendered.
            body = mark_safe(html)  # noqa: S308
            context = {"body": body, "title": title, "csrf_token": CSRF_PLACEHOLDER}
            response = render(request, "directory/search.html", context, status=status)
            if page_key:
                cache.set(page_key, (status, response.content.decode()), seconds)
    if not partial:
        response.content = response.content.replace(
            CSRF_PLACEHOLDER.encode(), get_token(request).encode()
        )
    patch_vary_headers(response, ["HX-Request"])
    return response
