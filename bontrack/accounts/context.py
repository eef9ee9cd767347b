"""What the current request is, for audit rows written deep inside services."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None


_NONE = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("bontrack_request", default=None)


def current() -> RequestContext:
    return _current.get() or _NONE


def activate(context: RequestContext) -> object:
    return _current.set(context)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
