"""Access-matrix rows for the patient's treatment pages: follow-up forms and side effects."""

from __future__ import annotations

import datetime as dt

from bontrack.treatments.followup import create_follow_ups
from bontrack.treatments.models import Course, FollowUp, Session, SideEffectReport
from tests.matrix.base import PATIENTS, Row, for_group
from tests.personas import Cast

TODAY = dt.date.today()


def signed_session(cast: Cast, *, days_ago: int = 30, cycle: int = 1,
                   patient: str = "alice") -> Session:
    """A signed session for a patient at clinic A by dave, with its follow-up forms."""
    record = cast.alice_patient if patient == "alice" else cast.bob_patient
    course, _ = Course.objects.get_or_create(
        patient=record, clinic=cast.clinic_a,
        defaults={"indication": Course.Indication.CHRONIC_MIGRAINE, "created_by": cast.dave,
                  "started_on": TODAY - dt.timedelta(days=days_ago)},
    )
    session, _ = Session.objects.get_or_create(
        course=course, cycle=cycle,
        defaults={"patient": record, "clinic": cast.clinic_a, "physician": cast.dave,
                  "performed_on": TODAY - dt.timedelta(days=days_ago), "state": "signed",
                  "total_units": 155},
    )
    create_follow_ups(session=session)
    return session


def _follow_up(cast: Cast) -> str:
    follow_up = FollowUp.objects.get(session=signed_session(cast), day=7)
    return f"/portal/behandling/oppfolging/{follow_up.pk}/"


def _report(cast: Cast) -> str:
    report, _ = SideEffectReport.objects.get_or_create(
        patient=cast.alice_patient, clinic=cast.clinic_a,
        defaults={"kinds": ["bruising"], "onset_on": TODAY, "severity": "mild"},
    )
    return f"/portal/behandling/bivirkning/{report.pk}/"


ALICE_ONLY = for_group({"alice"}, 200, bob=404)

ROWS: list[Row] = [
    Row("portal/behandling/", lambda c: "/portal/behandling/", for_group(PATIENTS, 200)),
    Row("portal/behandling/oppfolging/<int:follow_up_id>/", _follow_up, ALICE_ONLY),
    Row(
        "portal/behandling/oppfolging/<int:follow_up_id>/",
        _follow_up,
        for_group({"alice"}, 302, bob=404),
        method="post",
        data=lambda c: {"effect_started": "yes", "lasted_unit": "days"},
    ),
    Row("portal/behandling/bivirkning/", lambda c: "/portal/behandling/bivirkning/",
        for_group(PATIENTS, 200)),
    Row(
        "portal/behandling/bivirkning/",
        lambda c: "/portal/behandling/bivirkning/",
        for_group(PATIENTS, 302),
        method="post",
        data=lambda c: {"kinds": "bruising", "onset_on": TODAY.isoformat(),
                        "severity": "mild", "resolved": "yes"},
    ),
    Row("portal/behandling/bivirkning/<int:report_id>/", _report, ALICE_ONLY),
]
