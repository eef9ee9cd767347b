"""Access-matrix rows for treatment courses and the session recorder.

alice's own clinic's coordinator and physician read courses and sessions; only the physician
starts courses, records, signs and adds addenda (the coordinator gets 403). The clinic admin
and the other clinic's physician get 404, as for the record itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from bontrack.treatments import sessions
from bontrack.treatments.models import Course, Session
from tests.matrix.base import Row, for_group
from tests.personas import Cast

BASE = "klinikk/pasienter/<int:patient_id>/behandling/"
READERS = {"carol", "dave", "ola", "erin"}
PHYSICIANS = {"dave", "erin"}

# Each helper course is told apart by its planned cycles, so rows of other areas that
# get_or_create alice's course are not disturbed, and the rows here can run in any order.
FRESH, DRAFTED, SIGNED = 7, 8, 9


def _base(cast: Cast) -> str:
    return f"/klinikk/pasienter/{cast.alice_patient.pk}/behandling/"


def _course(cast: Cast, marker: int) -> Course:
    course, _ = Course.objects.get_or_create(
        patient=cast.alice_patient, clinic=cast.clinic_a, planned_cycles=marker,
        defaults={"indication": Course.Indication.CHRONIC_MIGRAINE, "created_by": cast.dave},
    )
    return course


def _session(cast: Cast, marker: int) -> Session:
    course = _course(cast, marker)
    session = course.sessions.first()
    if session is None:
        session = Session.objects.create(
            course=course, patient=cast.alice_patient, clinic=cast.clinic_a, cycle=1,
            performed_on=timezone.localdate() - dt.timedelta(days=1), physician=cast.dave,
            state=Session.State.SIGNED if marker == SIGNED else Session.State.DRAFT,
            total_units=5,
        )
        session.injections.create(muscle="procerus", side="midline", sites=1, units=5)
    return session


def _new_session(cast: Cast) -> str:
    return f"{_base(cast)}{_course(cast, FRESH).pk}/okt/ny/"


def _draft(cast: Cast) -> str:
    return f"{_base(cast)}okt/{_session(cast, DRAFTED).pk}/"


def _signed(cast: Cast) -> str:
    return f"{_base(cast)}okt/{_session(cast, SIGNED).pk}/"


def _form(cast: Cast) -> dict[str, Any]:
    data: dict[str, Any] = {"performed_on": timezone.localdate().isoformat(),
                            "units_per_ml": "50", "action": "save"}
    for row in sessions.plan_rows(course=_course(cast, FRESH)):
        data[f"sites_{row.key}"] = str(row.sites)
        data[f"units_{row.key}"] = str(row.units)
    return data


ROWS: list[Row] = [
    Row(BASE, _base, for_group(READERS, 200, erin=404, ola=404)),
    Row(BASE + "ny/", lambda c: f"{_base(c)}ny/", for_group(PHYSICIANS, 200, erin=404)),
    Row(
        BASE + "ny/",
        lambda c: f"{_base(c)}ny/",
        for_group(PHYSICIANS, 302, erin=404),
        method="post",
        data=lambda c: {"indication": "chronic_migraine", "protocol": "preempt",
                        "planned_cycles": "3", "continuation_rules": "nkh-2018"},
    ),
    Row(BASE + "<int:course_id>/okt/ny/", _new_session, for_group(PHYSICIANS, 200, erin=404)),
    Row(
        BASE + "<int:course_id>/okt/ny/",
        _new_session,
        for_group(PHYSICIANS, 302, erin=404),
        method="post",
        data=_form,
    ),
    Row(BASE + "okt/<int:session_id>/", _draft, for_group(READERS, 200, erin=404, ola=404)),
    Row(BASE + "okt/<int:session_id>/", _signed, for_group(READERS, 200, erin=404, ola=404)),
    Row(
        BASE + "okt/<int:session_id>/",
        _draft,
        for_group(READERS, 302, carol=403, erin=404, ola=403),
        method="post",
        data=_form,
    ),
    Row(
        BASE + "okt/<int:session_id>/",
        _signed,
        for_group(READERS, 409, carol=403, erin=404, ola=403),
        method="post",
        data=_form,
    ),
    Row(
        BASE + "okt/<int:session_id>/tillegg/",
        lambda c: f"{_signed(c)}tillegg/",
        for_group(PHYSICIANS, 302, erin=404),
        method="post",
        data=lambda c: {"text": "Mild bruising at the left temple, told the same day."},
    ),
]
