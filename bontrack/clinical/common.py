"""Shared value types of the clinical core: criteria with reasons and input errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Reason:
    """One English sentence of the core with a stable code and the values it was made from.

    A reason can hold others (a criterion naming the drugs tried, each with its outcome), so a
    user interface words the whole sentence in its own language, part by part.
    """

    code: str
    detail: str
    params: Params = ()

    def __str__(self) -> str:
        return self.detail


# The values behind a message, so that a user interface can word it in its own language;
# the English text the core writes stays the one the CLI prints. Tuples of muscle ids and
# the like are lists the interface joins itself; None is a value not counted.
Param = str | int | float | None | tuple[str, ...] | Reason | tuple[Reason, ...]
Params = tuple[tuple[str, Param], ...]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion of a decision: met (True/False/None for unknown) and why.

    `detail` is the English sentence; `code` and `params` say it again for a user interface.
    """

    id: str
    met: bool | None
    detail: str
    code: str = ""
    params: Params = ()

    @property
    def reason(self) -> Reason:
        """The detail as a reason, for wording it."""
        return Reason(self.code, self.detail, self.params)

    def to_dict(self) -> dict[str, object]:
        """The criterion as the JSON contract spells it."""
        return {"id": self.id, "met": self.met, "detail": self.detail}


class InputError(ValueError):
    """Bad input to the clinical core; `messages` lists every problem found."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = list(messages)


class DiaryError(InputError):
    """A diary CSV that cannot be accepted; each message reads `line N: …`."""


def parse_iso_date(text: str) -> date | None:
    """A strict YYYY-MM-DD date, or None when the text is not one."""
    # date.fromisoformat also takes 20260101 and week dates; the contract allows only YYYY-MM-DD.
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def as_date(value: date | str, what: str) -> date:
    """Coerce a date or an ISO string to a plain date, or raise InputError naming `what`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_iso_date(value.strip()) if isinstance(value, str) else None
    if parsed is None:
        raise InputError([f"{what} must be a date YYYY-MM-DD, got {value!r}"])
    return parsed


def tri_state(values: list[bool | None]) -> bool | None:
    """False if any is False, else None if any is None, else True."""
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True
