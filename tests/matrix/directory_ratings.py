from tests.matrix.base import Row

ROWS: list[Row] = []
