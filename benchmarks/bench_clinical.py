"""Benchmark of the clinical core: assess_csv on 730-day diaries; prints a Markdown fragment."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bontrack.clinical import assess_csv, write_csv
from bontrack.clinical.synthetic import every_twelve_weeks, synthetic_diary

START = date(2024, 1, 1)
TREATMENTS = every_twelve_weeks(date(2024, 4, 1), 7)


def diary_text(seed: int) -> str:
    """A 730-day synthetic diary with a treatment every 12 weeks, as CSV."""
    return write_csv(synthetic_diary(START, 730, seed=seed, treatments=TREATMENTS))


def median_single(repeats: int) -> tuple[float, float]:
    """Median and 95th percentile (ms) of assess_csv on one 730-day diary."""
    text = diary_text(0)
    assess_csv(text, treatments=TREATMENTS)
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        assess_csv(text, treatments=TREATMENTS)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def many(count: int, distinct: int) -> float:
    """Seconds to assess `count` diaries in one process, cycling through `distinct` texts."""
    texts = [diary_text(seed) for seed in range(distinct)]
    began = time.perf_counter()
    for i in range(count):
        assess_csv(texts[i % distinct], treatments=TREATMENTS)
    return time.perf_counter() - began


def main() -> None:
    """Run the benchmark and print the Markdown fragment."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and diaries")
    args = parser.parse_args()
    repeats, count = (50, 500) if args.quick else (500, 10_000)
    median, p95 = median_single(repeats)
    total = many(count, distinct=50)
    rows = len(diary_text(0).splitlines()) - 1
    print("## Clinical core (`bontrack.clinical`)")
    print()
    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs; diaries of 730 days ({rows} recorded) with 7 treatments."
          + (" Quick run." if args.quick else ""))
    print()
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| `assess_csv`, one 730-day diary, median of {repeats} | {median:.2f} ms "
          f"(p95 {p95:.2f} ms) | ≤ 5 ms |")
    target = "≤ 60 s" if count == 10_000 else f"≤ {60 * count / 10_000:g} s (pro rata)"
    print(f"| `assess_csv` on {count:,} such diaries, one process | {total:.1f} s "
          f"({total / count * 1000:.2f} ms each) | {target} |")


if __name__ == "__main__":
    main()
