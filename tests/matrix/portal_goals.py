"""Access-matrix rows for the self-management plan: the patient's ticks and the clinic's goals."""

from __future__ import annotations

import datetime as dt

from bontrack.patients.diary_models import SelfManagementGoal
from tests.matrix.base import PATIENTS, STAFF, Row, for_group
from tests.personas import Cast

TODAY = dt.date.today().isoformat()
# Only alice's own clinic's coordinator and physician reach her record; the clinic admin
# and the physician of another clinic get 404, as for the record itself.
CLINIC_A_CARERS = {"carol", "dave"}


def _goals(cast: Cast) -> str:
    return f"/klinikk/pasienter/{cast.alice_patient.pk}/mal/"


def _end_goal(cast: Cast) -> str:
    goal, _ = SelfManagementGoal.objects.get_or_create(
        patient=cast.alice_patient, kind="relaxation", text="Breathing exercises"
    )
    return f"{_goals(cast)}{goal.pk}/avslutt/"


ROWS: list[Row] = [
    Row("portal/mal/", lambda c: "/portal/mal/", for_group(PATIENTS, 200)),
    Row(
        "portal/mal/",
        lambda c: "/portal/mal/",
        for_group(PATIENTS, 302),
        method="post",
        data=lambda c: {"date": TODAY},
    ),
    Row(
        "klinikk/pasienter/<int:patient_id>/mal/",
        _goals,
        for_group(STAFF, 200, erin=404, ola=404),
    ),
    Row(
        "klinikk/pasienter/<int:patient_id>/mal/",
        _goals,
        for_group(CLINIC_A_CARERS, 302, erin=404, ola=404),
        method="post",
        data=lambda c: {"kind": "training", "text": "Walk 20 minutes"},
    ),
    Row(
        "klinikk/pasienter/<int:patient_id>/mal/<int:goal_id>/avslutt/",
        _end_goal,
        for_group(CLINIC_A_CARERS, 302, erin=404, ola=404),
        method="post",
    ),
]
