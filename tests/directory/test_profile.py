"""The public clinic profile at /klinikker/<slug>/."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.directory.models import Listing, Rating, Treatment
from bontrack.directory.profile_public import published_listing, tel_url
from bontrack.middleware import CONTENT_SECURITY_POLICY
from tests.directory.factories import days_ago, make_listing, make_offering
from tests.personas import Cast

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _page(client: Client, listing: Listing, language: str = "nb") -> str:
    client.cookies["django_language"] = language
    response = client.get(f"/klinikker/{listing.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _clinic(**overrides: object) -> Listing:
    fields: dict[str, object] = {
        "name": "Hodepineklinikken Eksempelby",
        "description": "Vi behandler kronisk migrene med botulinumtoksin.",
        "description_en": "We treat chronic migraine with botulinum toxin.",
        "staff_roles": ["Nevrolog", "Sykepleier"],
        "blue_prescription": True,
        "where_to_meet": "Bygg B, 2. etasje, inngang fra parken",
        "parking": "Gateparkering med avgift",
        "public_transport": "Buss 31 til Parkveien",
        "phone": "22 11 80 80",
        "email": "post@eksempel.test",
        "latitude": 59.91234,
        "longitude": 10.75432,
    }
    fields.update(overrides)
    return make_listing(**fields)


def test_it_shows_the_clinics_facts(client: Client) -> None:
    listing = _clinic()
    make_offering(listing, price_from=4500, wait_weeks=6)
    html = _page(client, listing)
    assert "<h1" in html and "Hodepineklinikken Eksempelby" in html
    assert "Vi behandler kronisk migrene" in html
    assert "Nevrolog" in html and "Sykepleier" in html
    assert "4\xa0500 kr" in html or "4 500 kr" in html
    assert "6 uker" in html
    assert "Bygg B, 2. etasje" in html
    assert "Buss 31 til Parkveien" in html and "Gateparkering" in html
    assert 'href="tel:+4722118080"' in html
    assert 'href="mailto:post@eksempel.test"' in html
    assert "Blå resept kan gjelde" in html
    # A clinic outside bontrack takes no requests here: the page points to its contact details.
    assert "/bestill/" not in html
    assert "tar imot timebestillinger på telefon eller e-post" in html


def test_a_bontrack_clinic_offers_the_booking_request(client: Client, cast: Cast) -> None:
    listing = _clinic(clinic=cast.clinic_a)
    html = _page(client, listing)
    assert f'href="/klinikker/{listing.slug}/bestill/"' in html
    assert "Be om time" in html


def test_the_title_and_description_name_the_clinic(client: Client) -> None:
    listing = _clinic()
    html = _page(client, listing)
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "Hodepineklinikken Eksempelby" in title.group(1)
    meta = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert meta and "Hodepineklinikken Eksempelby" in meta.group(1) and "Oslo" in meta.group(1)


def test_the_map_is_a_plain_openstreetmap_link(client: Client) -> None:
    html = _page(client, _clinic())
    assert "https://www.openstreetmap.org/?mlat=59.91234&amp;mlon=10.75432" in html
    assert "<iframe" not in html
    assert not re.search(r"<script[^>]*\ssrc=\"https?://", html)


def test_it_shows_the_english_description_when_the_page_is_in_english(client: Client) -> None:
    listing = _clinic()
    html = _page(client, listing, "en")
    assert "We treat chronic migraine" in html and "Vi behandler" not in html


def test_without_an_english_text_it_shows_the_norwegian_one_marked_as_norwegian(
    client: Client,
) -> None:
    listing = _clinic(description_en="")
    html = _page(client, listing, "en")
    assert '<div class="bt-profile__text" lang="nb">' in html
    assert "Vi behandler kronisk migrene" in html


def test_old_prices_and_waits_are_marked_stale(client: Client) -> None:
    listing = _clinic()
    make_offering(listing, price_confirmed_on=days_ago(36), wait_updated_on=days_ago(35))
    html = _page(client, listing)
    assert html.count("Kan være utdatert") == 1  # the price; 35 days is still fresh
    make_offering(
        listing, treatment=Treatment.PAIN, price_confirmed_on=days_ago(5), wait_updated_on=None
    )
    html = _page(client, listing)
    assert html.count("Kan være utdatert") == 2  # a wait without a date is stale too


def test_fresh_figures_carry_their_date_and_no_stale_mark(client: Client) -> None:
    listing = _clinic()
    make_offering(listing, price_confirmed_on=days_ago(2), wait_updated_on=days_ago(2))
    html = _page(client, listing)
    assert "Kan være utdatert" not in html
    assert "bekreftet" in html and "oppdatert" in html


def test_opening_hours_use_norwegian_day_names_and_mark_today(client: Client) -> None:
    today = timezone.localdate().weekday()
    listing = _clinic(opening_hours=[{"day": today, "opens": "08:00", "closes": "15:30"}])
    html = _page(client, listing)
    assert "Mandag" in html and "Søndag" in html
    row = re.search(r'<tr class="bt-today" aria-current="date">(.*?)</tr>', html, re.S)
    assert row and "08:00–15:30" in row.group(1) and "(i dag)" in row.group(1)
    assert html.count("Stengt") == 6


def test_an_advertised_clinic_is_labelled(client: Client) -> None:
    ad = _clinic(advertised_until=timezone.localdate() + dt.timedelta(days=3))
    assert "Annonse" in _page(client, ad)
    expired = _clinic(advertised_until=timezone.localdate() - dt.timedelta(days=1))
    assert "Annonse" not in _page(client, expired)


def test_json_ld_is_a_medical_clinic(client: Client) -> None:
    listing = _clinic(name="Klinikk </script><b>x</b> & co", rating_count=3, rating_mean=4.33)
    make_offering(listing, price_from=3900)
    html = _page(client, listing)
    found = JSON_LD.findall(html)
    assert len(found) == 1
    data = json.loads(found[0])
    assert data["@type"] == "MedicalClinic"
    assert data["name"] == "Klinikk </script><b>x</b> & co"
    assert data["address"]["postalCode"] == "0150"
    assert data["telephone"] == "22 11 80 80"
    assert data["aggregateRating"]["reviewCount"] == 3
    assert data["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"
    assert "</script><b>" not in found[0]  # the name cannot end the script element early


def test_the_csp_lets_json_ld_stand_as_data(client: Client) -> None:
    # JSON-LD is a data block, never executed, so script-src 'self' does not apply to it;
    # the policy needs no nonce, and it must still forbid inline scripts.
    response = client.get(f"/klinikker/{_clinic().slug}/")
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all('type="application/ld+json"' in attrs or "src=" in attrs for attrs in scripts)


def test_published_ratings_newest_first_reach_the_page(client: Client) -> None:
    listing = _clinic()
    now = timezone.now()
    for n in range(22):
        Rating.objects.create(
            listing=listing,
            stars=4,
            text=f"erfaring nummer {n}",
            status=Rating.Status.PUBLISHED,
            submitted_at=now - dt.timedelta(days=n),
        )
    Rating.objects.create(listing=listing, stars=1, text="venter", status=Rating.Status.PENDING)
    response = client.get(f"/klinikker/{listing.slug}/")
    ratings = response.context["ratings"]
    assert len(ratings) == 20
    assert ratings[0].text == "erfaring nummer 0"
    assert all(r.status == Rating.Status.PUBLISHED for r in ratings)
    assert response.context["listing"] == listing


def test_an_unpublished_clinic_is_not_found(client: Client) -> None:
    listing = _clinic(published=False)
    assert client.get(f"/klinikker/{listing.slug}/").status_code == 404


def test_an_unknown_or_reserved_address_is_not_found(client: Client) -> None:
    assert client.get("/klinikker/finnes-ikke/").status_code == 404
    make_listing(slug="kart")  # slipped past the admin's check somehow: still not shown
    with pytest.raises(Listing.DoesNotExist):
        published_listing("kart")


def test_a_clinic_without_offerings_or_hours_still_renders(client: Client) -> None:
    listing = _clinic(opening_hours=[], phone="", email="", description="", staff_roles=[])
    html = _page(client, listing)
    assert "har ikke lagt inn behandlingene sine" in html
    assert html.count("Stengt") == 7


@pytest.mark.parametrize(
    ("phone", "link"),
    [
        ("22 11 80 80", "tel:+4722118080"),
        ("+47 915 00 000", "tel:+4791500000"),
        ("0047 22 11 80 80", "tel:+4722118080"),
        ("113", "tel:113"),
        ("", ""),
    ],
)
def test_phone_numbers_become_tel_links(phone: str, link: str) -> None:
    assert tel_url(phone) == link


def test_a_public_units_price_is_shown_as_the_patient_fee(client: Client) -> None:
    listing = _clinic(kind="public", blue_prescription=False)
    make_offering(listing, price_from=375)
    html = _page(client, listing)
    assert "Egenandel" in html
    assert "Sykehuset betaler legemiddelet" in html
    assert "du betaler legemiddelet selv" not in html
