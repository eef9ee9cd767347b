"""Patient portal benchmark: 10 000 patients × 2 years of diary in the database.

Measures server time (the Django handler, in process, no network) for saving a diary day,
the overview page with two years of data, and the visit summary PDF. The database is built
once into var/bench/ (about 7.3 million diary rows) and reused by later runs.

    python benchmarks/bench_portal.py [--patients N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(database_url: str | None) -> str:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{bench_dir / 'portal.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bontrack.settings")
    os.environ["BONTRACK_SYNTHETIC_IDS"] = "1"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    return url


def _build(patients: int) -> float:
    from bontrack.accounts.models import Clinic
    from bontrack.patients import cohort
    from bontrack.patients.diary_models import DiaryEntry

    clinic, _ = Clinic.objects.get_or_create(slug="bench", defaults={"name": "Bench clinic"})
    have = DiaryEntry.objects.count()
    # About 3 % of days are left unrecorded by the generator.
    if have >= patients * 650:
        return 0.0
    started = time.perf_counter()
    step = 250
    for first in range(0, patients, step):
        cohort.build(
            clinic=clinic,
            count=min(step, patients - first),
            days=730,
            seed=1000 + first // step,
            prefix="",
        )
        print(
            f"  built {min(first + step, patients)}/{patients} patients",
            file=sys.stderr,
            flush=True,
        )
    return time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _client_for(patient: object) -> object:
    from django.test import Client

    from bontrack.accounts.models import User

    user = patient.user  # type: ignore[attr-defined]
    if user is None:
        user = User.objects.create_user(
            email=f"bench-{patient.pk}@bench.invalid",  # type: ignore[attr-defined]
            password=None,
            full_name="Bench",
        )
        patient.user = user  # type: ignore[attr-defined]
        patient.save(update_fields=["user"])  # type: ignore[attr-defined]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--database-url")
    parser.add_argument("--quick", action="store_true", help="300 patients, fewer repeats")
    args = parser.parse_args()
    if args.quick:
        args.patients = 300
    url = _setup(args.database_url)
    build_seconds = _build(args.patients)

    import datetime as dt
    import random

    from bontrack.patients.diary_models import DiaryEntry
    from bontrack.patients.models import Patient

    rows = DiaryEntry.objects.count()
    rng = random.Random(5)
    ids = list(Patient.objects.values_list("pk", flat=True))
    sample = [Patient.objects.get(pk=pk) for pk in rng.sample(ids, min(40, len(ids)))]
    clients = [(p, _client_for(p)) for p in sample]

    save_times: list[float] = []
    today = dt.date.today()
    for round_ in range(5 if not args.quick else 2):
        for _patient, client in clients:
            day = today - dt.timedelta(days=rng.randint(0, 700))
            form = {
                "intensity": str(rng.randint(0, 3)),
                "headache_hours": str(rng.randint(0, 12)),
                "nausea": "on",
                "note": f"bench {round_}",
            }
            started = time.perf_counter()
            response = client.post(f"/portal/dagbok/{day.isoformat()}/", form)  # type: ignore[attr-defined]
            save_times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 302, response.status_code

    overview_times: list[float] = []
    for _patient, client in clients[:20]:
        client.get("/portal/oversikt/")  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = client.get("/portal/oversikt/")  # type: ignore[attr-defined]
        overview_times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    cold_times: list[float] = []
    chart_times: list[float] = []
    for _patient, client in clients[20:30]:
        started = time.perf_counter()
        client.get("/portal/oversikt/")  # type: ignore[attr-defined]
        cold_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        response = client.get("/portal/oversikt/graf/headache.svg")  # type: ignore[attr-defined]
        chart_times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code

    pdf_times: list[float] = []
    for _patient, client in clients[:5]:
        started = time.perf_counter()
        response = client.get("/portal/oversikt/sammendrag.pdf")  # type: ignore[attr-defined]
        pdf_times.append(time.perf_counter() - started)
        assert response.status_code == 200 and response.content[:4] == b"%PDF"

    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print("## Patient portal (`benchmarks/bench_portal.py`)\n")
    print(
        f"{engine}; {len(ids):,} patients, {rows:,} diary rows (about 2 years each); "
        f"server time measured around Django's handler in process."
        + (f" Building the database took {build_seconds:.0f} s." if build_seconds else "")
        + "\n"
    )
    print("| measure | result | target |")
    print("|---|---|---|")
    print(
        f"| save a diary day (POST), {len(save_times)} saves | median "
        f"{statistics.median(save_times):.1f} ms, p95 {_percentile(save_times, 0.95):.1f} ms "
        f"| p95 ≤ 50 ms |"
    )
    print(
        f"| overview page, 2 years of data, repeat visit | median "
        f"{statistics.median(overview_times):.1f} ms, p95 {_percentile(overview_times, 0.95):.1f}"
        f" ms | ≤ 150 ms |"
    )
    print(
        f"| overview page, first visit after a diary change | median "
        f"{statistics.median(cold_times):.1f} ms, max {max(cold_times):.1f} ms | ≤ 150 ms |"
    )
    print(
        f"| one chart image (SVG, its own request), not yet cached | median "
        f"{statistics.median(chart_times):.0f} ms, max {max(chart_times):.0f} ms | — |"
    )
    print(
        f"| visit summary PDF | median {statistics.median(pdf_times):.2f} s, max "
        f"{max(pdf_times):.2f} s | ≤ 2 s |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
