"""Demo treatment courses: the demo patient Per (three signed PREEMPT sessions 12 weeks
apart, follow-ups answered, a side effect, an outcome decision and the next booking) and a
share of the demo cohort (two or three signed sessions, follow-ups, some side effects), so
the worklists, evaluations and clinic analytics have something to show."""

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


# Every COHORT_TREATED_EVERY-th member of the demo cohort is on a course; their first
# treatment is 180–340 days ago, then every 12 weeks up to three sessions.
COHORT_TREATED_EVERY = 2


def cohort_treatment_dates(index: int, today: dt.date) -> tuple[dt.date, ...]:
    """The treatment dates of the index-th member of the demo cohort (none for most)."""
    if index % COHORT_TREATED_EVERY:
        return ()
    first = today - dt.timedelta(days=180 + (index * 13) % 160)
    dates = [first + dt.timedelta(days=84 * n) for n in range(3)]
    return tuple(d for d in dates if d <= today - dt.timedelta(days=1))


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
            "vials_in_stock": 80,
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


def _signed_course(
    *,
    patient: Patient,
    clinic: Clinic,
    physician: User,
    lot: VialLot,
    dates: tuple[dt.date, ...],
    today: dt.date,
    rules: str = "nkh-2018",
) -> Course:
    """A PREEMPT course with a signed session on each date and its due follow-ups answered."""
    course = courses.create_course(
        patient=patient,
        clinic_id=clinic.pk,
        by=physician,
        indication="chronic_migraine",
        icd10="G43.7",
        protocol="preempt",
        planned_cycles=3,
        continuation_rules=rules,
        started_on=dates[0],
    )
    for performed_on in dates:
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
    return course


def _cohort_courses(clinic: Clinic, physician: User, lot: VialLot, today: dt.date) -> None:
    from bontrack.patients.demo import COHORT_SIZE  # the cohort's size and order live there

    members = (
        Patient.objects.filter(enrolments__clinic=clinic, user__isnull=True)
        .order_by("pk")[:COHORT_SIZE]
    )
    rules = ("nkh-2018", "ehf-2018", "nice-ta260")
    for index, patient in enumerate(members):
        dates = cohort_treatment_dates(index, today)
        if not dates or Course.objects.filter(patient=patient).exists():
            continue
        course = _signed_course(
            patient=patient, clinic=clinic, physician=physician, lot=lot, dates=dates,
            today=today, rules=rules[index % len(rules)],
        )
        if index % 3 == 0:
            first = course.sessions.order_by("performed_on").first()
            SideEffectReport.objects.create(
                session=first,
                patient=patient,
                clinic=clinic,
                kinds=["neck_pain"],
                onset_on=first.performed_on + dt.timedelta(days=2) if first else None,
                severity="mild",
                resolved=True,
            )


def load() -> list[DemoLogin]:
    today = timezone.localdate()
    clinic = Clinic.objects.get(slug="demo-oslo")
    physician = User.objects.get(email="lege@demo.bontrack.no")
    lot = _stock(clinic, today)
    _cohort_courses(clinic, physician, lot, today)
    per = Patient.objects.get(user__email="pasient@demo.bontrack.no")
    if Course.objects.filter(patient=per).exists():
        return []
    course = _signed_course(
        patient=per, clinic=clinic, physician=physician, lot=lot,
        dates=treatment_dates(today), today=today,
    )
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
