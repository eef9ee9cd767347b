"""Demo data for `make run`: each app adds a loader here as its issue lands.

Every loader is idempotent: running `bontrack demo` twice leaves the same data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    note: str = ""


# A loader creates (or finds) its demo rows and returns the logins it wants printed.
Loader = Callable[[], list[DemoLogin]]
LOADERS: list[tuple[str, Loader]] = []


# Loaders run in this order whatever order the apps registered them in: later ones use the
# clinics, users and patients that earlier ones made.
ORDER = ("accounts", "patients", "referrals", "treatments", "directory")


def load_all() -> list[DemoLogin]:
    logins: list[DemoLogin] = []
    ranked = sorted(LOADERS, key=lambda item: ORDER.index(item[0]) if item[0] in ORDER else 99)
    for _name, loader in ranked:
        logins.extend(loader())
    return logins
