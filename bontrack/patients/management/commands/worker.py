from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from bontrack.patients import reminders
from bontrack.patients.diary_models import ReminderDelivery


class Command(BaseCommand):
    help = (
        "Send due reminders from the reminders table, every --interval seconds. Any number "
        "of workers may run: each reminder is sent at most once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=60.0,
                            help="seconds between passes (default 60)")
        parser.add_argument("--once", action="store_true", help="run one pass and exit")
        parser.add_argument("--name", default="",
                            help="this worker's name in the deliveries (default host:pid)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] <= 0:
            raise CommandError("--interval must be a positive number of seconds")
        name = options["name"] or reminders.default_worker_name()
        if options["once"]:
            try:
                self._pass(name)
            except Exception as exc:
                raise CommandError(f"the pass failed: {type(exc).__name__}: {exc}") from None
            return
        self.stdout.write(f"worker {name}: a pass every {options['interval']:g} s; Ctrl-C stops")
        try:
            while True:
                try:
                    self._pass(name)
                except Exception as exc:
                    # A lost database connection or the like: report it and try next time.
                    self.stderr.write(f"pass failed: {type(exc).__name__}: {exc}")
                close_old_connections()
                time.sleep(options["interval"])
        except KeyboardInterrupt:
            self.stdout.write("worker stopped")

    def _pass(self, name: str) -> None:
        for delivery in reminders.run_once(now=timezone.now(), worker=name):
            self.stdout.write(self._line(delivery), self._style(delivery))
        # Day-before reminders of appointments; claimed one by one, so at most once each.
        from bontrack.treatments.scheduling import send_appointment_reminders

        sent = send_appointment_reminders(timezone.now())
        if sent:
            self.stdout.write(self.style.SUCCESS(f"sent: {sent} appointment reminder(s)"))

    def _line(self, delivery: ReminderDelivery) -> str:
        reminder = delivery.reminder
        return (
            f"{delivery.status}: {reminder.kind} reminder {reminder.pk} for patient "
            f"{reminder.patient_id}, due {delivery.due_on}, by {reminder.channel}"
            + (f" ({delivery.detail})" if delivery.detail else "")
        )

    def _style(self, delivery: ReminderDelivery) -> Any:
        if delivery.status == ReminderDelivery.Status.FAILED:
            return self.style.ERROR
        if delivery.status == ReminderDelivery.Status.SENT:
            return self.style.SUCCESS
        return None
