#!/usr/bin/env bash
# `make test`: the whole suite on SQLite, then again on a throwaway PostgreSQL.
# The browser tests (tests/e2e) run on SQLite only: they drive the same services the rest of
# the suite tests on both databases, and running them twice would take make test past 15
# minutes on 2 cores. BONTRACK_E2E_ON_PG=1 runs them on PostgreSQL too.
# Extra arguments go to pytest (e.g. `make test ARGS="-k diary"`).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh || exit 1
mkdir -p test-artifacts

status=0
echo "=== bontrack tests on SQLite ==="
env -u DATABASE_URL BONTRACK_TEST_DB=sqlite .venv/bin/pytest "$@" || status=$?
[ $status -eq 0 ] || { echo "!! tests failed on SQLite" >&2; exit $status; }

pgdir="/tmp/bontrack-pg-$$"
if url=$(bash scripts/pg.sh start "$pgdir" 2>"test-artifacts/pg-start.log"); then
  trap 'bash scripts/pg.sh stop "$pgdir"' EXIT
  echo "=== bontrack tests on PostgreSQL ==="
  pg_args=()
  [ "${BONTRACK_E2E_ON_PG:-}" = "1" ] || pg_args=(--ignore=tests/e2e)
  DATABASE_URL="$url" BONTRACK_TEST_DB=postgresql .venv/bin/pytest "${pg_args[@]}" "$@" || status=$?
  [ $status -eq 0 ] || echo "!! tests failed on PostgreSQL" >&2
else
  cat test-artifacts/pg-start.log >&2
  echo "!!" >&2
  echo "!! PostgreSQL could not be started: the suite ran on SQLite ONLY." >&2
  echo "!! Install Debian's postgresql package (see README.md) to test on both databases." >&2
  echo "!!" >&2
  if [ "${CI:-}" = "true" ]; then
    echo "!! CI=true: a run without PostgreSQL is a failure." >&2
    status=1
  fi
fi
exit $status
