"""Access-matrix rows for the clinic's referral desk (/klinikk/henvisninger/), and the helper
that sends a referral from frank to clinic A, which the clinic tests share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bontrack.patients.nin import make_national_id
from bontrack.referrals import services
from bontrack.referrals.models import Referral
from tests.matrix.base import Row, for_group
from tests.personas import Cast

BASE = "/klinikk/henvisninger/"
# Coordinators and physicians keep the desk; erin (clinic B) has her own, empty one and gets
# 404 for clinic A's referrals; the clinic admin sees no referrals at all.
DESK = {"carol", "dave", "erin"}
CLINIC_A_DESK = {"carol", "dave"}
ONE_REFERRAL = for_group(CLINIC_A_DESK, 200, erin=404)

ESSENTIALS = {
    "reason": "Vurdering av botulinumtoksin ved kronisk migrene.",
    "diagnoses": "G43 Migrene",
    "symptoms": "Hodepine 18 dager i måneden, pulserende, med kvalme.",
    "medication": "Sumatriptan 50 mg; propranolol uten effekt; topiramat seponert.",
}


def sent_referral(
    cast: Cast,
    *,
    name: str = "Kari Nordmann",
    birth: dt.date = dt.date(1985, 3, 4),
    individual: int = 456,
    complaint: str = "headache",
    neurological_symptoms: bool | None = True,
    failed_treatment: bool | None = None,
    language: str = "nb",
    sent_at: dt.datetime | None = None,
    **extra: Any,
) -> Referral:
    """A complete referral from frank to clinic A, sent (status received)."""
    referral = Referral.objects.create(
        referrer=cast.frank.referrer,
        clinic=extra.pop("clinic", cast.clinic_a),
        patient_national_id=make_national_id(birth, individual, synthetic=True),
        patient_name=name,
        patient_language=language,
        complaint=complaint,
        neurological_symptoms=neurological_symptoms,
        failed_treatment=failed_treatment,
        content={**ESSENTIALS, **extra.pop("content", {})},
        **extra,
    )
    services.send(user=cast.frank, referral=referral)
    if sent_at is not None:
        Referral.objects.filter(pk=referral.pk).update(sent_at=sent_at)
        referral.refresh_from_db()
    return referral


def accepted_referral(cast: Cast, **kwargs: Any) -> Referral:
    referral = sent_referral(cast, **kwargs)
    suggestion = services.triage(referral)
    return services.decide(
        user=cast.carol, referral=referral, decision="accept", reason="Rett etter veilederen.",
        deadline=suggestion.deadline,
    )


ROWS: list[Row] = [
    Row("klinikk/henvisninger/", lambda c: BASE, for_group(DESK, 200)),
    Row(
        "klinikk/henvisninger/<int:referral_id>/",
        lambda c: f"{BASE}{sent_referral(c).pk}/",
        ONE_REFERRAL,
    ),
    Row(
        "klinikk/henvisninger/<int:referral_id>/vurdering/",
        lambda c: f"{BASE}{sent_referral(c).pk}/vurdering/",
        for_group(CLINIC_A_DESK, 302, erin=404),
        method="post",
        data=lambda c: {"decision": "return", "reason": "Har pasienten prøvd amitriptylin?"},
    ),
    Row(
        "klinikk/henvisninger/<int:referral_id>/brev.pdf",
        lambda c: f"{BASE}{accepted_referral(c).pk}/brev.pdf",
        ONE_REFERRAL,
    ),
    Row("klinikk/henvisninger/venteliste/", lambda c: f"{BASE}venteliste/", for_group(DESK, 200)),
    Row(
        "klinikk/henvisninger/venteliste/",
        lambda c: f"{BASE}venteliste/",
        for_group(CLINIC_A_DESK, 302, erin=404),
        method="post",
        data=lambda c: {
            "referral": str(accepted_referral(c).pk),
            "appointment_on": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
        },
    ),
    Row(
        "klinikk/henvisninger/venteliste.csv",
        lambda c: f"{BASE}venteliste.csv",
        for_group(DESK, 200),
    ),
]
