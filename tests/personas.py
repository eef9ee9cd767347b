"""The cast every access test uses, in the Healthchecks style.

alice and bob are patients at clinic A; carol is a coordinator and dave a physician at
clinic A; erin is a physician at clinic B; frank is a GP who refers; ola is a clinic admin
at clinic A; pat is a platform administrator. Staff log in with a verified second factor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bontrack.accounts.models import Clinic, Membership, ReferrerKind, ReferrerProfile, Role, User
from bontrack.patients.models import Enrolment, Patient
from bontrack.patients.nin import make_national_id

PASSWORD = "correct horse battery staple"


@dataclass
class Cast:
    clinic_a: Clinic
    clinic_b: Clinic
    alice: User
    bob: User
    carol: User
    dave: User
    erin: User
    frank: User
    ola: User
    pat: User
    alice_patient: Patient
    bob_patient: Patient
    # A patient enrolled only at clinic B: nobody at clinic A may see her.
    berit_patient: Patient

    def user(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def _staff(email: str, name: str, clinic: Clinic, role: str) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=name)
    Membership.objects.create(user=user, clinic=clinic, role=role)
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def _patient(email: str | None, name: str, clinic: Clinic, birth: dt.date, ind: int) -> Patient:
    user = (
        User.objects.create_user(email=email, password=PASSWORD, full_name=name) if email else None
    )
    patient = Patient.objects.create(
        user=user,
        full_name=name,
        birth_date=birth,
        national_id=make_national_id(birth, ind, synthetic=True),
    )
    Enrolment.objects.create(patient=patient, clinic=clinic)
    return patient


def make_cast() -> Cast:
    clinic_a = Clinic.objects.create(name="Clinic A", slug="clinic-a")
    clinic_b = Clinic.objects.create(name="Clinic B", slug="clinic-b")
    alice_patient = _patient("alice@example.org", "Alice Aas", clinic_a, dt.date(1980, 5, 17), 123)
    bob_patient = _patient("bob@example.org", "Bob Berg", clinic_a, dt.date(1975, 1, 2), 234)
    berit_patient = _patient(None, "Berit Bø", clinic_b, dt.date(1990, 7, 7), 345)
    frank = User.objects.create_user(
        email="frank@example.org", password=PASSWORD, full_name="Frank Fastlege"
    )
    ReferrerProfile.objects.create(
        user=frank, kind=ReferrerKind.GP, hpr_number="1234567", practice_name="Frank's practice"
    )
    pat = User.objects.create_user(
        email="pat@example.org",
        password=PASSWORD,
        full_name="Pat Platform",
        is_staff=True,
        is_superuser=True,
    )
    TOTPDevice.objects.create(user=pat, name="test", confirmed=True)
    return Cast(
        clinic_a=clinic_a,
        clinic_b=clinic_b,
        alice=alice_patient.user,  # type: ignore[arg-type]
        bob=bob_patient.user,  # type: ignore[arg-type]
        carol=_staff("carol@example.org", "Carol Koordinator", clinic_a, Role.COORDINATOR),
        dave=_staff("dave@example.org", "Dave Doktor", clinic_a, Role.PHYSICIAN),
        erin=_staff("erin@example.org", "Erin Lege", clinic_b, Role.PHYSICIAN),
        frank=frank,
        ola=_staff("ola@example.org", "Ola Admin", clinic_a, Role.CLINIC_ADMIN),
        pat=pat,
        alice_patient=alice_patient,
        bob_patient=bob_patient,
        berit_patient=berit_patient,
    )


def login(client: Client, user: Any) -> Client:
    """Log `user` in; staff and platform admins also pass their second factor."""
    if user is None:
        client.logout()
        return client
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
