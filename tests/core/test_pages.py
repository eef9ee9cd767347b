from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import Cast, login

pytestmark = pytest.mark.django_db


def test_start_page_speaks_norwegian_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="nb"' in body
    assert "Behandling med botulinumtoksin, fulgt fra start til slutt" in body


def test_start_page_links_to_the_three_faces(client: Client) -> None:
    body = client.get("/").content.decode()
    for href in ('href="/klinikker/"', 'href="/portal/"', 'href="/klinikk/"'):
        assert href in body


def test_language_switch_turns_the_page_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en"' in body
    assert "Botulinum-toxin treatment, followed from start to finish" in body


def test_language_switch_refuses_a_foreign_next_url(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("path", ["/klinikker/", "/om-behandlingen/"])
def test_each_public_face_has_a_page(client: Client, path: str) -> None:
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/portal/", "/klinikk/", "/henvisning/"])
def test_each_private_face_asks_for_log_in(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/logg-inn/?next={path}"


def test_every_page_has_a_skip_link_and_a_main_landmark(client: Client) -> None:
    body = client.get("/").content.decode()
    assert 'href="#main"' in body
    assert '<main id="main"' in body


def test_pages_send_security_headers(client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_designsystemet_css_is_served(client: Client) -> None:
    response = client.get("/static/vendor/designsystemet/src/index.css")
    assert response.status_code == 200
    assert b".ds-button" in b"".join(response.streaming_content)


def test_unknown_page_is_a_plain_404(client: Client) -> None:
    assert client.get("/no-such-page/").status_code == 404


@pytest.mark.django_db
def test_pages_for_a_logged_in_user_are_never_cached(cast: Cast) -> None:
    response = login(Client(), cast.alice).get("/portal/")
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_public_pages_for_visitors_may_be_cached(client: Client) -> None:
    response = client.get("/om-behandlingen/")
    assert "no-store" not in response.get("Cache-Control", "")
