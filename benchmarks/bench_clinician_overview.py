"""Clinician's patient overview benchmark: /klinikk/pasienter/<id>/sammendrag/ on the big database.

Uses the database benchmarks/bench_portal.py builds (var/bench/portal.sqlite3, 10 000 patients
× 2 years of diary) and builds it the same way when it is missing. Enrols a few of its patients
at a clinic of its own and gives them (once) what a treated patient has after more than a
year: an accepted referral, two preventives tried, MIDAS, HIT-6 and PGIC, a PREEMPT course with
four signed sessions 12 weeks apart, answered follow-ups, side effects (one an unhandled red
flag), an addendum and a decision, all stored through bontrack's services. Then measures the
server time of a physician's overview page for those patients (Django's handler, in process,
no network) and counts its queries.

    python benchmarks/bench_clinician_overview.py [--patients N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_portal import _build, _percentile, _setup  # noqa: E402

PHYSICIAN = "bench-overview-physician@bench.invalid"
TREATED = 10
REPEATS = 5
# Days before the diary's last day of the four sessions, 12 weeks apart.
SESSION_DAYS_BEFORE_END = (400, 316, 232, 148)


def _physician(clinic: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bontrack.accounts.models import Membership, Role, User

    user, _ = User.objects.get_or_create(email=PHYSICIAN,
                                         defaults={"full_name": "Bench Overview Physician"})
    Membership.objects.get_or_create(user=user, clinic=clinic, role=Role.PHYSICIAN)
    TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    return user


def _patient_user(patient: Any) -> Any:
    from bontrack.accounts.models import User

    if patient.user is None:
        patient.user = User.objects.create_user(
            email=f"bench-{patient.pk}@bench.invalid", password=None, full_name="Bench"
        )
        patient.save(update_fields=["user"])
    return patient.user


def _referrer() -> Any:
    from bontrack.accounts.models import ReferrerKind, ReferrerProfile, User

    user, _ = User.objects.get_or_create(email="bench-gp@bench.invalid",
                                         defaults={"full_name": "Bench Fastlege"})
    profile, _ = ReferrerProfile.objects.get_or_create(
        user=user, defaults={"kind": ReferrerKind.GP, "hpr_number": "987654321",
                             "practice_name": "Bench legekontor"},
    )
    return profile


def _treat(patient: Any, clinic: Any, physician: Any, lot: Any) -> None:
    """One patient's year and more of treatment, stored through the services."""
    from django.db.models import Max
    from django.utils import timezone

    from bontrack.patients import questionnaires
    from bontrack.patients.diary_models import DiaryEntry, Medication
    from bontrack.referrals.models import Referral, Status
    from bontrack.treatments import assessment, courses, followup, sessions, side_effects
    from bontrack.treatments.models import Course, FollowUp

    today = timezone.localdate()
    last = DiaryEntry.objects.filter(patient=patient).aggregate(last=Max("date"))["last"]
    dates = [last - dt.timedelta(days=d) for d in SESSION_DAYS_BEFORE_END]
    me = _patient_user(patient)
    Referral.objects.create(
        referrer=_referrer(), clinic=clinic, status=Status.ACCEPTED, patient=patient,
        patient_name=patient.full_name, complaint="headache", failed_treatment=True,
        neurological_symptoms=False, content={"reason": "Vurdering av botulinumtoksin."},
        sent_at=timezone.now() - dt.timedelta(days=(today - dates[0]).days + 60),
        right=True, deadline=dates[0], decision_reason="Rett etter veilederen.",
    )
    for name, generic, outcome in (("Inderal", "propranolol", "failed"),
                                   ("Topimax", "topiramate", "intolerant")):
        Medication.objects.create(patient=patient, kind="preventive", name=name,
                                  generic=generic, outcome=outcome, active=False)
    answered = last - dt.timedelta(days=30)
    questionnaires.record_midas(patient=patient, by=me, answered_on=answered, answers={
        "missed_work": 3, "reduced_work": 4, "missed_household": 2, "reduced_household": 3,
        "missed_leisure": 2})
    questionnaires.record_hit6(patient=patient, by=me, total=61, answered_on=answered)
    questionnaires.record_pgic(patient=patient, by=me, value=2, answered_on=answered)
    course = courses.create_course(
        patient=patient, clinic_id=clinic.pk, by=physician, indication="chronic_migraine",
        icd10="", protocol="preempt", planned_cycles=5, continuation_rules="nkh-2018",
    )
    Course.objects.filter(pk=course.pk).update(started_on=dates[0])
    signed = []
    for day in dates:
        draft = sessions.save_session(
            course=course, by=physician, injections=sessions.plan_rows(course=course),
            details=sessions.SessionDetails(performed_on=day, lot_id=lot.pk,
                                            units_per_ml=Decimal(50), duration_minutes=15),
        )
        signed.append(sessions.sign_session(session=draft, by=physician))
        for form in FollowUp.objects.filter(session=draft, due_on__lte=today):
            followup.answer_follow_up(
                patient=patient, by=me, follow_up_id=form.pk, effect_started=form.day >= 14,
                effect_started_on=day + dt.timedelta(days=10) if form.day >= 14 else None,
                effect_lasted=70 if form.day == 84 else None, lasted_unit="days",
                pain_came_back_gradually=True if form.day == 84 else None,
                more_active=form.day >= 28, note="",
            )
    side_effects.report_side_effect(
        patient=patient, by=me, kinds=["neck_pain", "bruising"], severity="mild",
        onset_on=dates[0] + dt.timedelta(days=1), resolved=True, session_id=signed[0].pk,
    )
    side_effects.report_side_effect(
        patient=patient, by=me, kinds=["difficulty_swallowing"], severity="moderate",
        onset_on=dates[-1] + dt.timedelta(days=2), resolved=False, session_id=signed[-1].pk,
    )
    sessions.add_addendum(session=signed[1], by=physician, text="Lot checked again.")
    assessment.record_decision(user=physician, patient=patient, course_id=course.pk, cycle=2,
                               decision="continue", reason="Fewer headache days.", today=today)


