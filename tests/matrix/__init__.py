"""Every area's access-matrix rows, collected from the modules of this package."""

from __future__ import annotations

import importlib
import pkgutil

from tests.matrix.base import Row


def all_rows() -> list[Row]:
    rows: list[Row] = []
    for module in pkgutil.iter_modules(__path__):
        if module.name == "base":
            continue
        rows.extend(importlib.import_module(f"{__name__}.{module.name}").ROWS)
    return rows
