"""Access-matrix rows for the patient's reminder settings."""

from __future__ import annotations

from tests.matrix.base import PATIENTS, Row, for_group

ROWS: list[Row] = [
    Row("portal/paminnelser/", lambda c: "/portal/paminnelser/", for_group(PATIENTS, 200)),
    Row(
        "portal/paminnelser/",
        lambda c: "/portal/paminnelser/",
        for_group(PATIENTS, 302),
        method="post",
        data=lambda c: {"diary_on": "on", "time_of_day": "20:00", "channel": "email"},
    ),
]
