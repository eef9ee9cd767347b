"""Shared pieces of the access matrix: personas, expectations, the Row type.

Each area adds its rows in its own module in this package (`tests/matrix/<area>.py`, a
list named ROWS); tests/accounts/test_access_matrix.py collects them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.personas import Cast

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
    # Form fields, or a JSON string for the API.
    data: Callable[[Cast], dict[str, str] | str] = field(default=lambda cast: {})
