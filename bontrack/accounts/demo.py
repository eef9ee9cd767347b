"""Demo clinics, one user for every role, and two demo patients (idempotent)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from bontrack.accounts.models import (
    Clinic,
    Membership,
    ReferrerKind,
    ReferrerProfile,
    Role,
    Speciality,
    User,
)
from bontrack.accounts.otp import DEMO_DEVICE_NAME
from bontrack.demo import LOADERS, DemoLogin
from bontrack.patients.models import Enrolment, Patient
from bontrack.patients.nin import make_national_id

DEMO_PASSWORD = "demo-bontrack-2026"  # noqa: S105 — printed to the demo user on purpose

CLINICS = [
    ("demo-oslo", "Smerteklinikken Oslo (demo)"),
    ("demo-bergen", "Hodepinepoliklinikken Bergen (demo)"),
]
STAFF = [
    ("koordinator@demo.bontrack.no", "Kari Koordinator", "demo-oslo", Role.COORDINATOR),
    ("lege@demo.bontrack.no", "Lars Lege", "demo-oslo", Role.PHYSICIAN),
    ("admin@demo.bontrack.no", "Anne Administrator", "demo-oslo", Role.CLINIC_ADMIN),
    ("lege.bergen@demo.bontrack.no", "Berit Bergenslege", "demo-bergen", Role.PHYSICIAN),
]
PATIENTS = [
    ("pasient@demo.bontrack.no", "Per Pasient", dt.date(1984, 3, 14), 101),
    ("pasient2@demo.bontrack.no", "Pia Pasient", dt.date(1991, 10, 2), 202),
]


def _user(email: str, name: str, **extra: object) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name, **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _demo_totp(user: User) -> None:
    # A fixed key per user, so the demo keeps working across restarts; only in demo mode.
    key = hashlib.sha256(f"bontrack-demo-totp:{user.email}".encode()).hexdigest()[:40]
    TOTPDevice.objects.get_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": key, "confirmed": True}
    )


def load() -> list[DemoLogin]:
    if not settings.DEMO_MODE:
        raise RuntimeError("demo users are created only in demo mode (BONTRACK_DEMO=1)")
    clinics = {
        slug: Clinic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in CLINICS
    }
    logins: list[DemoLogin] = []
    for email, name, clinic_slug, role in STAFF:
        user = _user(email, name)
        membership, _ = Membership.objects.get_or_create(
            user=user, clinic=clinics[clinic_slug], role=role
        )
        if role == Role.PHYSICIAN and not membership.speciality:
            membership.speciality = Speciality.NEUROLOGIST
            membership.save(update_fields=["speciality"])
        _demo_totp(user)
        logins.append(
            DemoLogin(
                role.value.replace("_", " ").capitalize(),
                email,
                DEMO_PASSWORD,
                f"{clinics[clinic_slug].name}; code shown on screen",
            )
        )
    for email, name, birth, individual in PATIENTS:
        user = _user(email, name)
        number = make_national_id(birth, individual, synthetic=True)
        patient, _ = Patient.objects.get_or_create(
            national_id=number,
            defaults={"user": user, "full_name": name, "birth_date": birth, "email": email},
        )
        Enrolment.objects.get_or_create(patient=patient, clinic=clinics["demo-oslo"])
        logins.append(DemoLogin("Patient", email, DEMO_PASSWORD))
    referrer = _user("fastlege@demo.bontrack.no", "Frida Fastlege")
    ReferrerProfile.objects.get_or_create(
        user=referrer,
        defaults={
            "kind": ReferrerKind.GP,
            "hpr_number": "9144889",
            "practice_name": "Demo legesenter",
        },
    )
    logins.append(DemoLogin("Referrer (GP)", referrer.email, DEMO_PASSWORD))
    admin = _user("plattform@demo.bontrack.no", "Platform Admin", is_staff=True, is_superuser=True)
    _demo_totp(admin)
    logins.append(DemoLogin("Platform admin", admin.email, DEMO_PASSWORD, "/admin/"))
    return logins


LOADERS.append(("accounts", load))
