"""A form sent with more than DATA_UPLOAD_MAX_MEMORY_SIZE (a 5 MB message pasted into a
booking form or a diary note, say) gets a page that says what was too large and what to do,
not a bare 400.

Django raises RequestDataTooBig while reading the body — in the CSRF check, before any view
runs — so no view can catch it; bontrack/urls.py points `handler400` here. Every other bad
request gets Django's usual 400 page (templates/400.html).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults


def _megabytes(size: int) -> float:
    return round(size / 1_048_576, 1)


def _back_url(request: HttpRequest) -> str:
    """Where the form was: the page that sent it, if it is ours, else the address posted to."""
    referer = str(request.META.get("HTTP_REFERER", ""))
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.path


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not isinstance(exception, RequestDataTooBig):
        return defaults.bad_request(request, exception)  # type: ignore[arg-type]
    try:
        sent = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        sent = 0
    return render(request, "413.html", {
        "limit_mb": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0),
        "sent_mb": _megabytes(sent) if sent else None,
        "back_url": _back_url(request),
    }, status=413)
