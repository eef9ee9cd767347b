"""Compile the gettext catalogs (.po → .mo) with polib, so no system gettext is needed."""

from __future__ import annotations

import sys
from pathlib import Path

import polib


def main() -> int:
    root = Path(__file__).resolve().parent.parent / "bontrack"
    count = 0
    for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
        catalog = polib.pofile(str(po_path))
        catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
        count += 1
    print(f"compiled {count} message catalog(s)")
    return 0 if count else 1


if __name__ == "__main__":
    sys.exit(main())
