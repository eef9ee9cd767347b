"""sitemap.xml lists every public page by its absolute address; robots.txt keeps crawlers out
of everything behind a log-in."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from bontrack.directory import education
from tests.directory.factories import make_listing

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(client: Client, host: str = "testserver") -> dict[str, str | None]:
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 — bontrack's own sitemap
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return {
        url.findtext("s:loc", namespaces=NS) or "": url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_the_sitemap_lists_the_start_page_directory_and_education_pages(client: Client) -> None:
    found = _locations(client)
    assert "http://testserver/" in found
    assert "http://testserver/klinikker/" in found
    for page in (education.INDEX, *education.PAGES):
        url = f"http://testserver{reverse(f'education:{page.name}')}"
        assert url in found
        assert found[url] == page.review.on.isoformat()


def test_the_sitemap_lists_published_profiles_only(client: Client) -> None:
    shown = make_listing(slug="hodepineklinikken-oslo")
    make_listing(slug="skjult-klinikk", published=False)
    found = _locations(client)
    url = "http://testserver/klinikker/hodepineklinikken-oslo/"
    assert url in found
    assert found[url] == shown.updated_at.date().isoformat()
    assert not any("skjult-klinikk" in loc for loc in found)


def test_the_sitemap_uses_the_requests_host(client: Client, settings: object) -> None:
    settings.ALLOWED_HOSTS = ["bontrack.example"]  # type: ignore[attr-defined]
    found = _locations(client, host="bontrack.example")
    assert "http://bontrack.example/klinikker/" in found
    assert all(loc.startswith("http://bontrack.example/") for loc in found)


def test_the_sitemap_lists_each_address_once(client: Client) -> None:
    make_listing(slug="a-og-b")
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 — our own
    locations = [url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)]
    assert len(locations) == len(set(locations))


def test_robots_allows_public_pages_and_keeps_private_areas_out(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    for prefix in ("/portal/", "/klinikk/", "/henvisning/", "/api/", "/admin/", "/moderering/"):
        assert f"Disallow: {prefix}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # /klinikk/ must not shut out the public directory under /klinikker/.
    assert "Disallow: /klinikker/" not in lines
    assert "Disallow: /klinikker/bestilling/" in lines
