"""`make bench`: run every benchmarks/bench_*.py and write docs/benchmarks.md.

Each benchmark script prints a Markdown fragment on stdout; this runner adds the machine
and the date, so every number in the file says where and when it was measured.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
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


def main() -> int:
    scripts = sorted((ROOT / "benchmarks").glob("bench_*.py"))
    only = set(sys.argv[1:])
    sections: list[str] = []
    failed = False
    for script in scripts:
        if only and script.stem not in only:
            continue
        print(f"running {script.name} …", flush=True)
        result = subprocess.run(
            [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            failed = True
            sections.append(f"## {script.stem}\n\nFailed:\n\n```\n{result.stderr[-2000:]}\n```\n")
        else:
            sections.append(result.stdout.strip() + "\n")
    header = (
        "# Benchmarks\n\n"
        "Written by `make bench` (`benchmarks/run.py`). Timings are measured, never asserted "
        "in tests: the machines are shared and noisy, so compare runs on the same machine.\n\n"
        f"- Machine: {machine()}\n"
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}\n\n"
    )
    OUT.write_text(header + "\n".join(sections))
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
