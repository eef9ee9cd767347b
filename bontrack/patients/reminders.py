"""Reminder services: the patient's settings, which reminders are due, and sending each at most
once, however many workers run.

A reminder is due once per `due_on` day: the diary reminder every day at the patient's
chosen time, the questionnaire reminder once for each date a MIDAS falls due. A worker first
claims (reminder, due_on) by inserting a ReminderDelivery row; the unique constraint lets
exactly one insert win, so only the winner sends. A worker that dies between claiming and
sending leaves the row "claimed": that reminder is lost rather than sent twice.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bontrack.accounts import audit
from bontrack.clinical.questionnaires import next_midas_due
from bontrack.patients import questionnaires, senders
from bontrack.patients.diary_models import (
    DiaryEntry,
    QuestionnaireResponse,
    Reminder,
    ReminderDelivery,
)
from bontrack.patients.models import Patient

# Patients live in Norway: the time they choose is wall-clock time there, summer time included.
REMINDER_TIMEZONE = ZoneInfo("Europe/Oslo")
DEFAULT_TIME = dt.time(20, 0)
DEFAULT_BASE_URL = "http://127.0.0.1:8000"

Kind = Reminder.Kind
Channel = Reminder.Channel
Status = ReminderDelivery.Status


class ReminderInputError(ValueError):
    """Reminder settings that cannot be saved; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ReminderSettings:
    """What the patient chose: one time and channel for both kinds of reminder."""

    diary_on: bool
    time_of_day: dt.time
    channel: str
    questionnaires_on: bool


def email_address(patient: Patient) -> str:
    """Where e-mail reminders go: the record's address, else the log-in address."""
    return patient.email or (patient.user.email if patient.user else "")


def settings_for(*, patient: Patient) -> ReminderSettings:
    """The patient's reminder settings; both off until they choose."""
    rows = {r.kind: r for r in Reminder.objects.filter(patient=patient)}
    diary, questionnaire = rows.get(Kind.DIARY), rows.get(Kind.QUESTIONNAIRE)
    chosen = diary or questionnaire
    return ReminderSettings(
        diary_on=bool(diary and diary.active),
        time_of_day=chosen.time_of_day if chosen else DEFAULT_TIME,
        channel=chosen.channel if chosen else Channel.EMAIL,
        questionnaires_on=bool(questionnaire and questionnaire.active),
    )


def check_channel(*, patient: Patient, channel: str) -> str | None:
    """Why the patient cannot be reached on `channel`, or None when they can."""
    if channel == Channel.SMS:
        if not patient.phone:
            return _("Text messages need a mobile number on your patient record. Ask your "
                     "clinic to add it, or choose e-mail.")
        if senders.normalise_phone(patient.phone) is None:
            return _("The phone number on your patient record does not look like a mobile "
                     "number. Ask your clinic to correct it, or choose e-mail.")
    elif channel == Channel.EMAIL:
        if not email_address(patient):
            return _("There is no e-mail address on your patient record.")
    else:
        return _("Choose e-mail or text message.")
    return None


def save_settings(
    *, patient: Patient, by: Any, diary_on: bool, time_of_day: dt.time, channel: str,
    questionnaires_on: bool,
) -> ReminderSettings:
    """Store the patient's choices; nothing changes when a choice is not possible."""
    if diary_on or questionnaires_on:
        problem = check_channel(patient=patient, channel=channel)
        if problem:
            raise ReminderInputError({"channel": problem})
    elif channel not in Channel.values:
        channel = Channel.EMAIL
    with transaction.atomic():
        for kind, active in ((Kind.DIARY, diary_on), (Kind.QUESTIONNAIRE, questionnaires_on)):
            Reminder.objects.update_or_create(
                patient=patient, kind=kind,
                defaults={"time_of_day": time_of_day.replace(second=0, microsecond=0),
                          "channel": channel, "active": active},
            )
        audit.record(actor=by, action="update", object_type="patients.reminder",
                     object_id=patient.pk, patient=patient)
    return settings_for(patient=patient)


def recent_deliveries(*, patient: Patient, limit: int = 10) -> list[ReminderDelivery]:
    """The latest reminders sent (or tried) to the patient, newest first."""
    return list(
        ReminderDelivery.objects.filter(reminder__patient=patient)
        .select_related("reminder")
        .order_by("-claimed_at")[:limit]
    )


# --- Which reminders are due ----------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A reminder to send, and the day it is for."""

    reminder: Reminder
    due_on: dt.date


