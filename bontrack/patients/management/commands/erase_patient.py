from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bontrack.patients import gdpr
from bontrack.patients.models import ErasureRequest


class Command(BaseCommand):
    help = "Carry out a patient's erasure request: replace their identity with a pseudonym."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("request_id", type=int, help="the erasure request's id (see admin)")
        parser.add_argument("--note", default="", help="decision note kept with the request")

    def handle(self, *args: Any, **options: Any) -> None:
        request_id = options["request_id"]
        erasure = ErasureRequest.objects.filter(pk=request_id).first()
        if erasure is None:
            raise CommandError(f"there is no erasure request {request_id}")
        try:
            patient = gdpr.erase_patient(request=erasure, by=None, note=options["note"])
        except gdpr.ErasureError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Erasure request {request_id} carried out: patient {patient.pk} "
                f"is now {patient.full_name!r}."
            )
        )
