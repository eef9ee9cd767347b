"""The clinic admin keeps their clinic's profile at /klinikk/profil/."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from bontrack.accounts.models import AuditEvent
from bontrack.directory import profiles
from bontrack.directory.models import Listing, Offering, ProfileChange, Treatment
from tests.directory.factories import days_ago, ensure_postcode, make_listing, make_offering
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db

EDIT = "/klinikk/profil/"
HISTORY = "/klinikk/profil/historikk/"


@pytest.fixture
def listing(cast: Cast) -> Listing:
    found = make_listing(
        clinic=cast.clinic_a,
        name="Smerteklinikken A",
        description="Gammel tekst.",
        staff_roles=["Nevrolog"],
    )
    make_offering(
        found,
        price_from=3500,
        wait_weeks=8,
        price_confirmed_on=days_ago(50),
        wait_updated_on=days_ago(50),
    )
    return found


def _form(listing: Listing, **changes: str) -> dict[str, str]:
    """The form as the page fills it in from the listing, with `changes` typed over it."""
    data: dict[str, str] = {
        "action": "save",
        "description": listing.description,
        "description_en": listing.description_en,
        "staff_roles": "\n".join(listing.staff_roles),
        "street_address": listing.street_address,
        "postcode": listing.postcode_id,
        "where_to_meet": listing.where_to_meet,
        "parking": listing.parking,
        "public_transport": listing.public_transport,
        "phone": listing.phone,
        "email": listing.email,
        "website": listing.website,
    }
    if listing.blue_prescription:
        data["blue_prescription"] = "on"
    offerings = {o.treatment: o for o in listing.offerings.all()}
    for value in Treatment.values:
        offering = offerings.get(value)
        prefix = f"offering-{value}-"
        if offering is not None:
            data[prefix + "offered"] = "on"
            data[prefix + "price_from"] = str(offering.price_from or "")
            data[prefix + "wait_weeks"] = str(offering.wait_weeks or "")
            data[prefix + "note"] = offering.note
    hours = {h["day"]: h for h in listing.opening_hours}
    for day in range(7):
        if day in hours:
            data[f"hours-{day}-opens"] = hours[day]["opens"]
            data[f"hours-{day}-closes"] = hours[day]["closes"]
        else:
            data[f"hours-{day}-closed"] = "on"
    data.update(changes)
    return data


def _post(cast: Cast, data: dict[str, Any], user: str = "ola") -> Any:
    return login(Client(), getattr(cast, user)).post(EDIT, data)


MIGRAINE = f"offering-{Treatment.CHRONIC_MIGRAINE}-"


def test_the_clinic_admin_sees_their_own_clinics_profile(cast: Cast, listing: Listing) -> None:
    make_listing(name="Noen andres klinikk", clinic=cast.clinic_b)
    response = login(Client(), cast.ola).get(EDIT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Smerteklinikken A" in html and "Noen andres klinikk" not in html
    assert "Prisen kan være utdatert" in html  # confirmed 50 days ago


def test_a_clinic_admin_without_a_listing_is_told_so(cast: Cast) -> None:
    response = login(Client(), cast.ola).get(EDIT)
    assert response.status_code == 200
    assert "ingen side i den offentlige katalogen" in response.content.decode()


def test_saving_a_price_and_a_wait_dates_them_today_and_keeps_history(
    cast: Cast, listing: Listing
) -> None:
    response = _post(
        cast,
        _form(
            listing,
            **{
                MIGRAINE + "price_from": "3 900",
                MIGRAINE + "wait_weeks": "12",
                "description": "Ny tekst.",
            },
        ),
    )
    assert response.status_code == 302
    offering = listing.offerings.get()
    today = timezone.localdate()
    assert (offering.price_from, offering.price_confirmed_on) == (3900, today)
    assert (offering.wait_weeks, offering.wait_updated_on) == (12, today)
    listing.refresh_from_db()
    assert listing.description == "Ny tekst."
    changes = {c.field: (c.old, c.new, c.changed_by) for c in ProfileChange.objects.all()}
    assert changes["description"] == ("Gammel tekst.", "Ny tekst.", cast.ola)
    assert changes[f"offering:{Treatment.CHRONIC_MIGRAINE}:price_from"][:2] == ("3500", "3900")
    assert changes[f"offering:{Treatment.CHRONIC_MIGRAINE}:wait_weeks"][:2] == ("8", "12")
    event = AuditEvent.objects.filter(action="update", object_type="directory.listing").get()
    assert event.actor == cast.ola and event.clinic_id == cast.clinic_a.pk


def test_an_unchanged_price_keeps_its_date(cast: Cast, listing: Listing) -> None:
    _post(cast, _form(listing, description="Bare teksten endres."))
    offering = listing.offerings.get()
    assert offering.price_confirmed_on == days_ago(50)
    assert not ProfileChange.objects.filter(field__startswith="offering:").exists()


def test_confirm_unchanged_re_dates_prices_and_waits(cast: Cast, listing: Listing) -> None:
    response = _post(cast, {"action": "confirm"})
    assert response.status_code == 302
    offering = listing.offerings.get()
    today = timezone.localdate()
    assert offering.price_confirmed_on == today and offering.wait_updated_on == today
    assert offering.price_from == 3500
    fields = set(ProfileChange.objects.values_list("field", flat=True))
    assert fields == {
        f"offering:{Treatment.CHRONIC_MIGRAINE}:price_confirmed_on",
        f"offering:{Treatment.CHRONIC_MIGRAINE}:wait_updated_on",
    }
    page = login(Client(), cast.ola).get(EDIT).content.decode()
    assert "Prisen kan være utdatert" not in page


def test_a_negative_price_is_refused_naming_the_treatment_and_field(
    cast: Cast, listing: Listing
) -> None:
    response = _post(
        cast, _form(listing, **{MIGRAINE + "price_from": "-1", "description": "Endret."})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ingenting ble lagret" in html
    assert "BoNT-A ved kronisk migrene, pris fra" in html or "pris fra: må være" in html
    assert "men er -1" in html
    assert f'href="#id_{MIGRAINE}price_from"' in html
    listing.refresh_from_db()
    assert listing.description == "Gammel tekst."  # nothing partial
    assert listing.offerings.get().price_from == 3500
    assert not ProfileChange.objects.exists()


def test_a_closing_time_before_the_opening_time_is_refused(cast: Cast, listing: Listing) -> None:
    response = _post(
        cast,
        _form(
            listing,
            **{
                "hours-0-opens": "15:00",
                "hours-0-closes": "08:00",
                MIGRAINE + "price_from": "4000",
            },
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mandag: stenger kl. 08:00, som ikke er etter at den åpner kl. 15:00." in html
    assert listing.offerings.get().price_from == 3500
    assert not ProfileChange.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({MIGRAINE + "price_from": "mange"}, "«mange» er ikke et helt antall kroner"),
        ({MIGRAINE + "wait_weeks": "300"}, "må være et helt antall uker fra 0 til 260"),
        ({"hours-2-opens": "25:00", "hours-2-closes": "26:00"}, "«25:00» er ikke et klokkeslett"),
        ({"hours-3-opens": "08:00", "hours-3-closes": ""}, "oppgi både når klinikken åpner"),
        ({"postcode": "0000"}, "0000 er ikke et norsk postnummer vi kjenner"),
        ({"email": "ikke-en-adresse"}, "E-post:"),
        ({f"offering-{Treatment.PAIN}-price_from": "3000"}, "kryss av for «Tilbys»"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_stored(
    cast: Cast, listing: Listing, changes: dict[str, str], message: str
) -> None:
    before = listing.opening_hours
    response = _post(cast, _form(listing, description="Skulle ikke lagres.", **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    listing.refresh_from_db()
    assert listing.description == "Gammel tekst." and listing.opening_hours == before
    assert not ProfileChange.objects.exists()


def test_opening_hours_staff_roles_and_a_new_treatment_are_saved(
    cast: Cast, listing: Listing
) -> None:
    ensure_postcode("5003")
    data = _form(
        listing,
        **{
            "hours-5-closed": "",
            "hours-5-opens": "10:00",
            "hours-5-closes": "14:00",
            "hours-0-closed": "on",
            "staff_roles": "Nevrolog\nSykepleier\n",
            "postcode": "5003",
            f"offering-{Treatment.JAW}-offered": "on",
            f"offering-{Treatment.JAW}-price_from": "2800",
        },
    )
    data.pop("hours-5-closed")
    assert _post(cast, data).status_code == 302
    listing.refresh_from_db()
    assert {"day": 5, "opens": "10:00", "closes": "14:00"} in listing.opening_hours
    assert all(h["day"] != 0 for h in listing.opening_hours)
    assert listing.staff_roles == ["Nevrolog", "Sykepleier"]
    assert listing.postcode_id == "5003" and round(listing.latitude, 2) == 60.40
    jaw = listing.offerings.get(treatment=Treatment.JAW)
    assert jaw.price_from == 2800 and jaw.price_confirmed_on == timezone.localdate()
    assert jaw.wait_weeks is None and jaw.wait_updated_on is None
    fields = set(ProfileChange.objects.values_list("field", flat=True))
    assert {"opening_hours:0", "opening_hours:5", "staff_roles", "postcode"} <= fields
    assert f"offering:{Treatment.JAW}:offered" in fields


def test_unticking_a_treatment_removes_it_with_history(cast: Cast, listing: Listing) -> None:
    data = _form(listing)
    for key in [k for k in data if k.startswith(MIGRAINE)]:
        data.pop(key)
    assert _post(cast, data).status_code == 302
    assert not Offering.objects.filter(listing=listing).exists()
    removed = ProfileChange.objects.get(field=f"offering:{Treatment.CHRONIC_MIGRAINE}:price_from")
    assert (removed.old, removed.new) == ("3500", "")


def test_history_lists_the_changes_with_who_and_before_and_after(
    cast: Cast, listing: Listing
) -> None:
    _post(cast, _form(listing, **{MIGRAINE + "price_from": "4200"}))
    response = login(Client(), cast.ola).get(HISTORY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ola Admin" in html
    assert "BoNT-A" in html and "pris fra (kr)" in html
    assert "3\xa0500 kr" in html or "3 500 kr" in html
    assert "4\xa0200 kr" in html or "4 200 kr" in html


def test_another_clinics_admin_cannot_change_this_listing(cast: Cast, listing: Listing) -> None:
    other = make_listing(clinic=cast.clinic_b, description="B sin tekst.")
    with pytest.raises(PermissionDenied):
        profiles.save_profile(
            user=cast.ola,
            listing_id=other.pk,
            data=profiles.ProfileInput(street_address="x", postcode="0150", description="Hei"),
        )
    with pytest.raises(PermissionDenied):
        profiles.confirm_unchanged(user=cast.ola, listing_id=other.pk)
    # Asking for the other clinic's listing by its address name finds nothing.
    assert login(Client(), cast.ola).get(EDIT, {"oppforing": other.slug}).status_code == 404
    response = _post(cast, _form(other, oppforing=other.slug, description="Kapret"))
    assert response.status_code == 404
    other.refresh_from_db()
    listing.refresh_from_db()
    assert other.description == "B sin tekst." and listing.description == "Gammel tekst."


@pytest.mark.parametrize("persona", ["carol", "dave", "erin", "alice", "frank", "pat"])
def test_only_clinic_admins_reach_the_profile_pages(
    cast: Cast, listing: Listing, persona: str
) -> None:
    client = login(Client(), getattr(cast, persona))
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, _form(listing, description="Nei")).status_code == 403
    assert client.get(HISTORY).status_code == 403
    listing.refresh_from_db()
    assert listing.description == "Gammel tekst."


def test_anonymous_visitors_are_sent_to_log_in(listing: Listing) -> None:
    response = Client().get(EDIT)
    assert response.status_code == 302 and "/logg-inn/" in response["Location"]


def test_an_admin_of_two_clinics_chooses_which_profile(cast: Cast, listing: Listing) -> None:
    from bontrack.accounts.models import Membership, Role

    Membership.objects.create(user=cast.ola, clinic=cast.clinic_b, role=Role.CLINIC_ADMIN)
    other = make_listing(clinic=cast.clinic_b, name="Andre klinikk", description="B-tekst.")
    client = login(Client(), cast.ola)
    html = client.get(EDIT, {"oppforing": other.slug}).content.decode()
    assert "Klinikkprofil: Andre klinikk" in html and 'name="oppforing"' in html
    response = client.post(EDIT, _form(other, oppforing=other.slug, description="Ny B."))
    assert response.status_code == 302 and other.slug in response["Location"]
    other.refresh_from_db()
    listing.refresh_from_db()
    assert other.description == "Ny B." and listing.description == "Gammel tekst."


def test_the_workspace_links_the_profile_for_clinic_admins_only(cast: Cast) -> None:
    link = 'href="/klinikk/profil/"'
    assert link in login(Client(), cast.ola).get("/klinikk/").content.decode()
    assert link not in login(Client(), cast.dave).get("/klinikk/").content.decode()
