"""The patient's follow-up after a session: forms due on day 7, 14, 28 and 84."""

from __future__ import annotations

import datetime as dt

from bontrack.treatments.models import FollowUp, Session

FOLLOW_UP_DAYS = (7, 14, 28, 84)


def create_follow_ups(*, session: Session) -> list[FollowUp]:
    """The follow-up forms of a signed session (idempotent)."""
    made = []
    for day in FOLLOW_UP_DAYS:
        follow_up, _ = FollowUp.objects.get_or_create(
            session=session, day=day,
            defaults={"patient_id": session.patient_id,
                      "due_on": session.performed_on + dt.timedelta(days=day)},
        )
        made.append(follow_up)
    return made
