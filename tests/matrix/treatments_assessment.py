"""Access-matrix rows for the assessment page: eligibility, applications, outcome decisions.

alice's own clinic's coordinator and physician read the page; only the physician drafts,
records answers and decides. The clinic admin and the other clinic's physician get 404.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bontrack.treatments.models import Application, Course, Session
from tests.matrix.base import Row, for_group
from tests.personas import Cast

BASE = "klinikk/pasienter/<int:patient_id>/vurdering/"


def _page(cast: Cast) -> str:
    return f"/klinikk/pasienter/{cast.alice_patient.pk}/vurdering/"


def _answer(cast: Cast) -> str:
    application, _ = Application.objects.get_or_create(
        patient=cast.alice_patient, clinic=cast.clinic_a, rules="no-5-14-2019",
        defaults={"drafted_by": cast.dave, "criteria": []},
    )
    return f"{_page(cast)}soknad/{application.pk}/svar/"


def _course(cast: Cast) -> Course:
    first = timezone.localdate() - dt.timedelta(days=100)
    course, made = Course.objects.get_or_create(
        patient=cast.alice_patient, clinic=cast.clinic_a,
        defaults={"indication": "chronic_migraine", "started_on": first},
    )
    if made:
        Session.objects.create(
            course=course, patient=cast.alice_patient, clinic=cast.clinic_a, cycle=1,
            performed_on=first, physician=cast.dave, state=Session.State.SIGNED,
        )
    return course


ROWS: list[Row] = [
    Row(BASE, _page, for_group({"carol", "dave", "ola", "erin"}, 200, erin=404, ola=404)),
    Row(
        BASE + "soknad/",
        lambda c: _page(c) + "soknad/",
        for_group({"dave", "erin"}, 200, erin=404),
        method="post",
        data=lambda c: {"rules": "no-5-14-2019"},
    ),
    Row(
        BASE + "soknad/<int:application_id>/svar/",
        _answer,
        for_group({"dave", "erin"}, 302, erin=404),
        method="post",
        data=lambda c: {"answer": "approved", "answered_on": timezone.localdate().isoformat()},
    ),
    Row(
        BASE + "utfall/",
        lambda c: _page(c) + "utfall/",
        for_group({"dave", "erin"}, 302, erin=404),
        method="post",
        data=lambda c: {"course": str(_course(c).pk), "cycle": "1", "decision": "continue",
                        "reason": "Matrix check"},
    ),
]