def _treated_patients(count: int) -> tuple[list[Any], Any, float]:
    """`count` bench patients with a course made here (made once, then reused)."""
    import random

    from django.utils import timezone

    from bontrack.accounts.models import Clinic
    from bontrack.patients.models import Enrolment, Patient
    from bontrack.treatments.models import Course, VialLot, VialPrice

    # A clinic of its own, so the other benchmarks' data at the bench clinic stays theirs (the
    # analytics benchmark treats its patients only when the bench clinic has no sessions).
    clinic, _ = Clinic.objects.get_or_create(slug="bench-overview",
                                             defaults={"name": "Bench overview clinic"})
    physician = _physician(clinic)
    have = list(Course.objects.filter(created_by=physician).values_list("patient_id", flat=True))
    started = time.perf_counter()
    if len(have) < count:
        today = timezone.localdate()
        VialPrice.objects.get_or_create(clinic=clinic, vial_units=200, defaults={
            "price": Decimal("4057"), "valid_from": today - dt.timedelta(days=800)})
        lot, _ = VialLot.objects.get_or_create(
            clinic=clinic, lot_number="BENCH-OVERVIEW",
            defaults={"vial_units": 200, "expires_on": today + dt.timedelta(days=365),
                      "vials_in_stock": 1000},
        )
        # Patients nobody has treated yet (bench_analytics.py gives others a course).
        treated = set(Course.objects.values_list("patient_id", flat=True))
        ids = sorted(Enrolment.objects.filter(clinic__slug="bench")
                     .values_list("patient_id", flat=True))
        rng = random.Random(29)
        rng.shuffle(ids)
        for pid in [i for i in ids if i not in treated][: count - len(have)]:
            patient = Patient.objects.get(pk=pid)
            Enrolment.objects.get_or_create(patient=patient, clinic=clinic)
            _treat(patient, clinic, physician, lot)
            have.append(pid)
    return [Patient.objects.get(pk=pk) for pk in have[:count]], physician, (
        time.perf_counter() - started
    )


def _client(user: Any) -> Any:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, name="bench").persistent_id
    session.save()
    return client


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=10_000,
                        help="size of the database to build when it is missing")
    parser.add_argument("--database-url")
    parser.add_argument("--treated", type=int, default=TREATED)
    args = parser.parse_args()
    url = _setup(args.database_url)
    build_seconds = _build(args.patients)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bontrack.patients.diary_models import DiaryEntry
    from bontrack.patients.models import Enrolment, Patient

    patients, physician, setup_seconds = _treated_patients(args.treated)
    client = _client(physician)
    # The process's first page loads templates and catalogs: not any patient's cost. It is
    # an untreated patient's, enrolled at the benchmark's clinic for this.
    warm = Patient.objects.filter(courses__isnull=True).order_by("pk").first() or patients[0]
    Enrolment.objects.get_or_create(patient=warm, clinic=patients[0].enrolments.get(
        clinic__slug="bench-overview").clinic)
    assert client.get(f"/klinikk/pasienter/{warm.pk}/sammendrag/").status_code == 200
    first: list[float] = []
    repeat: list[float] = []
    queries: list[int] = []
    for patient in patients:
        page = f"/klinikk/pasienter/{patient.pk}/sammendrag/"
        started = time.perf_counter()
        response = client.get(page)
        first.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        assert b'id="courses-heading"' in response.content
        for _ in range(REPEATS):
            started = time.perf_counter()
            response = client.get(page)
            repeat.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as captured:
            client.get(page)
        queries.append(len(captured))

    days = [DiaryEntry.objects.filter(patient=p).count() for p in patients]
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print("## Clinician's patient overview (`benchmarks/bench_clinician_overview.py`)\n")
    print(
        f"{engine}; {Patient.objects.count():,} patients, {DiaryEntry.objects.count():,} diary "
        f"rows. {len(patients)} patients with {min(days)}–{max(days)} diary days each, a "
        f"referral, questionnaires, two preventives and a course of four signed sessions with "
        f"answered follow-ups, side effects and a decision; a physician opens "
        f"`/klinikk/pasienter/<id>/sammendrag/`. Server time measured around Django's handler "
        f"in process."
        + (f" Building the database took {build_seconds:.0f} s." if build_seconds else "")
        + (f" Treating the patients took {setup_seconds:.0f} s." if setup_seconds > 1 else "")
        + "\n"
    )
    print("| measure | result | target |")
    print("|---|---|---|")
    print(
        f"| overview page, first visit per patient ({len(first)}) | median "
        f"{statistics.median(first):.1f} ms, max {max(first):.1f} ms | ≤ 150 ms |"
    )
    print(
        f"| overview page, repeat visit ({len(repeat)}) | median "
        f"{statistics.median(repeat):.1f} ms, p95 {_percentile(repeat, 0.95):.1f} ms "
        f"| ≤ 150 ms |"
    )
    print(
        f"| database queries per page | {min(queries)}–{max(queries)} | — |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
