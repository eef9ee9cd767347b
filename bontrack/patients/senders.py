"""Where reminders leave bontrack: e-mail through Django's mail, SMS through a pluggable gateway.

The SMS gateway is named by the setting BONTRACK_SMS_SENDER (a dotted path to a SmsSender
subclass). The default, FileSmsSender, is a fake at the edge of the world: it writes each
message to a file under var/sms/ instead of sending it.
"""

from __future__ import annotations

import re
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_SMS_SENDER = "bontrack.patients.senders.FileSmsSender"
# With æøå an SMS is sent as UCS-2: 67 characters per part of a long message. A reminder
# never needs more than three parts.
SMS_MAX_LENGTH = 3 * 67
_PHONE = re.compile(r"\+?[0-9]{8,15}")


class SendError(Exception):
    """The message could not be handed over; the text says why, for the delivery's record."""


@dataclass(frozen=True)
class Outgoing:
    """One message to one address (an e-mail address or a phone number)."""

    to: str
    subject: str
    text: str


class Sender(Protocol):
    def send(self, message: Outgoing) -> None:
        """Hand the message over, or raise SendError (or any error) saying why not."""


class EmailSender:
    """E-mail through Django's configured mail backend."""

    def send(self, message: Outgoing) -> None:
        accepted = send_mail(message.subject, message.text, None, [message.to])
        if accepted != 1:
            raise SendError("the mail backend did not accept the message")


def normalise_phone(raw: str) -> str | None:
    """A phone number as digits with an optional leading +, or None if it cannot be one."""
    number = re.sub(r"[\s().-]", "", raw)
    return number if _PHONE.fullmatch(number) else None


class SmsSender(ABC):
    """An SMS gateway. A real one subclasses this and is named in BONTRACK_SMS_SENDER."""

    def send(self, message: Outgoing) -> None:
        number = normalise_phone(message.to)
        if number is None:
            raise SendError(f"{message.to!r} is not a phone number")
        self.send_sms(to=number, text=message.text[:SMS_MAX_LENGTH])

    @abstractmethod
    def send_sms(self, *, to: str, text: str) -> None:
        """Send `text` to the phone number `to`."""


class FileSmsSender(SmsSender):
    """Writes each SMS to a file in var/sms/ (BONTRACK_SMS_DIR), one file per message."""

    def __init__(self, directory: Path | None = None) -> None:
        configured = getattr(settings, "BONTRACK_SMS_DIR", None)
        self.directory = Path(directory or configured or Path(settings.VAR_DIR) / "sms")

    def send_sms(self, *, to: str, text: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:12]}.txt"
        path.write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")


def sms_sender() -> SmsSender:
    """The SMS gateway the settings name."""
    cls = import_string(getattr(settings, "BONTRACK_SMS_SENDER", DEFAULT_SMS_SENDER))
    sender = cls()
    if not isinstance(sender, SmsSender):
        raise SendError(f"{cls.__name__} is not an SmsSender")
    return sender


def sender_for(channel: str) -> Sender:
    """The sender of a reminder channel: "email" or "sms"."""
    if channel == "sms":
        return sms_sender()
    if channel == "email":
        return EmailSender()
    raise SendError(f"unknown channel {channel!r}")
