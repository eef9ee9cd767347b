"""Directory benchmark: 2 000 listings and 100 000 ratings.

Measures server time (Django's handler, in process, no network) for a mix of directory
searches (filters, each sort, distance from a postcode) with the results cache off, so every
request searches; then starts gunicorn on loopback against the same database and runs `wrk`
on /klinikker/ for a bounded time. The database is built once into var/bench/ and reused.

    python benchmarks/bench_directory.py [--quick] [--seconds N] [--workers N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_PATH = ROOT / "var" / "bench" / "directory.sqlite3"
LISTINGS = 2_000
RATINGS = 100_000

# The searches the mix draws from: every filter, every sort, and distances.
QUERIES = [
    "",
    "sort=price",
    "sort=wait",
    "sort=rating",
    "treatment=bont_chronic_migraine",
    "treatment=bont_chronic_migraine&sort=price",
    "treatment=bont_chronic_migraine&sort=wait",
    "treatment=bont_pain&sort=rating",
    "county=Oslo",
    "county=Vestland&sort=wait",
    "county=Trøndelag&treatment=bont_chronic_migraine",
    "place=Bergen",
    "place=Tromsø&sort=price",
    "max_price=3000",
    "max_wait=4&sort=wait",
    "min_rating=4",
    "treatment=bont_chronic_migraine&max_price=4000&max_wait=8&min_rating=3&sort=price",
    "postcode=0150&sort=distance",
    "postcode=5003&sort=distance&treatment=bont_chronic_migraine",
    "postcode=9008&sort=distance",
    "postcode=7030",
    "postcode=4010&sort=price",
    "sort=price&page=3",
    "county=Akershus&page=2",
]


def _setup() -> None:
    DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bontrack.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    call_command("migrate", verbosity=0)


def _build() -> float:
    """2 000 published listings with 1–4 offerings each, 100 000 published ratings."""
    from django.db import transaction
    from django.db.models import Avg, Count

    from bontrack.directory.models import Listing, Offering, Postcode, Rating, Treatment

    if Listing.objects.count() >= LISTINGS and Rating.objects.count() >= RATINGS:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(8)
    Rating.objects.all().delete()
    Offering.objects.all().delete()
    Listing.objects.all().delete()
    postcodes = list(Postcode.objects.all())
    today = dt.date.today()
    words = ["hodepineklinikk", "smertesenter", "nevrologi", "migrenesenter", "klinikk"]
    treatments = [choice for choice, _label in Treatment.choices]
    with transaction.atomic():
        listings = []
        for i in range(LISTINGS):
            postcode = rng.choice(postcodes)
            listings.append(
                Listing(
                    slug=f"bench-{i}",
                    name=f"{postcode.place} {rng.choice(words)} {i}",
                    kind=rng.choice([Listing.Kind.PUBLIC, Listing.Kind.PRIVATE]),
                    blue_prescription=rng.random() < 0.6,
                    street_address=f"Benkveien {i}",
                    postcode=postcode,
                    latitude=postcode.latitude + rng.uniform(-0.01, 0.01),
                    longitude=postcode.longitude + rng.uniform(-0.01, 0.01),
                    opening_hours=[
                        {"day": d, "opens": "08:00", "closes": "15:30"} for d in range(5)
                    ],
                    advertised_until=today + dt.timedelta(days=30) if i % 50 == 0 else None,
                )
            )
        Listing.objects.bulk_create(listings, batch_size=500)
        listings = list(Listing.objects.all())
        offerings = []
        for listing in listings:
            for treatment in rng.sample(treatments, rng.randint(1, 4)):
                offerings.append(
                    Offering(
                        listing=listing,
                        treatment=treatment,
                        price_from=rng.choice([None, *range(1500, 6001, 100)]),
                        price_confirmed_on=today - dt.timedelta(days=rng.randint(0, 80)),
                        wait_weeks=rng.choice([None, *range(0, 27)]),
                        wait_updated_on=today - dt.timedelta(days=rng.randint(0, 80)),
                    )
                )
        Offering.objects.bulk_create(offerings, batch_size=2000)
        ratings = [
            Rating(
                listing=rng.choice(listings),
                stars=rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 6, 6])[0],
                text="Benkmerke.",
                status=Rating.Status.PUBLISHED,
                verified=rng.random() < 0.5,
            )
            for _ in range(RATINGS)
        ]
        Rating.objects.bulk_create(ratings, batch_size=5000)
        stats = {
            row["listing"]: row
            for row in Rating.objects.filter(status=Rating.Status.PUBLISHED)
            .values("listing")
            .annotate(n=Count("id"), mean=Avg("stars"))
        }
        for listing in listings:
            row = stats.get(listing.pk)
            listing.rating_count = row["n"] if row else 0
            listing.rating_mean = row["mean"] if row else None
        Listing.objects.bulk_update(listings, ["rating_count", "rating_mean"], batch_size=500)
    return time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed_requests(client: object, queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        response = client.get(f"/klinikker/?{query}")  # type: ignore[attr-defined]
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
    return times


def _in_process(rounds: int) -> dict[str, list[float]]:
    """Milliseconds for the search service and for whole requests, cold and warm."""
    from django.conf import settings
    from django.core.cache import cache
    from django.http import QueryDict
    from django.test import Client

    from bontrack.directory.search import places_with_listings, search
    from bontrack.directory.search_forms import SearchForm

    rng = random.Random(3)
    mix = [query for _ in range(rounds) for query in rng.sample(QUERIES, len(QUERIES))]
    client = Client()
    times: dict[str, list[float]] = {"service": []}
    # Nothing held: every search loads the index and every page is rendered.
    settings.DIRECTORY_CACHE_SECONDS = 0
    settings.DIRECTORY_INDEX_SECONDS = 0
    _timed_requests(client, QUERIES)  # warm the connection and the template loader
    gc.freeze()  # as bontrack/wsgi.py does once a worker has started
    for query in mix:
        form = SearchForm(QueryDict(query), places=places_with_listings())
        assert form.is_valid(), (query, form.errors)
        started = time.perf_counter()
        search(form.params())
        times["service"].append((time.perf_counter() - started) * 1000)
    times["cold"] = _timed_requests(client, mix)
    # The index held in memory, each page rendered: a query string nobody asked for lately.
    settings.DIRECTORY_INDEX_SECONDS = 60
    times["index"] = _timed_requests(client, mix)
    # Everything held: a query string asked for in the last minute.
    settings.DIRECTORY_CACHE_SECONDS = 60
    cache.clear()
    _timed_requests(client, QUERIES)
    times["cached"] = _timed_requests(client, mix)
    return times


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wrk() -> str | None:
    """The path of wrk, installing Debian's package when running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: installing Debian's wrk package …", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
        return shutil.which("wrk")
    print("wrk is missing: install it with  sudo apt-get install wrk", file=sys.stderr)
    return None


