"""Access-matrix rows for the diary and medicine routes of the JSON API."""

from __future__ import annotations

import datetime as dt

from tests.matrix.base import Row, expect
from tests.personas import Cast

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def _alice(cast: Cast) -> int:
    return cast.alice_patient.pk


ROWS: list[Row] = [
    # Reading: the patient herself and staff of her clinic (coordinator, physician).
    Row(
        "api/v1/patients/<patient_id>/diary",
        lambda c: f"/api/v1/patients/{_alice(c)}/diary",
        expect(404, anonymous=401, alice=200, carol=200, dave=200),
    ),
    Row(
        "api/v1/patients/<patient_id>/medications",
        lambda c: f"/api/v1/patients/{_alice(c)}/medications",
        expect(404, anonymous=401, alice=200, carol=200, dave=200),
    ),
    # Writing: only the patient; staff who can see her get 403, everyone else 404.
    Row(
        "api/v1/patients/<patient_id>/diary/<date>",
        lambda c: f"/api/v1/patients/{_alice(c)}/diary/{YESTERDAY}",
        expect(404, anonymous=401, alice=200, carol=403, dave=403),
        method="put",
        data=lambda c: '{"headache_hours": 4, "intensity": 2}',
    ),
    Row(
        "api/v1/patients/<patient_id>/medications",
        lambda c: f"/api/v1/patients/{_alice(c)}/medications",
        expect(404, anonymous=401, alice=201, carol=403, dave=403),
        method="post",
        data=lambda c: '{"kind": "acute", "name": "Sumatriptan", "drug_class": "triptan"}',
    ),
]
