"""TOTP enrolment and verification for staff (django-otp's TOTP device)."""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp import devices_for_user
from django_otp.oath import totp
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


def demo_code(device: TOTPDevice | None) -> str | None:
    """In demo mode only, the current code of a pre-enrolled demo device, shown on screen."""
    if device is None or not settings.DEMO_MODE or device.name != DEMO_DEVICE_NAME:
        return None
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
