"""A PostgreSQL copy of the benchmark database, for benchmarks that must hold on both engines.

The cluster lives in var/bench/pg/ (kept between runs, loopback only, started and stopped
around each use). On first use it is filled by copying every table of the SQLite benchmark
database (var/bench/portal.sqlite3, which benchmarks/bench_portal.py builds) with COPY,
which takes a minute or two instead of rebuilding the cohort.

    with pgdb.running() as url:   # postgres://bontrack@127.0.0.1:PORT/bontrack
        ...

    python benchmarks/pgdb.py     # make (or refresh) the copy and print how big it is
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "var" / "bench" / "portal.sqlite3"
CLUSTER = ROOT / "var" / "bench" / "pg"


def _bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL is not installed (Debian package postgresql)")
    return found[-1].parent


def _as_owner(command: str) -> None:
    if os.geteuid() == 0:
        subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", command], check=True)
    else:
        subprocess.run(["sh", "-c", command], check=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running() -> Iterator[str]:
    """Start the benchmark cluster (making it on first use) and yield its DATABASE_URL."""
    bindir = _bindir()
    data = CLUSTER / "data"
    CLUSTER.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "postgres", str(CLUSTER)], check=True)
    fresh = not data.exists()
    if fresh:
        _as_owner(f"'{bindir}/initdb' -D '{data}' -A trust -U bontrack -E UTF8 "
                  f"--locale=C.UTF-8 >'{CLUSTER}/initdb.log' 2>&1")
    port = _free_port()
    _as_owner(
        f"'{bindir}/pg_ctl' -D '{data}' -l '{CLUSTER}/server.log' -w -t 120 "
        f"-o \"-p {port} -k '{CLUSTER}' -c listen_addresses=127.0.0.1 -c timezone=UTC "
        f"-c shared_buffers=512MB -c work_mem=32MB -c fsync=off "
        f"-c synchronous_commit=off -c full_page_writes=off\" start >/dev/null"
    )
    try:
        if fresh:
            _as_owner(f"'{bindir}/createdb' -h 127.0.0.1 -p {port} -U bontrack bontrack")
        yield f"postgres://bontrack@127.0.0.1:{port}/bontrack"
    finally:
        _as_owner(f"'{bindir}/pg_ctl' -D '{data}' -m fast -w stop >/dev/null")


def fill(url: str) -> int:
    """Migrate the PostgreSQL database and, when it holds no diary rows, copy every table of
    the SQLite benchmark database into it. Returns the number of rows copied."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bontrack.settings")
    os.environ["BONTRACK_SYNTHETIC_IDS"] = "1"
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from bontrack.patients.diary_models import DiaryEntry

    if DiaryEntry.objects.exists():
        return 0
    if not SOURCE.exists():
        raise SystemExit(f"{SOURCE} does not exist: run benchmarks/bench_portal.py first")
    source = sqlite3.connect(SOURCE)
    have = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    tables = [
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]
    copied = 0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        for table in dict.fromkeys(tables):
            if table not in have or table == "django_migrations":
                continue
            cursor.execute(f'TRUNCATE "{table}" CASCADE')
            columns = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
            names = ", ".join(f'"{c}"' for c in columns)
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                # Table and column names come from Django's models and SQLite's own catalogue.
                for row in source.execute(f'SELECT {names} FROM "{table}"'):  # noqa: S608
                    copy.write_row(row)
                    copied += 1
            print(f"  {table}: done ({copied:,} rows so far)", file=sys.stderr, flush=True)
        cursor.execute("SET session_replication_role = DEFAULT")
        for app in apps.get_app_configs():
            from io import StringIO

            out = StringIO()
            call_command("sqlsequencereset", app.label, stdout=out, no_color=True)
            if out.getvalue().strip():
                cursor.execute(out.getvalue())
        cursor.execute("ANALYZE")
    print(f"copied {copied:,} rows in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return copied


if __name__ == "__main__":
    with running() as database_url:
        fill(database_url)
        print(database_url)
