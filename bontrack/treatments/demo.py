"""Demo treatment course for the demo patient Per: three signed PREEMPT sessions 12 weeks
apart, follow-ups answered, a side effect, an outcome decision and the next booking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from bontrack.accounts.models import Clinic, User
from bontrack.demo import LOADERS, DemoLogin
from bontrack.patients.models import Patient
from bontrack.treatments import courses, sessions
from bontrack.treatments.models import (
    Appointment,
    Course,
    FollowUp,
    OutcomeDecision,
    SideEffectReport,
    VialLot,
    VialPrice,
)

# Days before today of Per's three sessions; patients/demo.py gives his diary the same dates.
SESSION_DAYS_AGO = (250, 166, 82)


def treatment_dates(today: dt.date) -> tuple[dt.date, ...]:
    return tuple(today - dt.timedelta(days=d) for d in SESSION_DAYS_AGO)


def _stock(clinic: Clinic, today: dt.date) -> VialLot:
    VialPrice.objects.get_or_create(
        clinic=clinic,
        vial_units=200,
        defaults={"price": Decimal("4057"), "valid_from": today - dt.timedelta(days=400)},
    )
    lot, _ = VialLot.objects.get_or_create(
        clinic=clinic,
        lot_number="C8123A",
        defaults={
            "vial_units": 200,
            "expires_on": today + dt.timedelta(days=300),
            "vials_in_stock": 40,
        },
    )
    # A second lot close to expiry, so the worklist has something to warn about.
    VialLot.objects.get_or_create(
        clinic=clinic,
        lot_number="C7990B",
        defaults={
            "vial_units": 200,
            "expires_on": today + dt.timedelta(days=40),
            "vials_in_stock": 3,
        },
    )
    return lot


def load() -> list[DemoLogin]:
    today = timezone.localdate()
    clinic = Clinic.objects.get(slug="demo-oslo")
    per = Patient.objects.get(user__email="pasient@demo.bontrack.no")
    if Course.objects.filter(patient=per).exists():
        return []
    physician = User.objects.get(email="lege@demo.bontrack.no")
    lot = _stock(clinic, today)
    course = courses.create_course(
        patient=per,
        clinic_id=clinic.pk,
        by=physician,
        indication="chronic_migraine",
        icd10="G43.7",
        protocol="preempt",
        planned_cycles=3,
        continuation_rules="nkh-2018",
    )
    Course.objects.filter(pk=course.pk).update(started_on=treatment_dates(today)[0])
    for performed_on in treatment_dates(today):
        session = sessions.save_session(
            course=course,
            by=physician,
            injections=sessions.plan_rows(course=course),
            details=sessions.SessionDetails(
                performed_on=performed_on,
                lot_id=lot.pk,
                units_per_ml=Decimal(50),
                duration_minutes=15,
                observation_minutes=20,
                observation_note="Uproblematisk, gikk hjem etter observasjon.",
            ),
        )
        sessions.sign_session(session=session, by=physician)
        for follow_up in FollowUp.objects.filter(session=session, due_on__lte=today):
            follow_up.answered_at = timezone.now()
            follow_up.effect_started = follow_up.day >= 7
            follow_up.effect_started_on = performed_on + dt.timedelta(days=8)
            follow_up.effect_lasted_days = 70 if follow_up.day == 84 else None
            follow_up.pain_came_back_gradually = True if follow_up.day == 84 else None
            follow_up.more_active = follow_up.day >= 28
            follow_up.save()
    first = course.sessions.order_by("performed_on").first()
    SideEffectReport.objects.create(
        session=first,
        patient=per,
        clinic=clinic,
        kinds=["neck_pain", "bruising"],
        onset_on=first.performed_on + dt.timedelta(days=1) if first else None,
        severity="mild",
        resolved=True,
    )
    OutcomeDecision.objects.create(
        course=course,
        cycle=2,
        rules="nkh-2018",
        suggestion="continue",
        decision="continue",
        reason="Tydelig færre hodepinedager; fortsetter som planlagt.",
        decided_by=physician,
    )
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=2), dt.time(9)))
    Appointment.objects.create(
        clinic=clinic,
        physician=physician,
        patient=per,
        course=course,
        kind=Appointment.Kind.TREATMENT,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=30),
    )
    return []


LOADERS.append(("treatments", load))
