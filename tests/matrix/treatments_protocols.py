"""Access-matrix rows for the clinic's saved protocols (/klinikk/protokoller/).

Staff of clinic A (carol, dave, ola) read clinic A's protocols; only ola, its administrator,
creates, changes and deletes them (carol and dave get 403). erin, staff of clinic B, sees the
list of her own clinic but gets 404 for clinic A's protocol. Patients, the referrer and the
platform admin hold no staff role: 403.
"""

from __future__ import annotations

from bontrack.treatments.models import CustomProtocol
from tests.matrix.base import Row, for_group
from tests.personas import Cast

BASE = "klinikk/protokoller/"
STAFF = {"carol", "dave", "erin", "ola"}
CLINIC_A = {"carol", "dave", "ola"}
ADMIN = {"ola"}

ROWS_DATA = {
    "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0",
    "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "28",
    "rows-0-muscle": "trapezius", "rows-0-side": "bilateral",
    "rows-0-sites": "4", "rows-0-units_per_site": "10",
}


def _protocol(cast: Cast, name: str) -> CustomProtocol:
    saved, _ = CustomProtocol.objects.get_or_create(
        clinic=cast.clinic_a, name=name,
        defaults={"sites": [{"muscle": "trapezius", "side": "left", "sites": 4,
                             "units_per_site": 10}]},
    )
    return saved


def _path(cast: Cast, name: str, tail: str = "") -> str:
    return f"/klinikk/protokoller/{_protocol(cast, name).pk}/{tail}"


def _clinic_a_only(allowed: int) -> dict[str, int]:
    """clinic A's admin gets `allowed`, its other staff 403, erin 404."""
    return for_group(ADMIN, allowed, erin=404)


ROWS: list[Row] = [
    Row(BASE, lambda c: "/klinikk/protokoller/", for_group(STAFF, 200)),
    Row(f"{BASE}ny/", lambda c: "/klinikk/protokoller/ny/", for_group(ADMIN, 200)),
    Row(f"{BASE}ny/", lambda c: "/klinikk/protokoller/ny/", for_group(ADMIN, 302),
        method="post", data=lambda c: {"name": "matrix-new", "description": "", **ROWS_DATA}),
    Row(f"{BASE}<int:protocol_id>/", lambda c: _path(c, "matrix-read"),
        for_group(CLINIC_A, 200, erin=404)),
    Row(f"{BASE}<int:protocol_id>/endre/", lambda c: _path(c, "matrix-edit", "endre/"),
        _clinic_a_only(200)),
    Row(f"{BASE}<int:protocol_id>/endre/", lambda c: _path(c, "matrix-edit", "endre/"),
        _clinic_a_only(302), method="post",
        data=lambda c: {"name": "matrix-edit", "description": "changed", **ROWS_DATA}),
    Row(f"{BASE}<int:protocol_id>/slett/", lambda c: _path(c, "matrix-delete", "slett/"),
        _clinic_a_only(200)),
    Row(f"{BASE}<int:protocol_id>/slett/", lambda c: _path(c, "matrix-delete", "slett/"),
        _clinic_a_only(302), method="post"),
]
