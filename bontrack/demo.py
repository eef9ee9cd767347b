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


def load_all() -> list[DemoLogin]:
    logins: list[DemoLogin] = []
    for _name, loader in LOADERS:
        logins.extend(loader())
    return logins
