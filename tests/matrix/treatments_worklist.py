"""Access-matrix rows for the clinic's worklist: coordinators and physicians, own clinic only."""

from __future__ import annotations

import datetime as dt

from bontrack.treatments.models import SideEffectReport
from tests.matrix.base import Row, for_group
from tests.personas import Cast

CARERS = {"carol", "dave", "erin"}


def _handled(cast: Cast) -> str:
    report, _ = SideEffectReport.objects.get_or_create(
        patient=cast.alice_patient, clinic=cast.clinic_a, red_flag=True,
        defaults={"kinds": ["difficulty_swallowing"], "onset_on": dt.date.today(),
                  "severity": "severe"},
    )
    return f"/klinikk/arbeidsliste/bivirkning/{report.pk}/handtert/"


ROWS: list[Row] = [
    Row("klinikk/arbeidsliste/", lambda c: "/klinikk/arbeidsliste/", for_group(CARERS, 200)),
    # erin is a physician at clinic B: clinic A's report does not exist for her.
    Row(
        "klinikk/arbeidsliste/bivirkning/<int:report_id>/handtert/",
        _handled,
        for_group({"carol", "dave"}, 302, erin=404),
        method="post",
        data=lambda c: {"note": "Called the patient"},
    ),
]
