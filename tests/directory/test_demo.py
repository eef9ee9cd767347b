"""The demo directory: 25 invented clinics across Norway, loaded idempotently."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Avg, Count, Q
from django.test import Client
from django.utils import timezone

from bontrack import demo as registry
from bontrack.accounts.models import Clinic
from bontrack.directory import demo
from bontrack.directory.models import Listing, Offering, Postcode, Rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    Clinic.objects.get_or_create(slug=demo.DEMO_CLINIC_SLUG, defaults={"name": "Demo"})
    demo.load()


def test_the_loader_is_registered_after_the_clinics_it_links_to() -> None:
    assert ("directory", demo.load) in registry.LOADERS
    assert registry.ORDER.index("directory") > registry.ORDER.index("accounts")


def test_every_postcode_the_demo_uses_is_in_the_postcode_table() -> None:
    codes = {clinic.postcode for clinic in demo.CLINICS}
    assert codes <= set(Postcode.objects.values_list("code", flat=True))


@pytest.mark.usefixtures("loaded")
def test_there_are_25_clinics_public_and_private_across_norway() -> None:
    listings = Listing.objects.select_related("postcode")
    assert listings.count() == 25
    kinds = Counter(listing.kind for listing in listings)
    assert kinds[Listing.Kind.PUBLIC] >= 8 and kinds[Listing.Kind.PRIVATE] >= 8
    counties = {listing.postcode.county for listing in listings}
    assert len(counties) >= 8
    assert {"Oslo", "Vestland", "Trøndelag", "Troms", "Nordland"} <= counties


@pytest.mark.usefixtures("loaded")
def test_prices_and_waits_vary_and_some_are_stale() -> None:
    offerings = Offering.objects.select_related("listing")
    private = [o.price_from or 0 for o in offerings if o.listing.kind == Listing.Kind.PRIVATE]
    assert min(private) >= 3500 and max(private) <= 6500 and len(set(private)) > 8
    public = {o.price_from for o in offerings if o.listing.kind == Listing.Kind.PUBLIC}
    assert public == {demo.PATIENT_FEE}
    waits = [o.wait_weeks or 0 for o in offerings]
    assert min(waits) >= 2 and max(waits) <= 30
    today = timezone.localdate()
    stale = [o for o in offerings if Offering.stale(o.price_confirmed_on, today)]
    assert 0 < len(stale) < len(offerings)


@pytest.mark.usefixtures("loaded")
def test_two_clinics_are_advertised() -> None:
    assert sum(listing.is_advertised() for listing in Listing.objects.all()) == 2


@pytest.mark.usefixtures("loaded")
def test_rating_counts_and_means_match_the_published_ratings() -> None:
    published = Q(ratings__status=Rating.Status.PUBLISHED)
    found = Listing.objects.annotate(
        n=Count("ratings", filter=published), mean=Avg("ratings__stars", filter=published)
    )
    for listing in found:
        assert listing.rating_count == listing.n
        assert 0 <= listing.n <= 40
        if listing.n:
            assert listing.rating_mean == pytest.approx(listing.mean)
        else:
            assert listing.rating_mean is None
    counts = [listing.n for listing in found]
    assert 0 in counts and 40 in counts
    assert Rating.objects.filter(verified=True, status=Rating.Status.PUBLISHED).exists()
    assert Rating.objects.filter(verified=False, status=Rating.Status.PUBLISHED).exists()
    assert all(r.text for r in Rating.objects.all())


@pytest.mark.usefixtures("loaded")
def test_the_demo_clinic_admin_has_a_listing_to_edit() -> None:
    listing = Listing.objects.get(slug=demo.DEMO_LISTING_SLUG)
    assert listing.clinic is not None and listing.clinic.slug == demo.DEMO_CLINIC_SLUG


@pytest.mark.usefixtures("loaded")
def test_loading_twice_changes_nothing() -> None:
    before = (Listing.objects.count(), Offering.objects.count(), Rating.objects.count())
    demo.load()
    assert (Listing.objects.count(), Offering.objects.count(), Rating.objects.count()) == before


@pytest.mark.usefixtures("loaded")
def test_every_demo_profile_renders(client: Client) -> None:
    for slug in Listing.objects.values_list("slug", flat=True):
        assert client.get(f"/klinikker/{slug}/").status_code == 200, slug
