"""Spam and flood protection for the public forms (ratings, abuse reports, booking
requests), without a third-party captcha.

Three checks, each invisible to a person filling the form in normally:
- a honeypot field (`website`) hidden from people and screen readers, which bots fill in;
- a signed time stamp from when the form was shown: a form sent back sooner than
  MIN_SECONDS, later than MAX_AGE or with a tampered stamp is refused;
- a rate limit per sender, counted from the stored rows by a keyed hash of the sender's
  address (the address itself is never stored).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

HONEYPOT_FIELD = "website"
STAMP_FIELD = "form_stamp"
MIN_SECONDS = 3
MAX_AGE = dt.timedelta(hours=6)
_SALT = "bontrack.directory.antispam"


def stamp() -> str:
    """The signed time stamp to put in the form's hidden STAMP_FIELD when it is shown."""
    return signing.TimestampSigner(salt=_SALT).sign(str(int(time.time())))


def client_address(request: HttpRequest) -> str:
    """The sender's address. Behind BONTRACK_TRUSTED_PROXIES load balancers or proxies, each
    of which appends the address it saw to X-Forwarded-For, it is the entry that many places
    from the end; with none configured the header is ignored (anyone can write it)."""
    proxies = int(getattr(settings, "BONTRACK_TRUSTED_PROXIES", 0) or 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def sender_hash(request: HttpRequest) -> str:
    """A keyed hash of the sender's address: enough to count, not to identify."""
    address = client_address(request)
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"sender:{address}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Verdict:
    """Why a submission was refused (empty when it may go on)."""

    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def check_form(data: dict[str, str] | object) -> Verdict:
    """Check the honeypot and the time stamp of a submitted form (request.POST)."""
    get = getattr(data, "get", None)
    if get is None:
        return Verdict((_("The form could not be read. Please try again."),))
    if (get(HONEYPOT_FIELD) or "").strip():
        return Verdict((_("The form was not sent: it looks automated."),))
    raw = get(STAMP_FIELD) or ""
    try:
        shown = int(signing.TimestampSigner(salt=_SALT).unsign(raw, max_age=MAX_AGE))
    except signing.SignatureExpired:
        return Verdict(
            (_("The form was open too long. Please check your answers and send it again."),)
        )
    except (signing.BadSignature, ValueError):
        return Verdict((_("The form could not be read. Please reload the page and try again."),))
    if time.time() - shown < MIN_SECONDS:
        return Verdict(
            (_("The form was sent too quickly. Please check your answers and send it again."),)
        )
    return Verdict()


def too_many(
    model: type[Model], sender: str, *, limit: int, within: dt.timedelta, time_field: str
) -> bool:
    """Whether `sender` already stored `limit` rows of `model` within the last `within`."""
    since = timezone.now() - within
    recent = model._default_manager.filter(
        sender_hash=sender, **{f"{time_field}__gte": since}
    )
    return bool(recent[:limit].count() >= limit)
