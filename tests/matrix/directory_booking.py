"""Access-matrix rows for booking requests.

The public side (/klinikker/<slug>/bestill/, the status page behind its secret link and
withdrawing) is open to everyone: an empty form answers 400 with its errors, a fresh request
is withdrawn with a redirect. The clinic's inbox (/klinikk/bestillinger/) is for the
coordinators and clinic admins of the listing's clinic (carol, ola); physicians, patients, the
GP and the platform admin get 403. Only coordinators accept: ola gets 403 there. An empty
accept or decline answers 400 with its errors.
"""

from __future__ import annotations

from bontrack.directory.models import BookingRequest, Listing
from tests.directory.booking_helpers import make_booking
from tests.directory.factories import make_listing, make_offering
from tests.matrix.base import Row, expect, for_group
from tests.personas import Cast

INBOX = {"carol", "ola"}


def _standalone() -> Listing:
    listing = Listing.objects.filter(slug="frittstaende-klinikk").first()
    if listing is None:
        listing = make_listing(slug="frittstaende-klinikk", name="Frittstående klinikk")
        make_offering(listing)
    return listing


def _clinic_a_listing(cast: Cast) -> Listing:
    """Clinic A's listing (one per clinic), taking requests for one treatment.

    The profile rows (directory_profile.py) look the same listing up by this slug, so
    whichever module runs first makes it."""
    listing = Listing.objects.filter(clinic=cast.clinic_a).first()
    if listing is None:
        listing = make_listing(slug="matrise-klinikk-a", name="Klinikk A", clinic=cast.clinic_a,
                               street_address="Matrisegata 1")
    if not listing.offerings.exists():
        make_offering(listing)
    return listing


def _booking(cast: Cast) -> BookingRequest:
    """A fresh new request to clinic A's listing."""
    return make_booking(_clinic_a_listing(cast))


ROWS: list[Row] = [
    Row("klinikker/<slug:slug>/bestill/",
        lambda c: f"/klinikker/{_clinic_a_listing(c).slug}/bestill/", expect(200)),
    Row("klinikker/<slug:slug>/bestill/",
        lambda c: f"/klinikker/{_standalone().slug}/bestill/", expect(200)),
    Row("klinikker/<slug:slug>/bestill/", lambda c: "/klinikker/finnes-ikke/bestill/",
        expect(404)),
    Row("klinikker/<slug:slug>/bestill/",
        lambda c: f"/klinikker/{_clinic_a_listing(c).slug}/bestill/", expect(400),
        method="post"),
    Row("klinikker/bestilling/<str:token>/",
        lambda c: f"/klinikker/bestilling/{_booking(c).token}/", expect(200)),
    Row("klinikker/bestilling/<str:token>/", lambda c: "/klinikker/bestilling/gjettet/",
        expect(404)),
    Row("klinikker/bestilling/<str:token>/trekk-tilbake/",
        lambda c: f"/klinikker/bestilling/{_booking(c).token}/trekk-tilbake/", expect(302),
        method="post"),
    Row("klinikk/bestillinger/", lambda c: "/klinikk/bestillinger/", for_group(INBOX, 200)),
    Row("klinikk/bestillinger/<int:booking_id>/",
        lambda c: f"/klinikk/bestillinger/{_booking(c).pk}/", for_group(INBOX, 200)),
    Row("klinikk/bestillinger/<int:booking_id>/godta/",
        lambda c: f"/klinikk/bestillinger/{_booking(c).pk}/godta/",
        for_group({"carol"}, 400), method="post"),
    Row("klinikk/bestillinger/<int:booking_id>/avvis/",
        lambda c: f"/klinikk/bestillinger/{_booking(c).pk}/avvis/",
        for_group(INBOX, 400), method="post"),
]
