"""The clinic's booking inbox: who may read it, reading is audited, accepting makes a patient
and an appointment (never a double booking), declining, and requests that cannot be accepted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from bontrack.accounts.models import AuditEvent
from bontrack.directory import bookings
from bontrack.directory.models import BookingRequest
from bontrack.patients.models import Enrolment, Patient
from bontrack.patients.nin import make_national_id
from bontrack.treatments.models import Appointment
from tests.directory.booking_helpers import HEALTH_MESSAGE, linked_listing, make_booking
from tests.directory.factories import make_listing, make_offering
from tests.personas import Cast, login
from tests.treatments.test_scheduling_helpers import booked, oslo

pytestmark = pytest.mark.django_db

KARI_BORN = dt.date(1985, 3, 14)
KARI_NIN = make_national_id(KARI_BORN, 456, synthetic=True)


def _day() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=14)


def _accept_data(cast: Cast, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "full_name": "Kari Nordmann", "national_id": KARI_NIN, "birth_date": "",
        "phone": "91234567", "email": "kari@example.org", "physician": cast.dave.pk,
        "kind": Appointment.Kind.FIRST_VISIT, "date": _day().isoformat(), "time": "10:00",
        "minutes": "45", "note": "Ta med henvisningen.",
    }
    data.update(overrides)
    return data


def _as(client: Client, user: Any) -> Client:
    client.cookies["django_language"] = "nb"
    return login(client, user)


def _accept(client: Client, booking: BookingRequest, data: dict[str, Any]) -> Any:
    return client.post(f"/klinikk/bestillinger/{booking.pk}/godta/", data)


# --- Reading ---------------------------------------------------------------------------------


def test_the_inbox_shows_new_requests_first_with_their_age(client: Client, cast: Cast) -> None:
    listing = linked_listing(cast.clinic_a)
    make_booking(listing, name="Eldre Forespørsel",
                 created_at=timezone.now() - dt.timedelta(days=2))
    make_booking(listing, name="Ny Forespørsel")
    make_booking(listing, name="Avslått Forespørsel", status=BookingRequest.Status.DECLINED,
                 handled_at=timezone.now())
    html = _as(client, cast.carol).get("/klinikk/bestillinger/").content.decode()
    assert "2 forespørsler venter" in html
    assert html.index("Eldre Forespørsel") < html.index("Ny Forespørsel")
    assert html.index("Ny Forespørsel") < html.index("Avslått Forespørsel")
    assert "2\xa0dager" in html and "siden" in html
    assert HEALTH_MESSAGE not in html
    assert AuditEvent.objects.filter(action="list", actor=cast.carol, clinic=cast.clinic_a,
                                     object_type="directory.bookingrequest").exists()


def test_the_inbox_holds_only_the_users_own_clinics_requests(client: Client, cast: Cast) -> None:
    make_booking(linked_listing(cast.clinic_b), name="Til Klinikk B")
    other = make_booking(linked_listing(cast.clinic_b), name="Også B")
    _as(client, cast.carol)
    assert "Til Klinikk B" not in client.get("/klinikk/bestillinger/").content.decode()
    assert client.get(f"/klinikk/bestillinger/{other.pk}/").status_code == 404


def test_reading_a_request_is_audited_and_shows_the_message(client: Client, cast: Cast) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    html = _as(client, cast.ola).get(f"/klinikk/bestillinger/{booking.pk}/").content.decode()
    assert HEALTH_MESSAGE in html and "kari@example.org" in html
    event = AuditEvent.objects.get(action="read", object_id=str(booking.pk))
    assert event.actor == cast.ola and event.clinic == cast.clinic_a
    assert event.object_type == "directory.bookingrequest"


@pytest.mark.parametrize("persona", ["dave", "erin", "alice", "frank", "pat"])
def test_only_coordinators_and_clinic_admins_open_the_inbox(
    client: Client, cast: Cast, persona: str
) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    _as(client, getattr(cast, persona))
    assert client.get("/klinikk/bestillinger/").status_code == 403
    assert client.get(f"/klinikk/bestillinger/{booking.pk}/").status_code == 403
    assert client.post(f"/klinikk/bestillinger/{booking.pk}/avvis/",
                       {"reason": "Nei"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, cast: Cast) -> None:
    response = client.get("/klinikk/bestillinger/")
    assert response.status_code == 302 and "/logg-inn/" in response["Location"]


def test_the_workspace_links_the_inbox_with_how_many_wait(client: Client, cast: Cast) -> None:
    listing = linked_listing(cast.clinic_a)
    make_booking(listing)
    make_booking(listing)
    for user in (cast.carol, cast.ola):
        html = _as(Client(), user).get("/klinikk/").content.decode()
        assert 'href="/klinikk/bestillinger/"' in html and "2 nye" in html
    assert "/klinikk/bestillinger/" not in _as(client, cast.dave).get("/klinikk/").content.decode()


# --- Accepting -------------------------------------------------------------------------------


def test_accepting_makes_a_patient_and_an_appointment_and_tells_the_requester(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    with django_capture_on_commit_callbacks(execute=True):
        response = _accept(_as(client, cast.carol), booking, _accept_data(cast))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingRequest.Status.ACCEPTED
    assert booking.handled_by == cast.carol and booking.status_note == "Ta med henvisningen."
    patient = Patient.objects.get(national_id=KARI_NIN)
    assert booking.patient == patient
    assert patient.full_name == "Kari Nordmann" and patient.birth_date == KARI_BORN
    assert patient.email == "kari@example.org" and patient.phone == "91234567"
    assert Enrolment.objects.filter(patient=patient, clinic=cast.clinic_a).exists()
    appointment = Appointment.objects.get(patient=patient)
    assert booking.appointment == appointment
    assert appointment.physician == cast.dave and appointment.clinic == cast.clinic_a
    assert appointment.starts_at == oslo(_day(), 10)
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(minutes=45)
    actions = set(AuditEvent.objects.filter(patient=patient).values_list("action", flat=True))
    assert {"create", "accept"} <= actions
    assert AuditEvent.objects.filter(action="create", object_type="patients.patient",
                                     object_id=str(patient.pk), actor=cast.carol).exists()
    status_mail = next(m for m in mail.outbox if "godtatt" in m.subject)
    assert status_mail.to == ["kari@example.org"]
    assert _day().strftime("%d.%m.%Y") in status_mail.body and "10:00" in status_mail.body
    assert "Bygg 2, 3. etasje" in status_mail.body
    for secret in ("migrene", "sumatriptan", "Ta med henvisningen", KARI_NIN):
        assert secret not in status_mail.body
    assert any(m.attachments for m in mail.outbox)  # the calendar's own booking e-mail
    page = client.get(f"/klinikker/bestilling/{booking.token}/").content.decode()
    assert "Akseptert" in page and "10:00" in page and "Ta med henvisningen." in page


def test_accepting_books_the_clinics_own_patient_and_never_changes_the_record(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    alice = cast.alice_patient  # enrolled at clinic A, no phone or e-mail in the record
    booking = make_booking(linked_listing(cast.clinic_a), name="Alice Aas",
                           email="ny@example.org", phone="98765432")
    before = Patient.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = _accept(_as(client, cast.carol), booking, _accept_data(
            cast, full_name="alice  aas", national_id=alice.national_id,
            phone="98765432", email="ny@example.org"))
    assert response.status_code == 302
    assert Patient.objects.count() == before
    booking.refresh_from_db()
    assert booking.patient == alice
    alice.refresh_from_db()
    assert alice.phone == "" and alice.email == "" and alice.full_name == "Alice Aas"
    assert AuditEvent.objects.filter(action="read", patient=alice, actor=cast.carol,
                                     reason__startswith="matched").exists()
    assert not AuditEvent.objects.filter(action="update", object_type="patients.patient",
                                         patient=alice).exists()
    # The coordinator is shown what they confirmed, to update the record by hand.
    page = client.get(response["Location"]).content.decode()
    assert "Pasientens journal ble ikke endret" in page
    assert "98765432" in page and "ny@example.org" in page


def test_a_matching_record_gets_no_contact_warning(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    with django_capture_on_commit_callbacks(execute=True):
        response = _accept(_as(client, cast.carol), booking, _accept_data(cast))
    assert "ble ikke endret" not in client.get(response["Location"]).content.decode()


def test_the_clinics_patient_under_another_name_is_refused(client: Client, cast: Cast) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    before = Patient.objects.count()
    response = _accept(_as(client, cast.carol), booking, _accept_data(
        cast, national_id=cast.alice_patient.national_id, birth_date=""))
    assert response.status_code == 400
    assert "Kontroller nummeret og navnet" in response.content.decode()
    assert Patient.objects.count() == before
    assert not Appointment.objects.exists()
    booking.refresh_from_db()
    assert booking.status == BookingRequest.Status.NEW
    # The refusal read the clinic's own patient: audited with her, though all else rolled back.
    assert AuditEvent.objects.filter(action="search", patient=cast.alice_patient,
                                     actor=cast.carol, clinic=cast.clinic_a).exists()


@pytest.mark.parametrize("name", ["Berit Bø", "Kari Nordmann"])
def test_another_clinics_patient_cannot_be_reached_through_a_self_made_request(
    client: Client, cast: Cast, name: str
) -> None:
    # Carol sends her own clinic a request and types the number of clinic B's patient.
    berit = cast.berit_patient
    fields = {f: getattr(berit, f) for f in ("full_name", "phone", "email", "birth_date")}
    booking = make_booking(linked_listing(cast.clinic_a), name=name, email="carol@example.org")
    audit_before = AuditEvent.objects.filter(patient=berit).count()
    response = _accept(_as(client, cast.carol), booking, _accept_data(
        cast, full_name=name, national_id=berit.national_id, phone="99999999",
        email="carol@example.org"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dette fødselsnummeret kan ikke registreres fra en timeforespørsel" in html
    # The answer is the same whatever the name, and tells nothing of the record.
    for hint in ("annet navn", "Clinic B", "07.07.1990", "1990-07-07", "finnes"):
        assert hint not in html
    if name == "Kari Nordmann":
        assert "Berit" not in html
    assert not Enrolment.objects.filter(patient=berit, clinic=cast.clinic_a).exists()
    berit.refresh_from_db()
    assert {f: getattr(berit, f) for f in fields} == fields
    assert not Appointment.objects.exists()
    booking.refresh_from_db()
    assert booking.status == BookingRequest.Status.NEW and booking.patient is None
    assert _as(Client(), cast.carol).get(f"/klinikk/pasienter/{berit.pk}/").status_code == 404
    # The lookup is audited although everything else rolled back, without naming the record.
    event = AuditEvent.objects.get(action="search", actor=cast.carol, clinic=cast.clinic_a)
    assert event.patient_id is None and event.object_id == ""
    assert event.object_type == "patients.patient"
    assert f"booking request {booking.pk}" in event.reason and "refused" in event.reason
    assert AuditEvent.objects.filter(patient=berit).count() == audit_before


def test_without_a_number_a_new_record_is_made_even_for_the_same_name_and_birth_date(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    alice = cast.alice_patient
    booking = make_booking(linked_listing(cast.clinic_a), name="Alice Aas")
    with django_capture_on_commit_callbacks(execute=True):
        response = _accept(_as(client, cast.carol), booking, _accept_data(
            cast, full_name="Alice Aas", national_id="", birth_date="1980-05-17",
            email="fremmed@example.org"))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.patient is not None and booking.patient != alice
    assert booking.patient.national_id is None and booking.patient.birth_date == alice.birth_date
    assert booking.patient.email == "fremmed@example.org"
    alice.refresh_from_db()
    assert alice.email == "" and alice.phone == ""
    assert not Appointment.objects.filter(patient=alice).exists()


def test_the_same_contact_details_never_make_two_people_one(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    # Alice's partner writes from the shared family address: a new record, not Alice's.
    cast.alice_patient.email = "familien@example.org"
    cast.alice_patient.save()
    booking = make_booking(linked_listing(cast.clinic_a), name="Per Aas",
                           email="familien@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _accept(_as(client, cast.carol), booking, _accept_data(
            cast, full_name="Per Aas", national_id="", birth_date="1979-02-01",
            email="familien@example.org"))
    booking.refresh_from_db()
    assert booking.patient is not None and booking.patient != cast.alice_patient
    assert booking.patient.national_id is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"national_id": "12345678901"}, "gyldig fødselsnummer: det første kontrollsifferet"),
        ({"national_id": "123"}, "må være nøyaktig 11 sifre"),
        ({"national_id": "", "birth_date": ""}, "Oppgi fødselsdato eller fødselsnummer"),
        ({"birth_date": "1990-01-01"}, "stemmer ikke med fødselsnummeret"),
        ({"full_name": ""}, "Feltet er påkrevet"),
        ({"physician": ""}, "Feltet er påkrevet"),
        ({"date": (timezone.localdate() - dt.timedelta(days=1)).isoformat()}, "er passert"),
    ],
)
def test_bad_accept_input_names_the_problem_and_leaves_nothing_behind(
    client: Client, cast: Cast, overrides: dict[str, str], message: str
) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    before = Patient.objects.count()
    response = _accept(_as(client, cast.carol), booking, _accept_data(cast, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Patient.objects.count() == before and not Appointment.objects.exists()
    assert not Enrolment.objects.filter(patient__national_id=KARI_NIN).exists()


def test_accepting_never_double_books_the_physician(client: Client, cast: Cast) -> None:
    booked(cast, starts_at=oslo(_day(), 10, 15), minutes=30)
    booking = make_booking(linked_listing(cast.clinic_a))
    response = _accept(_as(client, cast.carol), booking, _accept_data(cast))
    assert response.status_code == 400
    assert "er allerede opptatt" in response.content.decode()
    assert Appointment.objects.count() == 1
    assert not Patient.objects.filter(national_id=KARI_NIN).exists()
    booking.refresh_from_db()
    assert booking.status == BookingRequest.Status.NEW and booking.patient is None


def test_the_physician_must_work_at_the_listings_clinic(client: Client, cast: Cast) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    response = _accept(_as(client, cast.carol), booking, _accept_data(cast, physician=cast.erin.pk))
    assert response.status_code == 400
    assert not Appointment.objects.exists()


def test_a_clinic_admin_reads_but_does_not_accept(client: Client, cast: Cast) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    _as(client, cast.ola)
    html = client.get(f"/klinikk/bestillinger/{booking.pk}/").content.decode()
    assert "Be en koordinator godta" in html and 'name="national_id"' not in html
    assert _accept(client, booking, _accept_data(cast)).status_code == 403
    assert not Patient.objects.filter(national_id=KARI_NIN).exists()


def test_an_answered_request_cannot_be_accepted_again(client: Client, cast: Cast) -> None:
    booking = make_booking(linked_listing(cast.clinic_a), status=BookingRequest.Status.WITHDRAWN)
    response = _accept(_as(client, cast.carol), booking, _accept_data(cast))
    assert response.status_code == 302
    assert "venter ikke lenger" in client.get(response["Location"]).content.decode()
    assert not Appointment.objects.exists()


def test_the_service_refuses_a_request_to_a_standalone_listing(cast: Cast) -> None:
    listing = make_listing()
    make_offering(listing)
    booking = make_booking(listing)
    with translation.override("en"), pytest.raises(
        bookings.BookingRequestError, match="not run in bontrack"
    ):
        bookings.accept(
            user=cast.carol, booking=booking, identity=bookings.Identity("Kari Nordmann",
                                                                          KARI_NIN),
            physician=cast.dave, kind=Appointment.Kind.FIRST_VISIT,
            starts_at=oslo(_day(), 10), minutes=30,
        )
    assert not Patient.objects.filter(national_id=KARI_NIN).exists()


# --- Declining -------------------------------------------------------------------------------


def test_declining_tells_the_requester_and_shows_the_message_only_on_the_status_page(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    reason = "Vi tar ikke imot nye pasienter i år. Spør fastlegen om henvisning til sykehuset."
    with django_capture_on_commit_callbacks(execute=True):
        response = _as(client, cast.ola).post(f"/klinikk/bestillinger/{booking.pk}/avvis/",
                                              {"reason": reason})
    assert response.status_code == 302 and response["Location"] == "/klinikk/bestillinger/"
    booking.refresh_from_db()
    assert booking.status == BookingRequest.Status.DECLINED and booking.status_note == reason
    (update,) = mail.outbox
    assert update.to == ["kari@example.org"] and "ikke tilby deg time" in update.body
    assert reason not in update.body and HEALTH_MESSAGE not in update.body
    assert AuditEvent.objects.filter(action="decline", object_id=str(booking.pk),
                                     actor=cast.ola).exists()
    page = client.get(f"/klinikker/bestilling/{booking.token}/").content.decode()
    assert "Avslått" in page and "Vi tar ikke imot nye pasienter" in page


def test_declining_needs_a_message(client: Client, cast: Cast) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    response = _as(client, cast.carol).post(f"/klinikk/bestillinger/{booking.pk}/avvis/",
                                            {"reason": "   "})
    assert response.status_code == 400
    assert "Ingenting ble lagret" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingRequest.Status.NEW


def test_the_inbox_pages_speak_english(client: Client, cast: Cast) -> None:
    booking = make_booking(linked_listing(cast.clinic_a))
    login(client, cast.carol)
    client.cookies["django_language"] = "en"
    assert "1 request waiting" in client.get("/klinikk/bestillinger/").content.decode()
    page = client.get(f"/klinikk/bestillinger/{booking.pk}/").content.decode()
    assert "Accept with an appointment" in page and "Decline with a message" in page
