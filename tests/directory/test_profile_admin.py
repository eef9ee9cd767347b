"""The platform admin manages listings in the Django admin; ratings and bookings are read-only."""

from __future__ import annotations

import pytest
from django.test import Client

from bontrack.directory.models import BookingRequest, Listing, ProfileChange, Rating, Treatment
from tests.directory.factories import make_listing, make_offering
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db


def _admin(cast: Cast) -> Client:
    return login(Client(), cast.pat)


def test_the_platform_admin_sees_every_directory_list(cast: Cast) -> None:
    listing = make_listing(name="Listeklinikken")
    make_offering(listing)
    Rating.objects.create(listing=listing, stars=5, text="Fint", status=Rating.Status.PUBLISHED)
    BookingRequest.objects.create(
        listing=listing,
        treatment=Treatment.CHRONIC_MIGRAINE,
        name="Nora Navn",
        email="nora@example.org",
        has_referral=BookingRequest.Referral.YES,
        message="Hemmelig helseopplysning",
    )
    client = _admin(cast)
    for model in (
        "listing",
        "postcode",
        "profilechange",
        "rating",
        "abusereport",
        "bookingrequest",
    ):
        response = client.get(f"/admin/directory/{model}/")
        assert response.status_code == 200, model
    assert "Listeklinikken" in client.get("/admin/directory/listing/").content.decode()
    booking = BookingRequest.objects.get()
    page = client.get(f"/admin/directory/bookingrequest/{booking.pk}/change/").content.decode()
    assert "Nora Navn" not in page and "Hemmelig" not in page and "nora@" not in page


def test_ratings_and_bookings_cannot_be_changed_in_the_admin(cast: Cast) -> None:
    client = _admin(cast)
    assert client.get("/admin/directory/rating/add/").status_code == 403
    assert client.get("/admin/directory/bookingrequest/add/").status_code == 403


def test_the_platform_admin_creates_and_publishes_a_listing_with_history(cast: Cast) -> None:
    from tests.directory.factories import ensure_postcode

    ensure_postcode("0150")
    client = _admin(cast)
    form = {
        "slug": "ny-klinikk",
        "name": "Ny klinikk",
        "kind": "private",
        "clinic": "",
        "published": "on",
        "advertised_until": "",
        "description": "",
        "description_en": "",
        "staff_roles": "[]",
        "street_address": "Nygata 1",
        "postcode": "0150",
        "latitude": "59.91",
        "longitude": "10.75",
        "where_to_meet": "",
        "parking": "",
        "public_transport": "",
        "phone": "",
        "email": "",
        "website": "",
        "opening_hours": "[]",
        "offerings-TOTAL_FORMS": "0",
        "offerings-INITIAL_FORMS": "0",
        "offerings-MIN_NUM_FORMS": "0",
        "offerings-MAX_NUM_FORMS": "1000",
    }
    response = client.post("/admin/directory/listing/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    listing = Listing.objects.get(slug="ny-klinikk")
    assert listing.published
    form.update(advertised_until="2030-01-31")
    response = client.post(f"/admin/directory/listing/{listing.pk}/change/", form)
    assert response.status_code == 302
    change = ProfileChange.objects.filter(field="advertised_until").latest("id")
    assert (change.old, change.new, change.changed_by) == ("", "2030-01-31", cast.pat)


def test_a_reserved_word_is_refused_as_an_address_name(cast: Cast) -> None:
    response = _admin(cast).post(
        "/admin/directory/listing/add/",
        {"slug": "bestilling", "name": "X", "kind": "private", "street_address": "x"},
    )
    assert response.status_code == 200
    assert "brukes av katalogens egne sider" in response.content.decode()
