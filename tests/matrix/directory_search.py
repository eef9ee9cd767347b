"""Access-matrix rows for the public directory search: everyone may search."""

from tests.matrix.base import Row, expect

ROWS: list[Row] = [
    Row("klinikker/", lambda c: "/klinikker/", expect(200)),
]
