"""Access-matrix rows for "My overview" and the visit summary PDF, in the portal and the
clinic workspace."""

from __future__ import annotations

from tests.matrix.base import PATIENTS, STAFF, Row, for_group
from tests.personas import Cast


def _alices(cast: Cast) -> str:
    return f"/klinikk/pasienter/{cast.alice_patient.pk}/sammendrag/"


# Clinic A's coordinator and physician see alice; erin works at clinic B and ola is a clinic
# admin without patient access: both get 404, which does not tell them she exists.
CLINIC_A_CARE = for_group(STAFF, 200, erin=404, ola=404)

ROWS: list[Row] = [
    Row("portal/oversikt/", lambda c: "/portal/oversikt/", for_group(PATIENTS, 200)),
    Row(
        "portal/oversikt/sammendrag.pdf",
        lambda c: "/portal/oversikt/sammendrag.pdf",
        for_group(PATIENTS, 200),
    ),
    Row("klinikk/pasienter/<int:patient_id>/sammendrag/", _alices, CLINIC_A_CARE),
    Row(
        "klinikk/pasienter/<int:patient_id>/sammendrag/sammendrag.pdf",
        lambda c: _alices(c) + "sammendrag.pdf",
        CLINIC_A_CARE,
    ),
]

ROWS += [
    Row("portal/oversikt/graf/<str:name>.svg", lambda c: "/portal/oversikt/graf/headache.svg",
        for_group(PATIENTS, 200)),
    Row("klinikk/pasienter/<int:patient_id>/sammendrag/graf/<str:name>.svg",
        lambda c: _alices(c) + "graf/medication-kompakt.svg", CLINIC_A_CARE),
]
