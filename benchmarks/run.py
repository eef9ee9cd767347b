"""`make bench`: run every benchmarks/bench_*.py and write docs/benchmarks.md.

Each benchmark script prints a Markdown fragment on stdout; this runner adds the machine
and the date, so every number in the file says where and when it was measured.

    python benchmarks/run.py [bench_name ...]

With names, only those benchmarks run and only their sections are replaced; the others
keep their earlier results, each with the machine and date it was measured on.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "benchmarks.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        memory = "unknown"
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


SECTION = re.compile(r"<!-- bench: (\w+) -->\n(.*?)<!-- /bench -->\n", re.S)
HEADER = (
    "# Benchmarks\n\n"
    "Written by `make bench` (`benchmarks/run.py`). Timings are measured, never asserted "
    "in tests: the machines are shared and noisy, so compare runs on the same machine. "
    "Each section says the machine and the date it was measured on.\n\n"
)


def _earlier() -> dict[str, str]:
    """The sections of the current results file, by benchmark name."""
    if not OUT.exists():
        return {}
    return {name: body for name, body in SECTION.findall(OUT.read_text())}


def main() -> int:
    scripts = sorted((ROOT / "benchmarks").glob("bench_*.py"))
    only = set(sys.argv[1:])
    unknown = only - {s.stem for s in scripts}
    if unknown:
        print(f"no such benchmark: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    sections = _earlier()
    failed = False
    stamp = (
        f"_Measured {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} on "
        f"{machine()}._\n\n"
    )
    for script in scripts:
        if only and script.stem not in only:
            continue
        print(f"running {script.name} …", flush=True)
        result = subprocess.run(
            [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            failed = True
            body = f"## {script.stem}\n\nFailed:\n\n```\n{result.stderr[-2000:]}\n```\n"
        else:
            title, _, rest = result.stdout.strip().partition("\n")
            body = f"{title}\n\n{stamp}{rest.strip()}\n"
        sections[script.stem] = body
    known = [s.stem for s in scripts if s.stem in sections]
    OUT.write_text(
        HEADER
        + "\n".join(f"<!-- bench: {name} -->\n{sections[name]}<!-- /bench -->\n" for name in known)
    )
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
