"""Access-matrix rows for the clinic analytics page: coordinators and physicians only."""

from __future__ import annotations

from tests.matrix.base import Row, for_group

CARERS = {"carol", "dave", "erin"}

ROWS: list[Row] = [
    Row("klinikk/analyse/", lambda c: "/klinikk/analyse/", for_group(CARERS, 200)),
]