def _load_test(seconds: int, workers: int) -> dict[str, str] | None:
    wrk = _wrk()
    if wrk is None:
        return None
    port = _free_port()
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{DB_PATH}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BONTRACK_LOG_LEVEL": "WARNING",
        }
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "bontrack.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/klinikker/", timeout=5) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer on /klinikker/")
        # Every worker fills its own cache first.
        subprocess.run([wrk, "-t1", "-c4", "-d2s", f"{base}/klinikker/"], capture_output=True)
        run = subprocess.run(
            [wrk, "-t2", "-c16", f"-d{seconds}s", "--latency", f"{base}/klinikker/"],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    out = run.stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"50%\s+(\S+)", out)
    p99 = re.search(r"99%\s+(\S+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rate": rate.group(1) if rate else "?",
        "p50": p50.group(1) if p50 else "?",
        "p99": p99.group(1) if p99 else "?",
        "errors": errors.group(1) if errors else "0",
        "workers": str(workers),
        "seconds": str(seconds),
    }


def _reference_ms() -> float:
    """A fixed piece of pure Python, to tell a busy machine from a slow change."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        sum(range(1_000_000))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer rounds, a 5 s load test")
    parser.add_argument("--seconds", type=int, default=15, help="length of the load test")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    _setup()
    build_seconds = _build()

    from bontrack.directory.models import Listing, Offering, Rating

    rounds = 2 if args.quick else 8
    reference = _reference_ms()
    times = _in_process(rounds)
    load = _load_test(5 if args.quick else args.seconds, args.workers)

    def cell(values: list[float]) -> str:
        return (
            f"median {statistics.median(values):.1f} ms, "
            f"p95 {_percentile(values, 0.95):.1f} ms"
        )

    count = len(times["cold"])
    print("## Directory search (`benchmarks/bench_directory.py`)\n")
    print(
        f"SQLite; {Listing.objects.count():,} listings, {Offering.objects.count():,} offerings, "
        f"{Rating.objects.count():,} ratings; {len(QUERIES)} different searches (every filter, "
        "every sort, distance from a postcode, later pages), each repeated "
        f"{rounds} times in random order; server time measured in process."
        + (f" Building the database took {build_seconds:.0f} s." if build_seconds else "")
        + "\n"
    )
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| `search()` alone, index loaded each time, {count} searches | "
          f"{cell(times['service'])} | — |")
    print(f"| whole request, nothing held in memory, {count} requests | "
          f"{cell(times['cold'])} | p95 ≤ 50 ms |")
    print(f"| whole request, search index held, page rendered, {count} requests | "
          f"{cell(times['index'])} | p95 ≤ 50 ms |")
    print(f"| whole request, rendered results cached, {count} requests | "
          f"{cell(times['cached'])} | — |")
    if load is None:
        print("| /klinikker/ under gunicorn | not run: `wrk` is not installed | ≥ 500 req/s |")
    else:
        print(
            f"| /klinikker/ under gunicorn ({load['workers']} sync workers), `wrk` 2 threads × "
            f"16 connections for {load['seconds']} s on loopback | {float(load['rate']):,.0f} "
            f"req/s (latency p50 {load['p50']}, p99 {load['p99']}; {load['errors']} errors) "
            "| ≥ 500 req/s |"
        )
    print(
        "\nThe load test runs on the same cores as gunicorn, so wrk takes part of the CPU. "
        "Rendered results are cached for 60 s per worker and query string, and the search "
        "index is held as long (see docs/directory.md); \"nothing held\" is the first search "
        "after a change, and its tail is mostly Python's full garbage collections, which "
        "loading the index every time sets off every few requests. For scale: summing a "
        "million integers in Python took "
        f"{reference:.0f} ms during this run (other work on a shared machine slows every "
        "figure above)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
