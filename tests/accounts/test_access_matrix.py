"""Every route, requested as every persona: allowed or denied as the table says.

The rows live in tests/matrix/<area>.py. A route that exists but has no row fails
`test_every_route_has_a_row`, so a new page or API route cannot land without deciding who
may use it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix import all_rows
from tests.matrix.base import PERSONAS
from tests.personas import Cast, login

ROWS = all_rows()

# Routes that the admin site adds beneath its one row.
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
        data = row.data(cast)
        if isinstance(data, str):  # a JSON body for the API
            response = getattr(client, row.method)(row.path(cast), data, "application/json")
        else:
            response = getattr(client, row.method)(row.path(cast), data)
        want = row.expected[persona]
        if response.status_code != want:
            failures.append(
                f"{row.method.upper()} {row.path(cast)}: got {response.status_code}, want {want}"
            )
    assert not failures, f"as {persona}:\n" + "\n".join(failures)
