"""The public side of booking requests: the form, its checks and anti-spam, the receipt and
the clinic's nudge by e-mail, the status page and withdrawing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from bontrack.accounts.models import AuditEvent
from bontrack.directory import bookings
from bontrack.directory.models import BookingRequest, Treatment
from bontrack.patients.models import Enrolment
from bontrack.treatments.models import Appointment
from tests.directory.booking_helpers import (
    HEALTH_MESSAGE,
    aged_stamp,
    linked_listing,
    make_booking,
    request_data,
)
from tests.directory.factories import make_listing, make_offering
from tests.personas import Cast
from tests.treatments.test_scheduling_helpers import oslo

pytestmark = pytest.mark.django_db


def _post(client: Client, slug: str, data: dict[str, str], language: str = "nb") -> Any:
    client.cookies["django_language"] = language
    return client.post(f"/klinikker/{slug}/bestill/", data)


def _send(client: Client, cast: Cast, capture: Any, **overrides: str) -> Any:
    listing = linked_listing(cast.clinic_a)
    with capture(execute=True):
        return _post(client, listing.slug, request_data(**overrides))


# --- The form -------------------------------------------------------------------------------


def test_the_form_offers_only_the_clinics_treatments_and_hides_the_honeypot(
    client: Client, cast: Cast
) -> None:
    listing = linked_listing(cast.clinic_a)
    make_offering(listing, treatment=Treatment.JAW)
    html = client.get(f"/klinikker/{listing.slug}/bestill/").content.decode()
    assert "Be om time hos" in html
    assert Treatment.CHRONIC_MIGRAINE.value in html and Treatment.JAW.value in html
    assert Treatment.PAIN.value not in html
    assert 'name="website"' in html and 'tabindex="-1"' in html and 'aria-hidden="true"' in html
    assert 'name="form_stamp"' in html
    assert "113" in html
    assert "<legend" in html and "Har du henvisning?" in html


def test_a_treatment_can_be_chosen_in_the_link(client: Client, cast: Cast) -> None:
    listing = linked_listing(cast.clinic_a)
    make_offering(listing, treatment=Treatment.JAW)
    html = client.get(f"/klinikker/{listing.slug}/bestill/?behandling=bont_jaw").content.decode()
    assert 'value="bont_jaw" selected' in html


def test_a_valid_request_is_stored_and_the_sender_sees_the_status_page(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    response = _send(client, cast, django_capture_on_commit_callbacks)
    booking = BookingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/klinikker/bestilling/{booking.token}/"
    assert booking.status == BookingRequest.Status.NEW
    assert booking.phone == "91234567"
    assert booking.language == "nb"
    assert booking.sender_hash and "127.0.0.1" not in booking.sender_hash
    page = client.get(response["Location"]).content.decode()
    assert "Forespørselen din er sendt" in page
    assert "Mottatt" in page and "Clinic A hodepinepoliklinikk" in page
    assert "Trekk tilbake forespørselen" in page
    assert HEALTH_MESSAGE not in page


def test_the_receipt_says_what_was_asked_and_repeats_nothing_the_sender_wrote(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    _send(client, cast, django_capture_on_commit_callbacks)
    booking = BookingRequest.objects.get()
    receipt = next(m for m in mail.outbox if m.to == ["kari@example.org"])
    assert "Clinic A hodepinepoliklinikk" in receipt.subject
    assert "ikke en time ennå" in receipt.body
    assert f"/klinikker/bestilling/{booking.token}/" in receipt.body
    assert "trekke" in receipt.body and "113" in receipt.body
    for typed in ("Kari", "migrene", "sumatriptan", "Tirsdager", "912"):
        assert typed not in receipt.body and typed not in receipt.subject


def test_the_clinic_is_told_a_request_waits_without_any_personal_details(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    _send(client, cast, django_capture_on_commit_callbacks)
    notice = next(m for m in mail.outbox if m.to == ["post@clinic-a.example"])
    assert "/klinikk/bestillinger/" in notice.body
    for personal in ("Kari", "kari@example.org", "migrene", "sumatriptan", "Tirsdager", "912"):
        assert personal not in notice.body and personal not in notice.subject


def test_without_a_listing_address_the_clinics_coordinators_are_told(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    listing = linked_listing(cast.clinic_a, email="")
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, listing.slug, request_data())
    notice = next(m for m in mail.outbox if m.to != ["kari@example.org"])
    assert notice.to == ["carol@example.org", "ola@example.org"]


def test_an_english_visitor_gets_the_receipt_in_english(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    listing = linked_listing(cast.clinic_a)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, listing.slug, request_data(), language="en")
    assert BookingRequest.objects.get().language == "en"
    receipt = next(m for m in mail.outbox if m.to == ["kari@example.org"])
    assert "This is not an appointment yet" in receipt.body
    assert "call 113" in receipt.body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Feltet er påkrevet"),
        ("email", "kari-at-example", "gyldig e-postadresse"),
        ("phone", "12345", "8 sifre"),
        ("phone", "+47 123", "8 sifre"),
        ("treatment", Treatment.PAIN, "Velg et gyldig valg"),
        ("has_referral", "", "Feltet er påkrevet"),
        ("preferred_times", "x" * 301, "Høyst 300 tegn; dette har 301"),
        ("message", "x" * 2001, "Høyst 2000 tegn; dette har 2001"),
        ("consent", "", "Kryss av"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any,
    field: str, value: str, message: str,
) -> None:
    response = _send(client, cast, django_capture_on_commit_callbacks, **{field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ingenting ble lagret" in html
    assert message in html
    assert f'href="#id_{field}' in html  # the summary links to the field
    assert not BookingRequest.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("22 33 44 55", "22334455"), ("+47 912 34 567", "91234567"), ("0047-91234567", "91234567"),
     ("+46 70 123 45 67", "+46701234567"), ("", "")],
)
def test_norwegian_and_international_phone_numbers_are_accepted(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any, typed: str, stored: str
) -> None:
    assert _send(client, cast, django_capture_on_commit_callbacks, phone=typed).status_code == 302
    assert BookingRequest.objects.get().phone == stored


def test_a_5_mb_message_gets_a_clear_page_and_nothing_is_stored(
    client: Client, cast: Cast
) -> None:
    listing = linked_listing(cast.clinic_a)
    response = _post(client, listing.slug, request_data(message="x" * (5 * 1024 * 1024)))
    assert response.status_code == 413
    html = response.content.decode()
    assert "Det du sendte, er for stort" in html
    assert "5,0 MB" in html and "2,5 MB" in html
    assert "noen tusen tegn" in html
    assert f'href="/klinikker/{listing.slug}/bestill/"' in html
    assert not BookingRequest.objects.exists()


def test_the_too_large_page_speaks_english_too(client: Client, cast: Cast) -> None:
    listing = linked_listing(cast.clinic_a)
    response = _post(client, listing.slug, request_data(message="x" * (5 * 1024 * 1024)),
                     language="en")
    assert response.status_code == 413
    assert "What you sent is too large" in response.content.decode()


def test_other_bad_requests_still_get_the_general_400_page(client: Client) -> None:
    response = client.get("/", HTTP_HOST="bad host name")
    assert response.status_code == 400


# --- Spam and floods ------------------------------------------------------------------------


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    response = _send(client, cast, django_capture_on_commit_callbacks,
                     website="http://spam.example")
    assert response.status_code == 400
    assert "automatisk" in response.content.decode()
    assert not BookingRequest.objects.exists() and not mail.outbox


def test_a_form_sent_back_at_once_is_refused(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    response = _send(client, cast, django_capture_on_commit_callbacks,
                     form_stamp=aged_stamp(seconds=0))
    assert response.status_code == 400
    assert "for raskt" in response.content.decode()
    assert not BookingRequest.objects.exists()


@pytest.mark.parametrize("stamp", ["", "1234:forged", aged_stamp(seconds=30)[:-3] + "abc"])
def test_a_missing_or_forged_stamp_is_refused(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any, stamp: str
) -> None:
    response = _send(client, cast, django_capture_on_commit_callbacks, form_stamp=stamp)
    assert response.status_code == 400
    assert "Last inn siden" in response.content.decode()
    assert not BookingRequest.objects.exists()


def test_the_fourth_request_within_an_hour_is_refused_clearly(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    for n in range(bookings.RATE_LIMIT):
        response = _send(client, cast, django_capture_on_commit_callbacks,
                         email=f"person{n}@example.org")
        assert response.status_code == 302
    response = _send(client, cast, django_capture_on_commit_callbacks, email="late@example.org")
    assert response.status_code == 400
    assert "3 forespørsler den siste timen" in response.content.decode()
    assert BookingRequest.objects.count() == bookings.RATE_LIMIT


def test_one_address_gets_at_most_three_requests_an_hour_from_anywhere(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    for n in range(bookings.RATE_LIMIT):
        client.defaults["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        assert _send(client, cast, django_capture_on_commit_callbacks).status_code == 302
    client.defaults["REMOTE_ADDR"] = "10.0.0.99"
    assert _send(client, cast, django_capture_on_commit_callbacks).status_code == 400
    assert BookingRequest.objects.count() == bookings.RATE_LIMIT


# --- Listings that take no requests ---------------------------------------------------------


def test_a_standalone_listing_shows_how_to_call_instead_of_a_form(client: Client) -> None:
    listing = make_listing(phone="55 00 11 22", email="post@frittstaende.example")
    make_offering(listing)
    html = client.get(f"/klinikker/{listing.slug}/bestill/").content.decode()
    assert 'name="form_stamp"' not in html
    assert "tar ikke imot forespørsler gjennom bontrack" in html
    assert "55 00 11 22" in html and "post@frittstaende.example" in html


def test_a_request_sent_to_a_standalone_listing_is_refused_and_not_stored(
    client: Client,
) -> None:
    listing = make_listing()
    make_offering(listing)
    response = _post(client, listing.slug, request_data())
    assert response.status_code == 400
    assert "ingenting ble lagret" in response.content.decode()
    assert not BookingRequest.objects.exists()


def test_the_service_refuses_a_standalone_listing(cast: Cast) -> None:
    listing = make_listing()
    make_offering(listing)
    data = {"name": "Kari", "email": "kari@example.org", "treatment": Treatment.CHRONIC_MIGRAINE,
            "has_referral": "no"}
    with translation.override("en"), pytest.raises(
        bookings.BookingRequestError, match="does not take booking requests"
    ):
        bookings.request_booking(listing=listing, data=data, sender="x", language="nb")
    assert not BookingRequest.objects.exists()


def test_a_listing_without_treatments_has_no_form(client: Client, cast: Cast) -> None:
    listing = make_listing(clinic=cast.clinic_a)
    html = client.get(f"/klinikker/{listing.slug}/bestill/").content.decode()
    assert 'name="form_stamp"' not in html
    assert "ikke lagt inn behandlingene" in html


def test_an_unpublished_or_unknown_listing_is_not_found(client: Client, cast: Cast) -> None:
    listing = linked_listing(cast.clinic_a, published=False)
    assert client.get(f"/klinikker/{listing.slug}/bestill/").status_code == 404
    assert client.get("/klinikker/finnes-ikke/bestill/").status_code == 404


# --- The status page and withdrawing --------------------------------------------------------


def test_an_unknown_status_link_is_not_found(client: Client) -> None:
    assert client.get("/klinikker/bestilling/gjettet-kode/").status_code == 404
    assert client.post("/klinikker/bestilling/gjettet-kode/trekk-tilbake/").status_code == 404


def test_the_status_page_is_not_cached_or_indexed(client: Client, cast: Cast) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    response = client.get(f"/klinikker/bestilling/{booking.token}/")
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_requester_withdraws_a_new_request(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/klinikker/bestilling/{booking.token}/trekk-tilbake/")
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingRequest.Status.WITHDRAWN
    page = client.get(response["Location"]).content.decode()
    assert "Forespørselen din er trukket tilbake" in page
    assert "Trekk tilbake forespørselen" not in page
    (update,) = mail.outbox
    assert update.to == ["kari@example.org"] and "trukket tilbake" in update.body
    assert HEALTH_MESSAGE not in update.body
    assert AuditEvent.objects.filter(action="withdraw", object_id=str(booking.pk)).exists()


def test_an_answered_request_cannot_be_withdrawn(client: Client, cast: Cast) -> None:
    booking = make_booking(linked_listing(cast.clinic_a), status=BookingRequest.Status.DECLINED)
    response = client.post(f"/klinikker/bestilling/{booking.token}/trekk-tilbake/", follow=True)
    assert "ikke lenger" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingRequest.Status.DECLINED


def test_withdrawing_needs_a_post(client: Client, cast: Cast) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    assert client.get(f"/klinikker/bestilling/{booking.token}/trekk-tilbake/").status_code == 405


def test_the_public_pages_speak_english(client: Client, cast: Cast) -> None:
    listing = linked_listing(cast.clinic_a)
    booking = make_booking(listing)
    client.cookies["django_language"] = "en"
    form = client.get(f"/klinikker/{listing.slug}/bestill/").content.decode()
    assert "Request an appointment at" in form and "Do you have a referral?" in form
    status = client.get(f"/klinikker/bestilling/{booking.token}/").content.decode()
    assert "Your booking request" in status and "Withdraw the request" in status
    assert "BoNT-A for chronic migraine" in status


def test_a_request_cannot_carry_another_clinics_patient_into_the_clinic(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    # A self-made request, accepted with clinic B's patient's number: the service refuses it
    # in the same words as for any number it may not register, and the requester's page and
    # inbox stay as they were.
    berit = cast.berit_patient
    booking = make_booking(linked_listing(cast.clinic_a), name=berit.full_name)
    day = timezone.localdate() + dt.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"), \
            pytest.raises(bookings.BookingRequestError) as refused:
        bookings.accept(
            user=cast.carol, booking=booking,
            identity=bookings.Identity(berit.full_name, berit.national_id or ""),
            physician=cast.dave, kind=Appointment.Kind.FIRST_VISIT,
            starts_at=oslo(day, 10), minutes=30,
        )
    assert refused.value.errors == {"national_id": (
        "This identity number cannot be registered from a booking request. Register the "
        "patient through a referral, or ask a physician.")}
    assert not Enrolment.objects.filter(patient=berit, clinic=cast.clinic_a).exists()
    assert not Appointment.objects.exists() and not mail.outbox
    booking.refresh_from_db()
    assert booking.status == BookingRequest.Status.NEW and booking.patient is None
    assert AuditEvent.objects.filter(action="search", actor=cast.carol, patient=None,
                                     reason__contains=f"booking request {booking.pk}").exists()
    page = client.get(f"/klinikker/bestilling/{booking.token}/").content.decode()
    assert "Trekk tilbake forespørselen" in page
