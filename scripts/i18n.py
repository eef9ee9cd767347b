"""Refresh the message catalogs: extract strings, fill Norwegian from JSON files, compile.

    .venv/bin/python scripts/i18n.py [TRANSLATIONS.json ...]

Each JSON file maps an English msgid to its bokmål text (for plurals: a list of two forms).
A lock makes concurrent runs take turns, so nobody's translations are lost.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bontrack"
NB = PACKAGE / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def main(paths: list[str]) -> int:
    translations: dict[str, str | list[str]] = {}
    for path in paths:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    lock_path = ROOT / "var" / "i18n.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "django-admin"), "makemessages", "-l", "nb", "-l", "en",
             "--no-obsolete", "--ignore", "clinical/*"],
            cwd=PACKAGE, check=True, capture_output=True,
        )
        catalog = polib.pofile(str(NB))
        for entry in catalog:
            text = translations.get(entry.msgid)
            if text is None:
                continue
            if entry.msgid_plural:
                forms = text if isinstance(text, list) else [text, text]
                entry.msgstr_plural = {0: forms[0], 1: forms[1]}
            else:
                entry.msgstr = text if isinstance(text, str) else text[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save()
        missing = [
            e.msgid for e in catalog
            if (not e.msgstr and not e.msgid_plural)
            or (e.msgid_plural and not e.msgstr_plural.get(0))
            or "fuzzy" in e.flags
        ]
        subprocess.run([sys.executable, str(ROOT / "scripts" / "compile_catalogs.py")], check=True)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
