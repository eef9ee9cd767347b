"""The `bontrack` command: bontrack's clinical commands plus every Django management command."""

from __future__ import annotations

import os
import sys
from typing import Any

# These work from a diary file alone, without settings or a database.
CLINICAL_COMMANDS = {"assess", "eligibility", "protocol"}
CLINIC_HELP = (
    "\nsaved protocols (read from the database, only when NAME is not built in):\n"
    "  --clinic SLUG_OR_ID  the clinic whose saved protocol to use; needed when several\n"
    "                       clinics saved one by that name\n"
)


def _django() -> None:
    """Set Django up for reading saved protocols; InputError when there is no database."""
    from bontrack.clinical.common import InputError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bontrack.settings")
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    # Connecting to SQLite would create an empty file; a missing one means no database yet.
    if db["ENGINE"].endswith("sqlite3") and not os.path.exists(str(db["NAME"])):
        raise InputError([f"no database at {db['NAME']} (run `bontrack migrate`)"])


def _saved(name: str, clinic: str | None) -> Any:
    """The lookup `bontrack protocol show` asks when NAME is not a built-in protocol."""
    from bontrack.clinical.common import InputError
    from bontrack.clinical.protocol import BUILTIN_PROTOCOLS

    unknown = f"unknown protocol {name!r}; built-in protocols: {', '.join(BUILTIN_PROTOCOLS)}"
    try:
        _django()
    except InputError as exc:
        raise InputError([f"{unknown}; saved protocols cannot be looked up: {exc}"]) from None
    from django.db import DatabaseError

    from bontrack.treatments.protocols import find_saved

    try:
        return find_saved(name, clinic=clinic)
    except DatabaseError as exc:
        raise InputError([f"{unknown}; saved protocols cannot be read ({exc})"]) from None


def _list_saved(clinic: str | None) -> int:
    """The clinics' saved protocols after the built-ins; without a database, a note only."""
    from bontrack.clinical.common import InputError

    try:
        _django()
        from django.db import DatabaseError

        from bontrack.treatments.protocols import saved_listing

        try:
            lines = saved_listing(clinic=clinic)
        except DatabaseError as exc:
            raise InputError([f"saved protocols cannot be read ({exc})"]) from None
    except InputError as exc:
        sys.stderr.write(f"saved protocols not listed: {exc}\n")
        # The built-ins were listed; only a clinic asked for by name makes this a failure.
        return 2 if clinic is not None else 0
    for line in lines:
        sys.stdout.write(f"{line}\n")
    return 0


def _take_clinic(args: list[str]) -> tuple[list[str], str | None, str]:
    """`--clinic X` or `--clinic=X` taken out of the arguments; a problem, if any."""
    rest: list[str] = []
    clinic: str | None = None
    items = iter(args)
    for arg in items:
        if arg == "--clinic":
            clinic = next(items, None)
            if clinic is None or not clinic.strip():
                return args, None, "--clinic: give a clinic's short name or id"
        elif arg.startswith("--clinic="):
            clinic = arg.partition("=")[2]
            if not clinic.strip():
                return args, None, "--clinic: give a clinic's short name or id"
        else:
            rest.append(arg)
    return rest, clinic, ""


def _protocol(argv: list[str]) -> int:
    """`bontrack protocol …`: built-ins without a database, then the clinics' saved ones."""
    from bontrack.clinical.cli import main as clinical_main

    args, clinic, problem = _take_clinic(argv)
    if problem:
        sys.stderr.write(f"{problem}\n")
        return 2
    code = clinical_main(args, protocol_lookup=lambda name: _saved(name, clinic))
    if "-h" in args or "--help" in args:
        sys.stdout.write(CLINIC_HELP)
        return code
    if code == 0 and args[1:2] == ["list"]:
        return _list_saved(clinic)
    return code


def main(argv: list[str] | None = None) -> None:
    """Dispatch to the clinical core or to Django's management commands."""
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "protocol":
        raise SystemExit(_protocol(argv[1:]))
    if len(argv) > 1 and argv[1] in CLINICAL_COMMANDS:
        from bontrack.clinical.cli import main as clinical_main

        raise SystemExit(clinical_main(argv[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bontrack.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
