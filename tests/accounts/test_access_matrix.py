"""Every route, requested as every persona: allowed or denied as the table says.

A route that exists but has no row here fails `test_every_route_has_a_row`, so a new page
or API route cannot land without deciding who may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.personas import Cast, login

PERSONAS = ["anonymous", "alice", "bob", "carol", "dave", "erin", "frank", "ola", "pat"]
PATIENTS = {"alice", "bob"}
STAFF = {"carol", "dave", "erin", "ola"}
EVERYONE = set(PERSONAS)


def expect(default: int, **overrides: int) -> dict[str, int]:
    table = {persona: default for persona in PERSONAS}
    table.update(overrides)
    return table


def for_group(
    group: set[str], allowed: int, *, anonymous: int = 302, others: int = 403, **overrides: int
) -> dict[str, int]:
    table = {p: (allowed if p in group else others) for p in PERSONAS}
    table["anonymous"] = anonymous
    table.update(overrides)
    return table


@dataclass
class Row:
    route: str  # the URL pattern as Django knows it
    path: Callable[[Cast], str]
    expected: dict[str, int]
    method: str = "get"
    data: Callable[[Cast], dict[str, str]] = field(default=lambda cast: {})


def _alice(cast: Cast) -> int:
    return cast.alice_patient.pk


ROWS: list[Row] = [
    Row("", lambda c: "/", expect(200)),
    Row("healthz", lambda c: "/healthz", expect(200)),
    Row("readyz", lambda c: "/readyz", expect(200)),
    Row(
        "i18n/setlang/",
        lambda c: "/i18n/setlang/",
        expect(302),
        method="post",
        data=lambda c: {"language": "en", "next": "/"},
    ),
    Row("logg-inn/", lambda c: "/logg-inn/", expect(302, anonymous=200)),
    Row("logg-inn/kode/", lambda c: "/logg-inn/kode/", for_group(STAFF | {"pat"}, 200, others=302)),
    Row(
        "logg-inn/tofaktor/",
        lambda c: "/logg-inn/tofaktor/",
        for_group(PATIENTS | {"frank"}, 200, others=302),
    ),
    Row("logg-inn/glemt-passord/", lambda c: "/logg-inn/glemt-passord/", expect(200)),
    Row("logg-inn/glemt-passord/sendt/", lambda c: "/logg-inn/glemt-passord/sendt/", expect(200)),
    Row(
        "logg-inn/nytt-passord/<uidb64>/<token>/",
        lambda c: "/logg-inn/nytt-passord/MQ/invalid-token/",
        expect(200),
    ),
    Row("logg-inn/nytt-passord/ferdig/", lambda c: "/logg-inn/nytt-passord/ferdig/", expect(200)),
    Row("logg-ut/", lambda c: "/logg-ut/", expect(302), method="post"),
    Row("hjem/", lambda c: "/hjem/", expect(302)),
    Row("klinikker/", lambda c: "/klinikker/", expect(200)),
    Row("om-behandlingen/", lambda c: "/om-behandlingen/", expect(200)),
    Row("portal/", lambda c: "/portal/", for_group(PATIENTS, 200)),
    Row("portal/innsyn/", lambda c: "/portal/innsyn/", for_group(PATIENTS, 200)),
    Row("portal/mine-data/", lambda c: "/portal/mine-data/", for_group(PATIENTS, 200)),
    Row(
        "portal/mine-data/last-ned/",
        lambda c: "/portal/mine-data/last-ned/",
        for_group(PATIENTS, 200),
        method="post",
    ),
    Row(
        "portal/mine-data/sletting/",
        lambda c: "/portal/mine-data/sletting/",
        for_group(PATIENTS, 302),
        method="post",
    ),
    Row("klinikk/", lambda c: "/klinikk/", for_group(STAFF, 200)),
    Row(
        "klinikk/pasienter/sok/",
        lambda c: f"/klinikk/pasienter/sok/?fnr={c.alice_patient.national_id}",
        for_group(STAFF, 200, carol=302, dave=302),
    ),
    Row(
        "klinikk/pasienter/<int:patient_id>/",
        lambda c: f"/klinikk/pasienter/{_alice(c)}/",
        for_group(STAFF, 200, erin=404, ola=404),
    ),
    Row("klinikk/nodtilgang/", lambda c: "/klinikk/nodtilgang/", for_group({"dave", "erin"}, 200)),
    Row("klinikk/logg/", lambda c: "/klinikk/logg/", for_group({"ola"}, 200)),
    Row("henvisning/", lambda c: "/henvisning/", for_group({"frank"}, 200)),
    Row("api/v1/", lambda c: "/api/v1/", expect(404)),
    Row("api/v1/openapi.json", lambda c: "/api/v1/openapi.json", expect(200)),
    Row("api/v1/info", lambda c: "/api/v1/info", expect(200)),
    Row("api/v1/me", lambda c: "/api/v1/me", expect(200, anonymous=401)),
    Row("api/v1/patients", lambda c: "/api/v1/patients", expect(200, anonymous=401)),
    Row(
        "api/v1/patients/<patient_id>",
        lambda c: f"/api/v1/patients/{_alice(c)}",
        expect(404, anonymous=401, alice=200, carol=200, dave=200),
    ),
    # The admin site is one row: every admin page sits behind the same admin_view check.
    Row("admin/", lambda c: "/admin/", expect(302, pat=200)),
]

# Routes that Django or the admin site add beneath one row above.
COVERED_PREFIXES = ("admin/",)


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for pattern in patterns:
        text = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(pattern, URLResolver):
            routes.extend(_walk(pattern.url_patterns, text))
        else:
            routes.append(text)
    return routes


def test_every_route_has_a_row() -> None:
    known = {row.route for row in ROWS}
    routes = set(_walk(get_resolver().url_patterns))
    missing = sorted(
        route for route in routes if route not in known and not route.startswith(COVERED_PREFIXES)
    )
    assert not missing, f"routes without a row in the access matrix: {missing}"
    stale = sorted(known - routes - {"admin/"})
    assert not stale, f"rows for routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_matrix_says(cast: Cast, persona: str) -> None:
    failures = []
    for row in ROWS:
        client = login(Client(), cast.user(persona))
        response = getattr(client, row.method)(row.path(cast), row.data(cast))
        want = row.expected[persona]
        if response.status_code != want:
            failures.append(
                f"{row.method.upper()} {row.path(cast)}: got {response.status_code}, want {want}"
            )
    assert not failures, f"as {persona}:\n" + "\n".join(failures)
