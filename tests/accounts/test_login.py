from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

import bontrack.settings as real_settings
from tests.personas import PASSWORD, Cast, login

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_real_settings_hash_passwords_with_argon2_first() -> None:
    assert real_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_patient_logs_in_with_email_and_password_and_lands_in_the_portal(
    client: Client, cast: Cast
) -> None:
    response = client.post("/logg-inn/", {"username": "ALICE@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(
    client: Client, cast: Cast
) -> None:
    response = client.post("/logg-inn/", {"username": "alice@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "wrong" in response.content.decode() or "feil" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one_after(
    client: Client, cast: Cast
) -> None:
    for _ in range(5):
        client.post("/logg-inn/", {"username": "alice@example.org", "password": "wrong"})
    response = client.post("/logg-inn/", {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/portal/").status_code == 302


def test_staff_must_pass_the_second_factor_before_any_patient_page(
    client: Client, cast: Cast
) -> None:
    response = client.post("/logg-inn/", {"username": "dave@example.org", "password": PASSWORD})
    assert response["Location"].startswith("/logg-inn/kode/")
    blocked = client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/logg-inn/kode/")
    assert client.get("/api/v1/patients").status_code == 401

    device = TOTPDevice.objects.get(user=cast.dave)
    assert client.post("/logg-inn/kode/", {"token": "000000"}).status_code == 200
    # A wrong code throttles the device for a moment: guessing codes is slowed down.
    assert client.post("/logg-inn/kode/", {"token": _code(device)}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()
    verified = client.post("/logg-inn/kode/", {"token": _code(device), "next": "/klinikk/"})
    assert verified["Location"] == "/klinikk/"
    assert client.get(f"/klinikk/pasienter/{cast.alice_patient.pk}/").status_code == 200


def test_staff_without_a_device_enrol_one_before_going_on(client: Client, cast: Cast) -> None:
    TOTPDevice.objects.filter(user=cast.carol).delete()
    response = client.post("/logg-inn/", {"username": "carol@example.org", "password": PASSWORD})
    assert response["Location"].startswith("/logg-inn/tofaktor/")
    page = client.get("/logg-inn/tofaktor/")
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=cast.carol, confirmed=False)
    done = client.post("/logg-inn/tofaktor/", {"token": _code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/klinikk/").status_code == 200


def test_the_platform_admin_also_needs_the_second_factor(client: Client, cast: Cast) -> None:
    client.force_login(cast.pat, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/")["Location"].startswith("/logg-inn/kode/")


def test_a_form_posted_without_the_csrf_token_is_refused(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/logg-inn/", {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 403


def test_an_htmx_request_without_the_csrf_header_is_refused(cast: Cast) -> None:
    client = login(Client(enforce_csrf_checks=True), cast.alice)
    response = client.post("/portal/mine-data/sletting/", HTTP_HX_REQUEST="true")
    assert response.status_code == 403


def test_staff_are_logged_out_after_thirty_idle_minutes(client: Client, cast: Cast) -> None:
    login(client, cast.carol)
    assert client.get("/klinikk/").status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/klinikk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")


def test_a_patient_stays_logged_in_after_thirty_idle_minutes(client: Client, cast: Cast) -> None:
    login(client, cast.alice)
    client.get("/portal/")
    session = client.session
    session["last_seen"] = int(time.time()) - 31 * 60
    session.save()
    assert client.get("/portal/").status_code == 200


def test_session_cookie_is_httponly_and_samesite_lax(client: Client, cast: Cast) -> None:
    client.post("/logg-inn/", {"username": "alice@example.org", "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_password_reset_sends_a_signed_link_that_sets_a_new_password(
    client: Client, cast: Cast, settings: object
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    client.post("/logg-inn/glemt-passord/", {"email": "alice@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/logg-inn/nytt-passord/\S+/)", mail.outbox[0].body)
    assert link
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    new = "a brand new passphrase 42"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/logg-inn/nytt-passord/ferdig/"
    relogin = Client().post("/logg-inn/", {"username": "alice@example.org", "password": new})
    assert relogin["Location"] == "/portal/"


def test_a_tampered_reset_link_is_refused(client: Client, cast: Cast) -> None:
    response = client.get("/logg-inn/nytt-passord/MQ/abc-123/")
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_demo_users_are_refused_outside_demo_mode(settings: object) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEMO_MODE = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo")


def test_demo_mode_creates_every_role_with_a_pre_enrolled_second_factor(settings: object) -> None:
    from django.core.management import call_command

    settings.DEMO_MODE = True  # type: ignore[attr-defined]
    call_command("demo")
    call_command("demo")  # idempotent
    assert TOTPDevice.objects.filter(name="demo", confirmed=True).count() == 5
    assert Path(real_settings.BASE_DIR).exists()
