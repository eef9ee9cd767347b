from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bontrack.accounts import audit


class Command(BaseCommand):
    help = (
        "The audit log. `bontrack audit verify` checks the hash chain and names the first bad row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="check every row's hash and its link to the row before")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            result = audit.verify()
            if not result.ok:
                raise CommandError(
                    f"audit chain broken at row {result.first_bad_seq}: {result.problem} "
                    f"({result.checked} rows before it are intact)"
                )
            self.stdout.write(self.style.SUCCESS(f"audit chain intact: {result.checked} rows"))
