"""Starting a course: on which day it starts (today unless told), never in the future, and
never after its first treatment; the demo courses start on their first treatment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Min
from django.test import Client
from django.utils import timezone

from bontrack.accounts.models import AuditEvent
from bontrack.treatments import courses, sessions
from bontrack.treatments.models import Course, VialLot
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db


def _start(cast: Cast, **extra: Any) -> Course:
    return courses.create_course(
        patient=cast.alice_patient, clinic_id=cast.clinic_a.pk, by=cast.dave,
        indication="chronic_migraine", icd10="", protocol="preempt", planned_cycles=3,
        continuation_rules="nkh-2018", **extra)


def _new_course_url(cast: Cast) -> str:
    return f"/klinikk/pasienter/{cast.alice_patient.pk}/behandling/ny/"


def test_a_course_starts_today_unless_told_otherwise(cast: Cast) -> None:
    assert _start(cast).started_on == timezone.localdate()


def test_a_course_can_start_on_an_earlier_day(cast: Cast) -> None:
    day = timezone.localdate() - dt.timedelta(days=40)
    course = _start(cast, started_on=day)
    course.refresh_from_db()
    assert course.started_on == day


def test_a_course_cannot_start_in_the_future_and_nothing_is_stored(cast: Cast) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(sessions.SessionInputError) as refused:
        _start(cast, started_on=tomorrow)
    assert f"{tomorrow:%d.%m.%Y}" in refused.value.errors["started_on"]
    assert not Course.objects.exists()


def test_the_course_form_offers_today_and_stores_the_day_given(cast: Cast) -> None:
    client = login(Client(), cast.dave)
    page = client.get(_new_course_url(cast)).content.decode()
    today = timezone.localdate()
    assert "Startdato for forløpet" in page
    assert f'value="{today:%Y-%m-%d}"' in page and f'max="{today:%Y-%m-%d}"' in page
    day = today - dt.timedelta(days=10)
    response = client.post(_new_course_url(cast), {
        "indication": "chronic_migraine", "icd10": "", "protocol": "preempt",
        "planned_cycles": "3", "continuation_rules": "nkh-2018", "started_on": day.isoformat()})
    assert response.status_code == 302
    assert Course.objects.get().started_on == day


def test_the_course_form_without_a_day_starts_the_course_today(cast: Cast) -> None:
    response = login(Client(), cast.dave).post(_new_course_url(cast), {
        "indication": "chronic_migraine", "protocol": "preempt", "planned_cycles": "3",
        "continuation_rules": "nkh-2018", "started_on": ""})
    assert response.status_code == 302
    assert Course.objects.get().started_on == timezone.localdate()


def test_the_course_form_names_a_start_in_the_future(cast: Cast) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login(Client(), cast.dave).post(_new_course_url(cast), {
        "indication": "chronic_migraine", "protocol": "preempt", "planned_cycles": "3",
        "continuation_rules": "nkh-2018", "started_on": tomorrow.isoformat()})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Forløpet kan ikke starte fram i tid" in page and f"{tomorrow:%d.%m.%Y}" in page
    assert 'href="#id_started_on"' in page
    assert not Course.objects.exists()


def test_signing_a_session_from_before_the_start_moves_the_start_back(cast: Cast) -> None:
    today = timezone.localdate()
    course = _start(cast)
    lot = VialLot.objects.create(clinic=cast.clinic_a, vial_units=200, lot_number="C1",
                                 expires_on=today + dt.timedelta(days=365), vials_in_stock=5)
    earlier = today - dt.timedelta(days=30)
    draft = sessions.save_session(
        course=course, by=cast.dave, injections=sessions.plan_rows(course=course),
        details=sessions.SessionDetails(performed_on=earlier, lot_id=lot.pk,
                                        units_per_ml=Decimal(50)))
    course.refresh_from_db()
    assert course.started_on == today  # a draft may still change its date
    sessions.sign_session(session=draft, by=cast.dave)
    course.refresh_from_db()
    assert course.started_on == earlier
    event = AuditEvent.objects.get(action="update", object_type="treatments.course")
    assert (event.actor, event.patient_id) == (cast.dave, cast.alice_patient.pk)


def test_the_demo_courses_start_on_their_first_treatment(settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("demo")
    started = list(Course.objects.annotate(first=Min("sessions__performed_on"))
                   .values_list("started_on", "first"))
    assert started and all(start == first for start, first in started)
