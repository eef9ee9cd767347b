"""A patient downloads all their data and can ask for erasure; erasure keeps the audit chain."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bontrack.accounts import access, audit
from bontrack.accounts.models import (
    AuditEvent,
    BreakGlassAccess,
    Clinic,
    Membership,
    ReferrerProfile,
    Role,
    User,
)
from bontrack.patients import gdpr
from bontrack.patients.management.commands.erase_patient import Command as EraseCommand
from bontrack.patients.models import Enrolment, ErasureRequest, Patient
from bontrack.patients.nin import make_national_id

pytestmark = pytest.mark.django_db

PAGE = "/portal/mine-data/"
DOWNLOAD = "/portal/mine-data/last-ned/"
ERASURE = "/portal/mine-data/sletting/"
DIARY_HEADER = (
    "date,headache_hours,intensity,unilateral,pulsating,aggravated_by_activity,nausea,vomiting,"
    "photophobia,phonophobia,aura,acute_meds,relieved_by_acute_med,pain_nrs"
)


@dataclass
class World:
    clinic_a: Clinic
    clinic_b: Clinic
    alice: User
    alice_patient: Patient
    bob: User
    bob_patient: Patient
    dave: User
    erin: User
    frank: User
    admin: User


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Argon2 is slow on purpose; these tests are about data, not passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world() -> World:
    clinic_a = Clinic.objects.create(name="Hodepineklinikken Nord", slug="nord")
    clinic_b = Clinic.objects.create(name="Smerteklinikken Sør", slug="sor")
    alice = User.objects.create_user(email="alice@example.org", password="x", full_name="Alice A")
    alice_patient = Patient.objects.create(
        user=alice,
        full_name="Alice Aasen",
        national_id=make_national_id(date(1980, 5, 17), 123),
        birth_date=date(1980, 5, 17),
        email="alice@example.org",
        phone="+47 900 11 222",
        address="Bjørnstjerne Bjørnsons gate 1, 0155 Oslo",
        interpreter_language="polsk",
    )
    Enrolment.objects.create(patient=alice_patient, clinic=clinic_a)
    bob = User.objects.create_user(email="bob@example.org", password="x", full_name="Bob B")
    bob_patient = Patient.objects.create(
        user=bob, full_name="Bob Berg", national_id=make_national_id(date(1975, 2, 3), 211),
        phone="+47 911 99 888",
    )
    Enrolment.objects.create(patient=bob_patient, clinic=clinic_a)
    dave = User.objects.create_user(email="dave@example.org", password="x", full_name="Dr Dave")
    Membership.objects.create(user=dave, clinic=clinic_a, role=Role.PHYSICIAN)
    erin = User.objects.create_user(email="erin@example.org", password="x", full_name="Dr Erin")
    Membership.objects.create(user=erin, clinic=clinic_b, role=Role.PHYSICIAN)
    frank = User.objects.create_user(email="frank@example.org", password="x", full_name="Frank")
    ReferrerProfile.objects.create(
        user=frank, kind="gp", hpr_number="1234567", practice_name="Legesenteret"
    )
    admin_user = User.objects.create_superuser(email="root@example.org", password="x")
    return World(
        clinic_a, clinic_b, alice, alice_patient, bob, bob_patient, dave, erin, frank, admin_user
    )


def _unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def _download(client: Client, user: User) -> dict[str, str]:
    client.force_login(user)
    response = client.post(DOWNLOAD)
    assert response.status_code == 200
    return _unzip(response.content)


def _admin_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


# --- The page --------------------------------------------------------------------------------


def test_it_explains_the_download_and_erasure_to_the_patient(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "data.json" in body and "diary.csv" in body
    assert "pasientjournalloven" in body
    assert f'action="{DOWNLOAD}"' in body and f'action="{ERASURE}"' in body


def test_the_page_shows_an_open_request_instead_of_the_form(client: Client, world: World) -> None:
    gdpr.request_erasure(user=world.alice)
    client.force_login(world.alice)
    body = client.get(PAGE).content.decode()
    assert f'action="{ERASURE}"' not in body


@pytest.mark.parametrize("path", [PAGE, DOWNLOAD, ERASURE])
def test_anonymous_visitors_are_sent_to_log_in(client: Client, path: str) -> None:
    response = client.post(path) if path != PAGE else client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")


@pytest.mark.parametrize("path", [PAGE, DOWNLOAD, ERASURE])
def test_a_referrer_is_refused(client: Client, world: World, path: str) -> None:
    client.force_login(world.frank)
    response = client.post(path) if path != PAGE else client.get(path)
    assert response.status_code == 403


def test_a_physician_with_two_factor_is_refused_too(world: World) -> None:
    client = _admin_client(world.dave)
    assert client.post(DOWNLOAD).status_code == 403


def test_download_and_erasure_are_post_only(client: Client, world: World) -> None:
    client.force_login(world.alice)
    assert client.get(DOWNLOAD).status_code == 405
    assert client.get(ERASURE).status_code == 405
    assert not ErasureRequest.objects.exists()


# --- The download ----------------------------------------------------------------------------


def test_the_download_is_a_zip_attachment_named_by_date(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(DOWNLOAD)
    assert response["Content-Type"] == "application/zip"
    today = timezone.localdate().isoformat()
    expected = f'attachment; filename="bontrack-mine-data-{today}.zip"'
    assert response["Content-Disposition"] == expected
    assert "no-store" in response["Cache-Control"]


def test_the_zip_holds_the_patients_data_and_the_diary_csv(client: Client, world: World) -> None:
    files = _download(client, world.alice)
    assert {"data.json", "diary.csv", "access_log.csv"} <= set(files)
    data = json.loads(files["data.json"])
    assert data["format_version"] == 1
    assert data["exported_at"].startswith(timezone.localdate().isoformat())
    assert data["patient"]["full_name"] == "Alice Aasen"
    assert data["patient"]["national_id"] == world.alice_patient.national_id
    assert data["patient"]["birth_date"] == "1980-05-17"
    assert data["patient"]["address"] == "Bjørnstjerne Bjørnsons gate 1, 0155 Oslo"
    assert data["account"]["email"] == "alice@example.org"
    assert [c["clinic"] for c in data["clinics"]] == ["Hodepineklinikken Nord"]
    assert files["diary.csv"].splitlines() == [DIARY_HEADER]


def test_data_json_is_indented_utf8_without_escapes(client: Client, world: World) -> None:
    files = _download(client, world.alice)
    assert "\n  " in files["data.json"]
    assert "Bjørnstjerne Bjørnsons gate" in files["data.json"]


def test_nothing_of_another_patient_is_in_the_zip(client: Client, world: World) -> None:
    access.get_patient(world.dave, world.bob_patient.pk)
    gdpr.request_erasure(user=world.bob, message="Bob wants out")
    everything = "".join(_download(client, world.alice).values())
    for secret in ("Bob Berg", world.bob_patient.national_id, "911 99 888", "Bob wants out"):
        assert secret not in everything
    assert "bob@example.org" not in everything


def test_the_access_log_lists_who_looked_with_clinic_and_reason(
    client: Client, world: World
) -> None:
    access.get_patient(world.dave, world.alice_patient.pk)
    BreakGlassAccess.objects.create(
        user=world.erin, clinic=world.clinic_b, patient=world.alice_patient,
        reason="Akutt innleggelse, trenger behandlingshistorikk",
        expires_at=timezone.now() + timedelta(hours=2),
    )
    access.get_patient(world.erin, world.alice_patient.pk)
    files = _download(client, world.alice)
    log = json.loads(files["data.json"])["access_log"]
    dave_row = next(row for row in log if row["actor"] == "Dr Dave")
    assert dave_row["role"] == "physician"
    assert dave_row["clinic"] == "Hodepineklinikken Nord"
    assert dave_row["action"] == "read"
    erin_row = next(row for row in log if row["actor"] == "Dr Erin")
    assert erin_row["reason"] == "break-glass"
    assert log[-1]["action"] == "export"
    grants = json.loads(files["data.json"])["break_glass"]
    assert grants[0]["physician"] == "Dr Erin"
    assert grants[0]["reason"].startswith("Akutt innleggelse")
    rows = list(csv.DictReader(io.StringIO(files["access_log.csv"])))
    assert {"Dr Dave", "Dr Erin", "Alice A"} <= {row["actor"] for row in rows}


def test_the_export_writes_an_audit_row(client: Client, world: World) -> None:
    _download(client, world.alice)
    event = AuditEvent.objects.get(action="export")
    assert event.actor == world.alice
    assert event.patient == world.alice_patient
    assert event.role == "patient"


def test_a_csv_exporter_can_be_replaced_by_file_name(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def diary(patient: Patient) -> tuple[str, str]:
        return "diary.csv", DIARY_HEADER + "\n2026-01-01,4,2,1,1,0,1,0,1,1,0,triptan,1,6\n"

    monkeypatch.setitem(gdpr.CSV_EXPORTERS, "diary.csv", diary)
    lines = _download(client, world.alice)["diary.csv"].splitlines()
    assert lines[1].startswith("2026-01-01,")


def test_another_app_can_add_a_section(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def treatments(patient: Patient) -> tuple[str, Any]:
        return "treatments", [{"date": date(2026, 3, 26), "units": 155}]

    monkeypatch.setattr(gdpr, "EXPORTERS", [*gdpr.EXPORTERS, treatments])
    data = json.loads(_download(client, world.alice)["data.json"])
    assert data["treatments"] == [{"date": "2026-03-26", "units": 155}]


def test_free_text_cannot_become_a_spreadsheet_formula(client: Client, world: World) -> None:
    access.get_patient(world.dave, world.alice_patient.pk, reason="=HYPERLINK(\"x\")")
    rows = list(csv.DictReader(io.StringIO(_download(client, world.alice)["access_log.csv"])))
    assert any(row["reason"] == "'=HYPERLINK(\"x\")" for row in rows)


# --- Asking for erasure ----------------------------------------------------------------------


def test_asking_for_erasure_is_recorded_and_audited(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(ERASURE, {"message": "Jeg vil slettes.", "confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    erasure = ErasureRequest.objects.get()
    assert erasure.patient == world.alice_patient
    assert erasure.message == "Jeg vil slettes."
    assert erasure.status == ErasureRequest.Status.REQUESTED
    event = AuditEvent.objects.get(action="erasure_request")
    assert (event.actor, event.patient) == (world.alice, world.alice_patient)
    assert event.object_id == str(erasure.pk)
    assert len(list(response.context["messages"])) == 1


def test_asking_twice_does_not_make_a_second_request(client: Client, world: World) -> None:
    first = gdpr.request_erasure(user=world.alice, message="first")
    second = gdpr.request_erasure(user=world.alice, message="second")
    assert first.pk == second.pk
    client.force_login(world.alice)
    client.post(ERASURE, {"message": "third", "confirm": "on"})
    assert ErasureRequest.objects.filter(patient=world.alice_patient).count() == 1
    assert ErasureRequest.objects.get().message == "first"


def test_a_too_long_message_is_refused_with_a_message(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(ERASURE, {"message": "x" * 2001, "confirm": "on"})
    assert response.status_code == 400
    assert "2000" in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_erasure_must_be_confirmed(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(ERASURE, {"message": "slett meg"})
    assert response.status_code == 400
    assert not ErasureRequest.objects.exists()


def test_a_new_request_may_follow_a_refused_one(world: World) -> None:
    first = gdpr.request_erasure(user=world.alice)
    ErasureRequest.objects.filter(pk=first.pk).update(status=ErasureRequest.Status.REFUSED)
    assert gdpr.request_erasure(user=world.alice).pk != first.pk


# --- Carrying out erasure --------------------------------------------------------------------


def test_erasure_removes_name_number_and_contact(world: World) -> None:
    erasure = gdpr.request_erasure(user=world.alice)
    patient = gdpr.erase_patient(request=erasure, by=world.admin, note="reviewed with clinic")
    patient.refresh_from_db()
    assert patient.full_name.startswith("Slettet pasient P-")
    assert len(patient.full_name.removeprefix("Slettet pasient P-")) == 8
    assert patient.national_id is None
    assert patient.birth_date is None
    assert (patient.email, patient.phone, patient.address) == ("", "", "")
    assert patient.interpreter_language == ""
    assert patient.erased_at is not None
    assert Enrolment.objects.filter(patient=patient, clinic=world.clinic_a).exists()


def test_erasure_closes_the_patients_log_in(world: World) -> None:
    erasure = gdpr.request_erasure(user=world.alice)
    gdpr.erase_patient(request=erasure, by=world.admin)
    world.alice.refresh_from_db()
    assert world.alice.email.startswith("erased-")
    assert world.alice.email.endswith("@erased.invalid")
    assert world.alice.full_name == ""
    assert not world.alice.has_usable_password()
    assert not world.alice.is_active


def test_erasure_marks_the_request_done_and_is_audited(world: World) -> None:
    erasure = gdpr.request_erasure(user=world.alice)
    gdpr.erase_patient(request=erasure, by=world.admin, note="reviewed with clinic")
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.DONE
    assert erasure.decided_at is not None
    assert erasure.decision_note == "reviewed with clinic"
    event = AuditEvent.objects.get(action="erase")
    assert (event.actor, event.patient, event.role) == (
        world.admin, world.alice_patient, "platform_admin"
    )


def test_the_audit_chain_still_verifies_after_erasure(client: Client, world: World) -> None:
    access.get_patient(world.dave, world.alice_patient.pk)
    _download(client, world.alice)
    erasure = gdpr.request_erasure(user=world.alice)
    before = list(AuditEvent.objects.values_list("seq", "row_hash", "patient_id"))
    gdpr.erase_patient(request=erasure, by=world.admin)
    after = list(AuditEvent.objects.values_list("seq", "row_hash", "patient_id"))
    assert after[: len(before)] == before
    result = audit.verify()
    assert result.ok, result.problem
    assert result.checked == len(before) + 1


def test_erasure_is_not_carried_out_twice(world: World) -> None:
    erasure = gdpr.request_erasure(user=world.alice)
    gdpr.erase_patient(request=erasure, by=world.admin)
    with pytest.raises(gdpr.ErasureError, match="already been carried out"):
        gdpr.erase_patient(request=erasure, by=world.admin)
    assert AuditEvent.objects.filter(action="erase").count() == 1


def test_only_a_platform_admin_carries_out_erasure(world: World) -> None:
    erasure = gdpr.request_erasure(user=world.alice)
    with pytest.raises(PermissionDenied):
        gdpr.erase_patient(request=erasure, by=world.dave)
    world.alice_patient.refresh_from_db()
    assert world.alice_patient.full_name == "Alice Aasen"


def test_erasure_leaves_other_patients_as_they_were(world: World) -> None:
    erasure = gdpr.request_erasure(user=world.alice)
    gdpr.erase_patient(request=erasure, by=world.admin)
    world.bob_patient.refresh_from_db()
    assert world.bob_patient.full_name == "Bob Berg"
    assert User.objects.get(pk=world.bob.pk).is_active


# --- Admin and command line ------------------------------------------------------------------


def test_the_admin_lists_requests_but_not_patients(world: World) -> None:
    assert admin.site.is_registered(ErasureRequest)
    assert not admin.site.is_registered(Patient)
    gdpr.request_erasure(user=world.alice, message="Alice's own words")
    client = _admin_client(world.admin)
    body = client.get("/admin/patients/erasurerequest/").content.decode()
    assert "Alice" not in body


def test_the_admin_action_carries_out_erasure(world: World) -> None:
    erasure = gdpr.request_erasure(user=world.alice)
    client = _admin_client(world.admin)
    response = client.post(
        "/admin/patients/erasurerequest/",
        {"action": "carry_out_erasure", "_selected_action": [erasure.pk]},
    )
    assert response.status_code == 302
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.DONE
    assert AuditEvent.objects.get(action="erase").actor == world.admin


def test_the_command_carries_out_erasure(world: World) -> None:
    erasure = gdpr.request_erasure(user=world.alice)
    out = io.StringIO()
    call_command("erase_patient", str(erasure.pk), "--note", "signed form", stdout=out)
    assert f"Erasure request {erasure.pk} carried out" in out.getvalue()
    erasure.refresh_from_db()
    assert erasure.decision_note == "signed form"
    assert AuditEvent.objects.get(action="erase").role == "system"
    assert audit.verify().ok


def test_the_command_refuses_an_unknown_request(world: World) -> None:
    with pytest.raises(CommandError, match="there is no erasure request 999"):
        call_command("erase_patient", "999")


def test_the_command_refuses_a_request_already_done(world: World) -> None:
    erasure = gdpr.request_erasure(user=world.alice)
    call_command("erase_patient", str(erasure.pk), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already been carried out"):
        call_command("erase_patient", str(erasure.pk))


def test_the_command_prints_an_error_not_a_traceback(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        EraseCommand().run_from_argv(["bontrack", "erase_patient", "999"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "there is no erasure request 999" in err
    assert "Traceback" not in err


def test_erasure_takes_the_patients_name_out_of_the_directory(world: World) -> None:
    from bontrack.directory.models import BookingRequest, Rating
    from tests.directory.factories import make_listing

    listing = make_listing(clinic=world.clinic_a)
    booking = BookingRequest.objects.create(
        listing=listing, treatment="bont_chronic_migraine", name="Alice Aasen",
        email="alice@example.org", phone="900 11 222", has_referral="yes",
        message="Jeg har migrene.", patient=world.alice_patient, status="accepted",
    )
    rating = Rating.objects.create(
        listing=listing, stars=4, text="Bra.", display_name="Alice", verified=True,
        patient=world.alice_patient, email="alice@example.org", status="published",
    )
    gdpr.erase_patient(request=gdpr.request_erasure(user=world.alice), by=world.admin)
    booking.refresh_from_db()
    rating.refresh_from_db()
    assert booking.name.startswith("Slettet pasient P-")
    assert (booking.email, booking.phone, booking.message) == ("", "", "")
    assert rating.patient is None and rating.email == "" and rating.display_name == ""
    assert rating.text == "Bra."
