"""Django templates to PDF with WeasyPrint: A4, our own static files only, no network."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse, URLFetchingError

# The document's own address: relative links resolve against it and never leave the machine
# (.invalid names are never resolvable).
BASE_URL = "https://pdf.bontrack.invalid/"


def static_path(name: str) -> Path | None:
    """The file behind a static name, through the same finders that serve the pages."""
    if not name or any(part in ("", ".", "..") for part in name.split("/")):
        return None
    found = finders.find(name)
    if isinstance(found, list):
        found = found[0] if found else None
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / name
    return collected if collected.is_file() else None


class StaticFilesFetcher(URLFetcher):  # type: ignore[misc]
    """Hands WeasyPrint our static files and data: URLs; refuses every other address."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        static_prefix = urlsplit(settings.STATIC_URL).path
        if (
            f"{parts.scheme}://{parts.netloc}/" == BASE_URL
            and parts.path.startswith(static_prefix)
        ):
            path = static_path(unquote(parts.path[len(static_prefix):]))
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, path.read_bytes(), headers={"Content-Type": content_type}
                )
        raise URLFetchingError(f"the PDF may only use bontrack's static files, not {url}")


def render_pdf(
    template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None
) -> bytes:
    """Render a template (which links its print CSS with {% static %}) to PDF bytes."""
    markup = render_to_string(template_name, context, request=request)
    document = HTML(string=markup, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    pdf: bytes = document.write_pdf()
    return pdf


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    """A download of the PDF; patient data, so nothing keeps a copy on the way."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
