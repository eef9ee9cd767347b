"""Reminders: the patient's settings, what is due when (Oslo time), and sending each at most once
even with several workers at the same time."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client

from bontrack.accounts.models import User
from bontrack.patients import questionnaires, reminders
from bontrack.patients.diary_models import DiaryEntry, Reminder, ReminderDelivery
from bontrack.patients.models import Enrolment, Patient
from bontrack.patients.senders import FileSmsSender, Outgoing, SmsSender
from tests.personas import Cast, login

UTC = dt.UTC
# 20:00 in Oslo: UTC+1 in winter, UTC+2 in summer.
WINTER_EVENING = dt.datetime(2026, 1, 15, 19, 0, tzinfo=UTC)
SUMMER_EVENING = dt.datetime(2026, 7, 15, 18, 0, tzinfo=UTC)


class BrokenSms(SmsSender):
    """An SMS gateway that is down."""

    def send_sms(self, *, to: str, text: str) -> None:
        raise ConnectionError("gateway did not answer")


@pytest.fixture(autouse=True)
def _mail_and_sms(settings: Any, tmp_path: Path) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.BONTRACK_SMS_DIR = tmp_path / "sms"
    settings.BONTRACK_BASE_URL = "https://bontrack.example"


def remind(patient: Patient, *, at: str = "20:00", kind: str = "diary",
           channel: str = "email") -> Reminder:
    return Reminder.objects.create(
        patient=patient, kind=kind, channel=channel, time_of_day=dt.time.fromisoformat(at)
    )


def english(client: Client, user: Any) -> Client:
    login(client, user)
    client.cookies.load({"django_language": "en"})
    return client


SETTINGS = {"diary_on": "on", "time_of_day": "07:30", "channel": "email",
            "questionnaires_on": "on"}


# --- The settings page ----------------------------------------------------------------------


def test_the_patient_turns_on_a_daily_diary_reminder(client: Client, cast: Cast) -> None:
    response = english(client, cast.alice).post("/portal/paminnelser/", SETTINGS)
    assert response.status_code == 302
    rows = {r.kind: r for r in Reminder.objects.filter(patient=cast.alice_patient)}
    assert rows["diary"].active and rows["questionnaire"].active
    assert rows["diary"].time_of_day == dt.time(7, 30)
    assert rows["diary"].channel == "email"
    page = client.get("/portal/paminnelser/").content.decode()
    assert "Your reminder settings are saved." in page
    assert 'value="07:30"' in page


def test_turning_reminders_off_keeps_the_rows_inactive(client: Client, cast: Cast) -> None:
    english(client, cast.alice).post("/portal/paminnelser/", SETTINGS)
    client.post("/portal/paminnelser/", {"time_of_day": "07:30", "channel": "email"})
    assert not Reminder.objects.filter(active=True).exists()
    assert reminders.settings_for(patient=cast.alice_patient).time_of_day == dt.time(7, 30)


@pytest.mark.parametrize("time", ["25:00", "7 pm", "", "12:60"])
def test_a_time_that_is_not_a_time_is_refused(client: Client, cast: Cast, time: str) -> None:
    response = english(client, cast.alice).post("/portal/paminnelser/",
                                                {**SETTINGS, "time_of_day": time})
    assert response.status_code == 400
    assert ("Time of day: Enter a time from 00:00 to 23:59, for example 20:00."
            in response.content.decode())
    assert Reminder.objects.count() == 0


def test_text_messages_need_a_phone_number_on_the_record(client: Client, cast: Cast) -> None:
    response = english(client, cast.alice).post("/portal/paminnelser/",
                                                {**SETTINGS, "channel": "sms"})
    assert response.status_code == 400
    assert ("Send reminders by: Text messages need a mobile number on your patient record."
            in response.content.decode())
    assert Reminder.objects.count() == 0


def test_text_messages_are_chosen_when_there_is_a_phone_number(client: Client,
                                                               cast: Cast) -> None:
    Patient.objects.filter(pk=cast.alice_patient.pk).update(phone="+47 912 34 567")
    response = english(client, cast.alice).post("/portal/paminnelser/",
                                                {**SETTINGS, "channel": "sms"})
    assert response.status_code == 302
    assert set(Reminder.objects.values_list("channel", flat=True)) == {"sms"}


def test_an_unknown_channel_is_refused(client: Client, cast: Cast) -> None:
    response = english(client, cast.alice).post("/portal/paminnelser/",
                                                {**SETTINGS, "channel": "pigeon"})
    assert response.status_code == 400
    assert "Send reminders by: Choose e-mail or text message." in response.content.decode()


def test_the_page_lists_the_latest_reminders(client: Client, cast: Cast) -> None:
    reminders.run_once(now=WINTER_EVENING) if remind(cast.alice_patient) else None
    page = english(client, cast.alice).get("/portal/paminnelser/").content.decode()
    assert "2026-01-15" in page
    assert "Sent" in page


# --- What is due ----------------------------------------------------------------------------


def test_the_diary_reminder_is_due_from_the_chosen_oslo_time_in_winter(cast: Cast) -> None:
    reminder = remind(cast.alice_patient)
    assert reminders.due_reminders(WINTER_EVENING - dt.timedelta(minutes=1)) == []
    due = reminders.due_reminders(WINTER_EVENING)
    assert [(d.reminder, d.due_on) for d in due] == [(reminder, dt.date(2026, 1, 15))]


def test_the_diary_reminder_follows_summer_time(cast: Cast) -> None:
    remind(cast.alice_patient)
    assert reminders.due_reminders(SUMMER_EVENING - dt.timedelta(minutes=1)) == []
    assert len(reminders.due_reminders(SUMMER_EVENING)) == 1


def test_the_day_is_the_oslo_day_not_the_utc_day(cast: Cast) -> None:
    remind(cast.alice_patient, at="00:30")
    # 23:45 UTC on 15 January is 00:45 on 16 January in Oslo.
    due = reminders.due_reminders(dt.datetime(2026, 1, 15, 23, 45, tzinfo=UTC))
    assert [d.due_on for d in due] == [dt.date(2026, 1, 16)]


def test_inactive_reminders_and_erased_patients_are_not_due(cast: Cast) -> None:
    Reminder.objects.create(patient=cast.alice_patient, kind="diary",
                            time_of_day=dt.time(20), active=False)
    remind(cast.bob_patient)
    Patient.objects.filter(pk=cast.bob_patient.pk).update(erased_at=WINTER_EVENING)
    assert reminders.due_reminders(WINTER_EVENING) == []


def test_the_questionnaire_reminder_is_due_when_midas_is_due(cast: Cast) -> None:
    patient = cast.alice_patient
    Patient.objects.filter(pk=patient.pk).update(created_at=dt.datetime(2025, 6, 1, tzinfo=UTC))
    reminder = remind(patient, kind="questionnaire")
    questionnaires.record_midas(
        patient=patient, by=cast.alice, answered_on=dt.date(2025, 12, 1),
        answers={item: 0 for item in ("missed_work", "reduced_work", "missed_household",
                                      "reduced_household", "missed_leisure")},
    )
    # Due 90 days after 1 December: 1 March.
    assert reminders.due_reminders(dt.datetime(2026, 2, 28, 20, tzinfo=UTC)) == []
    due = reminders.due_reminders(dt.datetime(2026, 3, 1, 20, tzinfo=UTC))
    assert [(d.reminder, d.due_on) for d in due] == [(reminder, dt.date(2026, 3, 1))]


# --- Sending --------------------------------------------------------------------------------


def test_a_pass_sends_the_diary_reminder_by_email_in_norwegian(cast: Cast) -> None:
    remind(cast.alice_patient)
    [delivery] = reminders.run_once(now=WINTER_EVENING, worker="w1")
    assert (delivery.status, delivery.due_on, delivery.worker) == ("sent", dt.date(2026, 1, 15),
                                                                   "w1")
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Tid for dagens hodepinedagbok"
    assert "15. januar 2026" in message.body
    assert "https://bontrack.example/portal/dagbok/" in message.body
    assert "https://bontrack.example/portal/paminnelser/" in message.body


def test_the_reminder_speaks_the_patients_language(cast: Cast) -> None:
    Patient.objects.filter(pk=cast.alice_patient.pk).update(preferred_language="en")
    remind(cast.alice_patient)
    reminders.run_once(now=WINTER_EVENING)
    [message] = mail.outbox
    assert message.subject == "Time for today's headache diary"
    assert "fill in your headache diary for Jan. 15, 2026" in message.body


def test_each_reminder_is_sent_at_most_once_across_passes(cast: Cast) -> None:
    remind(cast.alice_patient)
    first = reminders.run_once(now=WINTER_EVENING)
    again = reminders.run_once(now=WINTER_EVENING + dt.timedelta(minutes=1))
    later = reminders.run_once(now=WINTER_EVENING + dt.timedelta(hours=3))
    assert len(first) == 1 and again == [] and later == []
    assert len(mail.outbox) == 1
    next_day = reminders.run_once(now=WINTER_EVENING + dt.timedelta(days=1))
    assert [d.due_on for d in next_day] == [dt.date(2026, 1, 16)]


def test_no_diary_reminder_when_the_day_is_already_filled_in(cast: Cast) -> None:
    remind(cast.alice_patient)
    DiaryEntry.objects.create(patient=cast.alice_patient, date=dt.date(2026, 1, 15))
    [delivery] = reminders.run_once(now=WINTER_EVENING)
    assert delivery.status == "skipped"
    assert delivery.detail == "the diary for the day is already filled in"
    assert mail.outbox == []
    assert reminders.run_once(now=WINTER_EVENING + dt.timedelta(hours=1)) == []


def test_the_questionnaire_reminder_is_sent_once_per_due_date(cast: Cast) -> None:
    patient = cast.alice_patient
    Patient.objects.filter(pk=patient.pk).update(created_at=dt.datetime(2026, 1, 2, tzinfo=UTC))
    remind(patient, kind="questionnaire")
    [delivery] = reminders.run_once(now=WINTER_EVENING)
    assert delivery.due_on == dt.date(2026, 1, 2)
    assert mail.outbox[0].subject == "Tid for å fylle ut MIDAS-skjemaet"
    assert "https://bontrack.example/portal/skjema/midas/" in mail.outbox[0].body
    assert reminders.run_once(now=WINTER_EVENING + dt.timedelta(days=1)) == []


def test_a_text_message_goes_through_the_file_sender(cast: Cast, tmp_path: Path) -> None:
    Patient.objects.filter(pk=cast.alice_patient.pk).update(phone="912 34 567")
    remind(cast.alice_patient, channel="sms")
    [delivery] = reminders.run_once(now=WINTER_EVENING)
    assert delivery.status == "sent"
    [sms] = list((tmp_path / "sms").iterdir())
    text = sms.read_text(encoding="utf-8")
    assert text.startswith("To: 91234567\n")
    assert "hodepinedagbok" in text and "https://bontrack.example/portal/dagbok/" in text
    assert mail.outbox == []


def test_a_failed_send_is_recorded_with_its_reason_and_the_pass_goes_on(
    cast: Cast, settings: Any
) -> None:
    settings.BONTRACK_SMS_SENDER = "tests.patients.test_reminders.BrokenSms"
    Patient.objects.filter(pk=cast.alice_patient.pk).update(phone="91234567")
    remind(cast.alice_patient, channel="sms")
    remind(cast.bob_patient)
    done = {d.reminder.patient_id: d for d in reminders.run_once(now=WINTER_EVENING)}
    assert done[cast.alice_patient.pk].status == "failed"
    assert done[cast.alice_patient.pk].detail == "ConnectionError: gateway did not answer"
    assert done[cast.bob_patient.pk].status == "sent"
    # At most once: a failed reminder is not tried again the same day.
    assert reminders.run_once(now=WINTER_EVENING + dt.timedelta(minutes=5)) == []


def test_a_reminder_without_an_address_fails_cleanly(cast: Cast) -> None:
    remind(cast.alice_patient, channel="sms")
    [delivery] = reminders.run_once(now=WINTER_EVENING)
    assert (delivery.status, delivery.detail) == ("failed",
                                                  "SendError: no sms address on the record")


def test_the_file_sender_refuses_what_is_not_a_phone_number(tmp_path: Path) -> None:
    sender = FileSmsSender(tmp_path)
    with pytest.raises(Exception, match="is not a phone number"):
        sender.send(Outgoing(to="call me", subject="", text="hi"))
    assert list(tmp_path.iterdir()) == []


# --- Several workers ------------------------------------------------------------------------


def _patients(count: int) -> list[Patient]:
    made = []
    clinic = Enrolment.objects.first().clinic  # type: ignore[union-attr]
    for i in range(count):
        user = User.objects.create_user(email=f"p{i}@example.org", password="x" * 12,
                                        full_name=f"Patient {i}")
        patient = Patient.objects.create(user=user, full_name=f"Patient {i}")
        Enrolment.objects.create(patient=patient, clinic=clinic)
        made.append(patient)
    return made


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_time_send_each_reminder_once(cast: Cast) -> None:
    patients = [cast.alice_patient, cast.bob_patient, *_patients(10)]
    for patient in patients:
        remind(patient)
    start = threading.Barrier(2)
    results: dict[str, list[ReminderDelivery]] = {}
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            start.wait()
            results[name] = reminders.run_once(now=WINTER_EVENING, worker=name)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    sent = results["w1"] + results["w2"]
    assert sorted(d.reminder.patient_id for d in sent) == sorted(p.pk for p in patients)
    assert ReminderDelivery.objects.count() == len(patients)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        reminders.email_address(p) for p in patients
    )


# --- The worker command ---------------------------------------------------------------------


def test_the_worker_runs_one_pass_and_prints_what_it_sent(cast: Cast) -> None:
    reminder = remind(cast.alice_patient, at="00:00")
    out = StringIO()
    call_command("worker", "--once", "--name", "test-worker", stdout=out)
    assert f"sent: diary reminder {reminder.pk} for patient {cast.alice_patient.pk}" in (
        out.getvalue()
    )
    assert ReminderDelivery.objects.get().worker == "test-worker"
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert out.getvalue() == ""


def test_the_worker_reports_a_failed_send_without_a_traceback(cast: Cast,
                                                              settings: Any) -> None:
    settings.BONTRACK_SMS_SENDER = "tests.patients.test_reminders.BrokenSms"
    Patient.objects.filter(pk=cast.alice_patient.pk).update(phone="91234567")
    remind(cast.alice_patient, at="00:00", channel="sms")
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "failed: diary reminder" in out.getvalue()
    assert "ConnectionError: gateway did not answer" in out.getvalue()
    assert "Traceback" not in out.getvalue()
