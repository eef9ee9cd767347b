"""The `bontrack` command: bontrack's clinical commands plus every Django management command."""

from __future__ import annotations

import os
import sys

# These work from a diary file alone, without settings or a database.
CLINICAL_COMMANDS = {"assess", "eligibility", "protocol"}


def main(argv: list[str] | None = None) -> None:
    """Dispatch to the clinical core or to Django's management commands."""
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in CLINICAL_COMMANDS:
        from bontrack.clinical.cli import main as clinical_main

        raise SystemExit(clinical_main(argv[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bontrack.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
