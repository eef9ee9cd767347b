"""Access-matrix rows for the patient's questionnaires: MIDAS, a HIT-6 total and PGIC."""

from __future__ import annotations

from tests.matrix.base import PATIENTS, Row, for_group

MIDAS = {
    "missed_work": "1", "reduced_work": "2", "missed_household": "0",
    "reduced_household": "0", "missed_leisure": "3", "headache_days": "", "pain": "",
}

ROWS: list[Row] = [
    Row("portal/skjema/", lambda c: "/portal/skjema/", for_group(PATIENTS, 200)),
    Row("portal/skjema/midas/", lambda c: "/portal/skjema/midas/", for_group(PATIENTS, 200)),
    Row(
        "portal/skjema/midas/",
        lambda c: "/portal/skjema/midas/",
        for_group(PATIENTS, 302),
        method="post",
        data=lambda c: MIDAS,
    ),
    Row("portal/skjema/hit-6/", lambda c: "/portal/skjema/hit-6/", for_group(PATIENTS, 200)),
    Row(
        "portal/skjema/hit-6/",
        lambda c: "/portal/skjema/hit-6/",
        for_group(PATIENTS, 302),
        method="post",
        data=lambda c: {"total": "56"},
    ),
    Row("portal/skjema/pgic/", lambda c: "/portal/skjema/pgic/", for_group(PATIENTS, 200)),
    Row(
        "portal/skjema/pgic/",
        lambda c: "/portal/skjema/pgic/",
        for_group(PATIENTS, 302),
        method="post",
        data=lambda c: {"answer": "3"},
    ),
]
