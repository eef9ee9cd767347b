"""Access-matrix rows for clinic profiles: the public page and the clinic admin's editing."""

from __future__ import annotations

from collections.abc import Callable

from tests.matrix.base import Row, expect, for_group
from tests.personas import Cast


def _listing_of_clinic_a(cast: Cast) -> str:
    """A published listing belonging to clinic A (whose admin is ola); made once per cast."""
    from bontrack.directory.models import Listing
    from tests.directory.factories import ensure_postcode

    postcode = ensure_postcode("0150")
    listing, _ = Listing.objects.get_or_create(
        slug="matrise-klinikk-a",
        defaults={
            "name": "Klinikk A",
            "kind": Listing.Kind.PRIVATE,
            "clinic": cast.clinic_a,
            "street_address": "Matrisegata 1",
            "postcode": postcode,
            "latitude": postcode.latitude,
            "longitude": postcode.longitude,
        },
    )
    return listing.slug


def _workspace(path: str) -> Callable[[Cast], str]:
    """The clinic admin's page at `path`, with clinic A's listing in place to edit."""

    def made(cast: Cast) -> str:
        _listing_of_clinic_a(cast)
        return path

    return made


ROWS: list[Row] = [
    Row(
        "klinikker/<slug:slug>/",
        lambda c: f"/klinikker/{_listing_of_clinic_a(c)}/",
        expect(200),
    ),
    Row(
        "klinikk/profil/",
        _workspace("/klinikk/profil/"),
        for_group({"ola"}, 200),
    ),
    Row(
        "klinikk/profil/historikk/",
        _workspace("/klinikk/profil/historikk/"),
        for_group({"ola"}, 200),
    ),
]
