"""Treatment courses: list, start and fetch a patient's courses (sessions are in sessions.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from bontrack.accounts import audit
from bontrack.clinical.protocol import BUILTIN_PROTOCOLS
from bontrack.clinical.rules import CONTINUATION_RULES
from bontrack.patients.models import Patient
from bontrack.treatments.models import Course, CustomProtocol, Session
from bontrack.treatments.sessions import (
    CONTINUATION_RULE_NAMES,
    ICD10,
    SessionInputError,
    protocol_names,
    shown_date,
)


def list_courses(*, patient: Patient, by: Any, clinic_id: int | None) -> list[Course]:
    """The patient's courses with their sessions, newest course first; audited."""
    courses = list(
        Course.objects.filter(patient=patient)
        .select_related("clinic")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("cycle")))
    )
    audit.record(
        actor=by,
        action="read",
        object_type="treatments.course",
        object_id="list",
        patient=patient,
        clinic=clinic_id,
    )
    return courses


def create_course(
    *,
    patient: Patient,
    clinic_id: int,
    by: Any,
    indication: str,
    icd10: str,
    protocol: str,
    planned_cycles: int,
    continuation_rules: str,
    started_on: dt.date | None = None,
) -> Course:
    """Start a course (today unless `started_on` says when); a pain condition needs its
    ICD-10 code. Nothing is stored on bad input."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    started_on = started_on or today
    icd10 = icd10.strip().upper()
    if indication not in Course.Indication.values:
        errors["indication"] = _("Choose chronic migraine or a pain condition.")
    elif indication == Course.Indication.PAIN:
        if not icd10:
            errors["icd10"] = _("A pain condition needs its ICD-10 code, for example M79.1.")
        elif not ICD10.match(icd10):
            errors["icd10"] = _("%(code)s is not an ICD-10 code; write it like M79.1.") % {
                "code": icd10
            }
    if started_on > today:
        # A new course has no sessions yet, so its start cannot come after the first one;
        # signing an earlier session moves the start back (sessions.sign_session).
        errors["started_on"] = _(
            "The course cannot start in the future (%(date)s); give today or an earlier day."
        ) % {"date": shown_date(started_on)}
    if protocol not in protocol_names(clinic_id=clinic_id):
        errors["protocol"] = _protocol_choice_error()
    if not 1 <= planned_cycles <= 40:
        errors["planned_cycles"] = _("Planned cycles must be 1–40, got %(n)s.") % {
            "n": planned_cycles
        }
    if continuation_rules not in CONTINUATION_RULE_NAMES or (
        continuation_rules not in CONTINUATION_RULES
    ):
        errors["continuation_rules"] = _("Choose nice-ta260, ehf-2018 or nkh-2018.")
    if errors:
        raise SessionInputError(errors)
    with transaction.atomic():
        if protocol not in BUILTIN_PROTOCOLS:
            # Courses refer to a saved protocol by name: hold its row until the course is
            # stored, so that a rename or delete (protocols.py, which takes the same lock and
            # then counts the courses using it) cannot slip in between. After a rename that
            # won the race the row no longer matches the name, and the course is refused.
            saved = (
                CustomProtocol.objects.select_for_update()
                .filter(clinic_id=clinic_id, name=protocol)
                .first()
            )
            if saved is None:
                raise SessionInputError({"protocol": _protocol_choice_error()})
        course = Course.objects.create(
            patient=patient,
            clinic_id=clinic_id,
            indication=indication,
            icd10=icd10 if indication == Course.Indication.PAIN else "",
            protocol=protocol,
            planned_cycles=planned_cycles,
            continuation_rules=continuation_rules,
            started_on=started_on,
            created_by=by,
        )
        audit.record(actor=by, action="create", obj=course, patient=patient, clinic=clinic_id)
    return course


def _protocol_choice_error() -> str:
    return _("Choose PREEMPT, PREEMPT follow-the-pain or a saved protocol.")


def get_course(*, patient: Patient, course_id: int) -> Course:
    """One of the patient's courses (Course.DoesNotExist otherwise)."""
    return Course.objects.select_related("clinic").get(pk=course_id, patient=patient)
