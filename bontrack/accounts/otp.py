"""TOTP enrolment and verification for staff (django-otp's TOTP device)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_DEVICE_NAME = "demo"


def confirmed_device(user: Any) -> TOTPDevice | None:
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, TOTPDevice):
            return device
    return None


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being enrolled (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg: str = image.to_string(encoding="unicode")
    return svg


def base32_secret(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def _totp(device: TOTPDevice, at: float) -> TOTP:
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = at
    return clock


def refusal_reason(device: TOTPDevice, token: str) -> str:
    """Why a code was refused, in words that tell the user what to do next."""
    allowed, info = device.verify_is_allowed()
    if not allowed and info and info.get("locked_until"):
        wait = max(1, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))
        return _(
            "Too many wrong codes in a row. Wait %(seconds)d seconds, then enter the newest code."
        ) % {"seconds": wait}
    now = time.time()
    clock = _totp(device, now)
    if token.isdigit() and int(token) == clock.token() and clock.t() <= device.last_t:
        return _(
            "This code has already been used. Wait for the next code (at most %(seconds)d "
            "seconds) and enter that."
        ) % {"seconds": device.step}
    return _("The code is wrong or has expired. Enter the newest code from the app.")


@dataclass(frozen=True)
class DemoCode:
    code: str
    # The shown code was already used to log in: the next one comes in this many seconds.
    used: bool
    seconds_left: int


def demo_code(device: TOTPDevice | None) -> DemoCode | None:
    """In demo mode only, the current code of a pre-enrolled demo device, shown on screen."""
    if device is None or not settings.DEMO_MODE or device.name != DEMO_DEVICE_NAME:
        return None
    now = time.time()
    clock = _totp(device, now)
    seconds_left = int(device.step - ((now - device.t0) % device.step)) + 1
    return DemoCode(
        code=f"{clock.token():0{device.digits}d}",
        used=clock.t() <= device.last_t,
        seconds_left=seconds_left,
    )
