"""Clinic analytics benchmark: 10 000 patients × 2 years of diary.

Reuses the database benchmarks/bench_portal.py builds (var/bench/portal.sqlite3); it does
not build one. Gives a share of the patients a course of three signed treatments 12 weeks
apart (once), rebuilds the per-period diary summaries when they are missing (timed, once),
then times the clinic analytics (bontrack.treatments.analytics.compute), in process: the
first run in a fresh process and then repeated. It writes to the database it is given
(treatment rows, summaries).

    python benchmarks/bench_analytics.py [--database-url URL] [--treated-share 0.2]

Without --database-url it measures SQLite, then the same on PostgreSQL: a copy of the
SQLite database in var/bench/pg/ (benchmarks/pgdb.py), started for the run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
DEFAULT_DB = ROOT / "var" / "bench" / "portal.sqlite3"


def _setup(database_url: str | None) -> str:
    url = database_url or f"sqlite:///{DEFAULT_DB}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bontrack.settings")
    os.environ["BONTRACK_SYNTHETIC_IDS"] = "1"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def _treat(share: float) -> int:
    """Courses of three signed sessions 84 days apart for `share` of the bench patients."""
    import datetime as dt
    import random

    from bontrack.accounts.models import Clinic, Membership, Role, User
    from bontrack.patients.models import Enrolment
    from bontrack.treatments.models import Course, Session, SideEffectReport

    clinic = Clinic.objects.get(slug="bench")
    if Session.objects.filter(clinic=clinic).exists():
        return 0
    physician, _ = User.objects.get_or_create(
        email="bench-physician@bench.invalid", defaults={"full_name": "Bench Physician"}
    )
    Membership.objects.get_or_create(user=physician, clinic=clinic, role=Role.PHYSICIAN)
    rng = random.Random(17)
    ids = sorted(Enrolment.objects.filter(clinic=clinic).values_list("patient_id", flat=True))
    chosen = rng.sample(ids, round(share * len(ids)))
    today = dt.date.today()
    rules = ("nkh-2018", "nice-ta260", "ehf-2018")
    courses = Course.objects.bulk_create(
        [
            Course(
                patient_id=pid,
                clinic=clinic,
                indication=Course.Indication.CHRONIC_MIGRAINE,
                continuation_rules=rng.choice(rules),
                started_on=today - dt.timedelta(days=rng.randint(300, 600)),
                created_by=physician,
            )
            for pid in chosen
        ],
        batch_size=1000,
    )
    sessions = Session.objects.bulk_create(
        [
            Session(
                course=course,
                patient_id=course.patient_id,
                clinic=clinic,
                cycle=n,
                performed_on=course.started_on + dt.timedelta(days=84 * (n - 1)),
                physician=physician,
                state=Session.State.SIGNED,
                total_units=155,
            )
            for course in courses
            for n in (1, 2, 3)
        ],
        batch_size=1000,
    )
    SideEffectReport.objects.bulk_create(
        [
            SideEffectReport(
                session=s,
                patient_id=s.patient_id,
                clinic=clinic,
                kinds=["neck_pain"] if rng.random() > 0.02 else ["difficulty_swallowing"],
                onset_on=s.performed_on,
                severity="mild",
                red_flag=False,
            )
            for s in sessions
            if rng.random() < 0.15
        ],
        batch_size=1000,
    )
    return len(sessions)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--treated-share", type=float, default=0.2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--postgresql", action="store_true", help="only the PostgreSQL copy")
    args = parser.parse_args()
    if args.postgresql:
        import pgdb

        with pgdb.running() as pg_url:
            pgdb.fill(pg_url)
            return _measure(pg_url, args, title=False)
    if args.database_url is None and not DEFAULT_DB.exists():
        print(
            f"{DEFAULT_DB} does not exist: run benchmarks/bench_portal.py first to build it.",
            file=sys.stderr,
        )
        return 1
    status = _measure(args.database_url, args, title=True)
    if status == 0 and args.database_url is None:
        sys.stdout.flush()
        status = subprocess.run(
            [sys.executable, __file__, "--postgresql", "--treated-share", str(args.treated_share)],
            check=False,
        ).returncode
    return status


def _measure(database_url: str | None, args: argparse.Namespace, *, title: bool) -> int:
    url = _setup(database_url)

    from bontrack.accounts.models import Clinic
    from bontrack.patients.diary_models import DiaryEntry
    from bontrack.treatments import analytics, summaries
    from bontrack.treatments.summary_models import DiaryPeriodSummary

    rows = DiaryEntry.objects.count()
    if not rows:
        print("The database has no diary rows: run benchmarks/bench_portal.py first.")
        return 1
    clinic = Clinic.objects.get(slug="bench")
    _treat(args.treated_share)  # summaries do not depend on treatments
    rebuild_seconds = None
    if not DiaryPeriodSummary.objects.exists():
        started = time.perf_counter()
        summaries.rebuild()
        rebuild_seconds = time.perf_counter() - started
    periods = DiaryPeriodSummary.objects.count()

    started = time.perf_counter()
    analytics.compute(clinic_ids={clinic.pk})
    cold = time.perf_counter() - started
    times: list[float] = []
    result = None
    for _ in range(args.repeats):
        started = time.perf_counter()
        result = analytics.compute(clinic_ids={clinic.pk})
        times.append(time.perf_counter() - started)
    assert result is not None

    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    if title:
        print("## Clinic analytics (`benchmarks/bench_analytics.py`)\n")
    else:
        print()
    print(
        f"{engine}; {rows:,} diary rows, {periods:,} per-period summaries; "
        f"{result.patients_treated:,} patients treated, {result.sessions:,} signed sessions, "
        f"{result.cycles_judged:,} cycles judged, every baseline and window counted from the "
        "summaries' day flags. In process, no HTTP."
        + (
            f" Rebuilding all summaries once took {rebuild_seconds:.0f} s."
            if rebuild_seconds is not None
            else ""
        )
        + "\n"
    )
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| clinic analytics, first run in a fresh process | {cold:.2f} s | ≤ 1 s |")
    print(
        f"| clinic analytics, {len(times)} later runs | median {statistics.median(times):.2f} s,"
        f" max {max(times):.2f} s | ≤ 1 s |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
