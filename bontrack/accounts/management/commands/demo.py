from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bontrack import demo


class Command(BaseCommand):
    help = "Load the demo clinic, users and patients (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                logins = demo.load_all()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        if not logins:
            self.stdout.write("Demo data loaded. No demo logins exist yet.")
            return
        self.stdout.write(self.style.SUCCESS("Demo logins (demo mode only):"))
        width = max(len(login.role) for login in logins)
        for login in logins:
            note = f"  ({login.note})" if login.note else ""
            self.stdout.write(f"  {login.role:<{width}}  {login.email}  /  {login.password}{note}")