def due_reminders(now: dt.datetime) -> list[Due]:
    """Every active reminder whose time has come today (Oslo time) and that nobody has claimed."""
    local = now.astimezone(REMINDER_TIMEZONE)
    today, clock = local.date(), local.time().replace(tzinfo=None)
    active = Reminder.objects.filter(
        active=True, time_of_day__lte=clock, patient__erased_at__isnull=True,
        patient__user__is_active=True,
    ).select_related("patient", "patient__user")
    due = [
        Due(reminder, today)
        for reminder in active.filter(kind=Kind.DIARY).exclude(deliveries__due_on=today)
    ]
    questionnaire_reminders = active.filter(kind=Kind.QUESTIONNAIRE).annotate(
        last_midas=Max(
            "patient__questionnaires__answered_on",
            filter=Q(patient__questionnaires__kind=QuestionnaireResponse.Kind.MIDAS),
        )
    )
    for reminder in questionnaire_reminders:
        due_on = next_midas_due(
            reminder.last_midas,
            start=questionnaires.follow_up_start(reminder.patient),
        )
        if due_on <= today and not reminder.deliveries.filter(due_on=due_on).exists():
            due.append(Due(reminder, due_on))
    return due


def claim(reminder: Reminder, due_on: dt.date, worker: str) -> ReminderDelivery | None:
    """Take the sending of one reminder for one day, or None when another worker has it."""
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                reminder=reminder, due_on=due_on, worker=worker[:80], status=Status.CLAIMED
            )
    except IntegrityError:
        return None


# --- Sending --------------------------------------------------------------------------------


def base_url() -> str:
    return str(getattr(settings, "BONTRACK_BASE_URL", DEFAULT_BASE_URL)).rstrip("/")


def compose(reminder: Reminder, due_on: dt.date) -> senders.Outgoing:
    """The reminder's text in the patient's language, addressed for its channel."""
    patient = reminder.patient
    name = "diary" if reminder.kind == Kind.DIARY else "questionnaire"
    path = (reverse("patients:diary:today") if reminder.kind == Kind.DIARY
            else reverse("patients:questionnaire:midas"))
    context = {
        "due_on": due_on,
        "link": base_url() + path,
        "settings_link": base_url() + reverse("patients:reminder:index"),
    }
    with translation.override(patient.preferred_language or settings.LANGUAGE_CODE):
        if reminder.channel == Channel.SMS:
            return senders.Outgoing(
                to=patient.phone, subject="",
                text=render_to_string(f"patients/email/reminder_{name}_sms.txt", context).strip(),
            )
        subject = render_to_string(f"patients/email/reminder_{name}_subject.txt", context)
        return senders.Outgoing(
            to=email_address(patient),
            subject=" ".join(subject.split()),
            text=render_to_string(f"patients/email/reminder_{name}.txt", context),
        )


def _no_longer_needed(reminder: Reminder, due_on: dt.date) -> str:
    """Why sending is pointless now, or "" when it is still needed."""
    patient = reminder.patient
    if reminder.kind == Kind.DIARY:
        if DiaryEntry.objects.filter(patient=patient, date=due_on).exists():
            return "the diary for the day is already filled in"
    elif questionnaires.midas_due_on(patient=patient) > due_on:
        return "the MIDAS has been filled in since it fell due"
    return ""


def _finish(delivery: ReminderDelivery, status: str, detail: str) -> ReminderDelivery:
    delivery.status = status
    delivery.detail = detail[:300]
    with transaction.atomic():
        delivery.save(update_fields=["status", "detail"])
        audit.record(actor=None, action=f"reminder_{status}", obj=delivery,
                     patient=delivery.reminder.patient_id, reason=delivery.detail)
    return delivery


def send(delivery: ReminderDelivery) -> ReminderDelivery:
    """Send a claimed reminder; any failure is recorded on the delivery, never raised."""
    reminder = delivery.reminder
    reason = _no_longer_needed(reminder, delivery.due_on)
    if reason:
        return _finish(delivery, Status.SKIPPED, reason)
    try:
        message = compose(reminder, delivery.due_on)
        if not message.to:
            raise senders.SendError(f"no {reminder.channel} address on the record")
        senders.sender_for(reminder.channel).send(message)
    except Exception as exc:  # a gateway may fail in any way; the worker must go on
        return _finish(delivery, Status.FAILED, f"{type(exc).__name__}: {exc}")
    return _finish(delivery, Status.SENT, f"{reminder.channel} to {_mask(message.to)}")


def _mask(address: str) -> str:
    """Enough of an address to recognise it in a log, not enough to read it."""
    return f"{address[:2]}…{address[-2:]}" if len(address) > 6 else "…"


def default_worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_once(*, now: dt.datetime | None = None, worker: str = "") -> list[ReminderDelivery]:
    """One pass: claim every due reminder this worker can get and send it."""
    worker = worker or default_worker_name()
    done = []
    for item in due_reminders(now or timezone.now()):
        delivery = claim(item.reminder, item.due_on, worker)
        if delivery is not None:
            done.append(send(delivery))
    return done
