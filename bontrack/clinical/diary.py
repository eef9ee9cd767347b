"""The diary day and the diary CSV format of the DESIGN.md contract."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bontrack.clinical.common import DiaryError, parse_iso_date

# CLINICAL.md §4, in the order the export writes them.
MEDICATION_CLASSES: tuple[str, ...] = (
    "triptan",
    "ergot",
    "opioid",
    "simple_analgesic",
    "combination_analgesic",
    "gepant",
    "ditan",
    "other",
)
_CLASS_ORDER = {name: i for i, name in enumerate(MEDICATION_CLASSES)}

COLUMNS: tuple[str, ...] = (
    "date",
    "headache_hours",
    "intensity",
    "unilateral",
    "pulsating",
    "aggravated_by_activity",
    "nausea",
    "vomiting",
    "photophobia",
    "phonophobia",
    "aura",
    "acute_meds",
    "relieved_by_acute_med",
    "pain_nrs",
)
BOOLEAN_COLUMNS: tuple[str, ...] = (
    "unilateral",
    "pulsating",
    "aggravated_by_activity",
    "nausea",
    "vomiting",
    "photophobia",
    "phonophobia",
    "aura",
    "relieved_by_acute_med",
)
_BOOLEANS = {"1": True, "0": False, "true": True, "false": False, "yes": True, "no": False}


# Not frozen: a frozen dataclass takes five times longer to build, and parsing builds
# hundreds per diary. Treat a DiaryDay as a value all the same.
@dataclass(slots=True)
class DiaryDay:
    """One recorded calendar day of a headache/pain diary (CLINICAL.md §1)."""

    date: date
    headache_hours: float = 0.0
    intensity: int = 0
    unilateral: bool = False
    pulsating: bool = False
    aggravated_by_activity: bool = False
    nausea: bool = False
    vomiting: bool = False
    photophobia: bool = False
    phonophobia: bool = False
    aura: bool = False
    acute_meds: frozenset[str] = field(default_factory=frozenset)
    relieved_by_acute_med: bool = False
    pain_nrs: int | None = None


class Diary:
    """Recorded days by date; a date without a row is missing, never headache-free."""

    __slots__ = ("by_date", "days")

    def __init__(self, days: Iterable[DiaryDay]) -> None:
        ordered = sorted(days, key=lambda d: d.date)
        self.days: tuple[DiaryDay, ...] = tuple(ordered)
        self.by_date: dict[date, DiaryDay] = {d.date: d for d in ordered}
        if len(self.by_date) != len(self.days):
            counts = Counter(d.date for d in ordered)
            dupes = sorted(day for day, n in counts.items() if n > 1)
            raise DiaryError([f"date {d.isoformat()} occurs more than once" for d in dupes])

    @property
    def first(self) -> date | None:
        """The earliest recorded date."""
        return self.days[0].date if self.days else None

    @property
    def last(self) -> date | None:
        """The latest recorded date."""
        return self.days[-1].date if self.days else None

    def between(self, start: date, end: date) -> Iterator[DiaryDay]:
        """The recorded days from start to end, both inclusive, in date order."""
        get = self.by_date.get
        for offset in range((end - start).days + 1):
            day = get(start + timedelta(days=offset))
            if day is not None:
                yield day


# Plain decimal numbers only: float() would also take "1e1", "1_0" and non-ASCII digits.
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")


def _parse_hours(raw: str) -> tuple[float, str | None]:
    if raw == "":
        return 0.0, None
    if not _DECIMAL.match(raw):
        return 0.0, f"headache_hours must be a number 0–24, got {raw!r}"
    value = float(raw)
    if not 0.0 <= value <= 24.0:
        return 0.0, f"headache_hours must be 0–24, got {raw}"
    return value, None


def _parse_intensity(raw: str) -> tuple[int, str | None]:
    if raw == "":
        return 0, None
    if raw in ("0", "1", "2", "3"):
        return int(raw), None
    return 0, f"intensity must be 0–3, got {raw}"


def _parse_nrs(raw: str) -> tuple[int | None, str | None]:
    if raw == "":
        return None, None
    if raw in _FAST_NRS:
        return _FAST_NRS[raw], None
    return None, f"pain_nrs must be a whole number 0–10 or empty, got {raw}"


def _parse_meds(raw: str) -> tuple[frozenset[str], str | None]:
    if raw == "":
        return frozenset(), None
    names = {part.strip().lower() for part in raw.split(";")}
    names.discard("")
    unknown = sorted(names - _CLASS_ORDER.keys())
    if unknown:
        listed = ", ".join(repr(u) for u in unknown)
        return frozenset(), (
            f"acute_meds has unknown medication class {listed}; "
            f"known classes: {', '.join(MEDICATION_CLASSES)}"
        )
    return frozenset(names), None


def _read_header(row: list[str]) -> tuple[list[str], list[str]]:
    """Column names of the header row and the problems with them."""
    names = [cell.strip().lower() for cell in row]
    errors: list[str] = []
    for name in names:
        if name not in COLUMNS:
            errors.append(f"line 1: unknown column {name!r}; columns are {', '.join(COLUMNS)}")
    for name in sorted({n for n in names if names.count(n) > 1}):
        errors.append(f"line 1: column {name!r} appears more than once")
    if "date" not in names:
        errors.append("line 1: the required column 'date' is missing")
    return names, errors


# Fast-path tables: the common spellings map straight to values; anything else takes the
# slow path, which lower-cases and explains what is wrong.
_FAST_BOOL = {
    **_BOOLEANS,
    **{k.upper(): v for k, v in _BOOLEANS.items()},
    **{k.capitalize(): v for k, v in _BOOLEANS.items()},
    "": False,
}
_FAST_INTENSITY = {"": 0, "0": 0, "1": 1, "2": 2, "3": 3}
_FAST_NRS: dict[str, int | None] = {"": None, **{str(n): n for n in range(11)}}


class _Columns:
    """Where each field sits in a row; a missing column points at an appended empty cell."""

    __slots__ = ("at", "bools", "width")

    def __init__(self, names: list[str]) -> None:
        self.width = len(names)
        index = {name: i for i, name in enumerate(names)}
        self.at = {name: index.get(name, self.width) for name in COLUMNS}
        self.bools = [self.at[name] for name in BOOLEAN_COLUMNS]


def _fast_day(
    cells: list[str], cols: _Columns, meds_seen: dict[str, frozenset[str]]
) -> DiaryDay | None:
    """The day when every cell has a common well-formed value, else None."""
    at = cols.at
    raw_date = cells[at["date"]]
    if len(raw_date) != 10 or raw_date[4] != "-" or raw_date[7] != "-":
        return None
    try:
        day = date.fromisoformat(raw_date)
        raw_hours = cells[at["headache_hours"]]
        if raw_hours and not _DECIMAL.match(raw_hours):
            return None
        hours = float(raw_hours) if raw_hours else 0.0
        intensity = _FAST_INTENSITY[cells[at["intensity"]]]
        flags = [_FAST_BOOL[cells[i]] for i in cols.bools]
        nrs = _FAST_NRS[cells[at["pain_nrs"]]]
    except (KeyError, ValueError):
        return None
    if not 0.0 <= hours <= 24.0:
        return None
    raw_meds = cells[at["acute_meds"]]
    meds = meds_seen.get(raw_meds)
    if meds is None:
        parsed, problem = _parse_meds(raw_meds)
        if problem is not None:
            return None
        meds = meds_seen[raw_meds] = parsed
    return DiaryDay(
        day,
        hours,
        intensity,
        flags[0],
        flags[1],
        flags[2],
        flags[3],
        flags[4],
        flags[5],
        flags[6],
        flags[7],
        meds,
        flags[8],
        nrs,
    )


def _slow_day(cells: list[str], cols: _Columns) -> tuple[DiaryDay | None, date | None, list[str]]:
    """The day (or None), its date if readable, and every problem naming field and value."""
    problems: list[str] = []
    raw_date = cells[cols.at["date"]]
    day_date = parse_iso_date(raw_date)
    if day_date is None:
        problems.append(
            f"date must be a real date YYYY-MM-DD, got {raw_date!r}"
            if raw_date
            else "date is empty"
        )
    values: dict[str, Any] = {}
    for name in BOOLEAN_COLUMNS:
        raw = cells[cols.at[name]]
        flag = _BOOLEANS.get(raw.lower()) if raw else False
        if flag is None:
            problems.append(f"{name} must be 1/0, true/false or yes/no, got {raw!r}")
        else:
            values[name] = flag
    converters: tuple[tuple[str, Callable[[str], tuple[Any, str | None]]], ...] = (
        ("headache_hours", _parse_hours),
        ("intensity", _parse_intensity),
        ("acute_meds", _parse_meds),
        ("pain_nrs", _parse_nrs),
    )
    for name, convert in converters:
        value, problem = convert(cells[cols.at[name]])
        if problem is not None:
            problems.append(problem)
        values[name] = value
    if problems or day_date is None:
        return None, day_date, problems
    return DiaryDay(date=day_date, **values), day_date, []


def _rows(reader: Any) -> Iterator[list[str]]:
    """The reader's rows; broken quoting stops the file with the line it happened on."""
    try:
        yield from reader
    except csv.Error as exc:
        raise DiaryError([f"line {reader.line_num}: not valid CSV ({exc})"]) from None


def read_csv(text: str) -> list[DiaryDay]:
    """Parse a diary CSV; raise DiaryError listing every bad line, accepting nothing partially."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DiaryError(["line 1: the file is empty; expected a header row starting with date"])
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        names, errors = _read_header(next(reader))
    except csv.Error as exc:
        raise DiaryError([f"line {reader.line_num}: not valid CSV ({exc})"]) from None
    if errors:
        raise DiaryError(errors)
    cols = _Columns(names)
    # Stripping every cell costs more than the rest of parsing; skip it when there is no blank.
    needs_strip = " " in text or "\t" in text
    meds_seen: dict[str, frozenset[str]] = {}
    days: list[DiaryDay] = []
    first_line: dict[date, int] = {}
    for row in _rows(reader):
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != cols.width:
            errors.append(
                f"line {line}: expected {cols.width} fields as in the header, got {len(row)}"
            )
            continue
        cells = [cell.strip() for cell in row] if needs_strip else row
        cells.append("")
        day = _fast_day(cells, cols, meds_seen)
        day_date = day.date if day is not None else None
        problems: list[str] = []
        if day is None:
            day, day_date, problems = _slow_day(cells, cols)
        # A repeated date is reported even when the first row with it had other problems.
        if day_date is not None:
            seen_on = first_line.setdefault(day_date, line)
            if seen_on != line:
                problems.append(f"date {day_date.isoformat()} already appears on line {seen_on}")
        if problems:
            errors.extend(f"line {line}: {problem}" for problem in problems)
        elif day is not None:
            days.append(day)
    if errors:
        raise DiaryError(errors)
    if not days:
        raise DiaryError(["line 2: the file has a header but no diary days"])
    days.sort(key=lambda d: d.date)
    return days


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _hours(value: float) -> str:
    # repr keeps every float exactly, so export -> import is lossless.
    # Positional notation of the shortest repr: no "1e-05", which the reader refuses.
    return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")


def write_csv(days: Iterable[DiaryDay]) -> str:
    """The diary as contract CSV, all columns, days in date order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for d in sorted(days, key=lambda day: day.date):
        writer.writerow(
            (
                d.date.isoformat(),
                _hours(d.headache_hours),
                str(d.intensity),
                _flag(d.unilateral),
                _flag(d.pulsating),
                _flag(d.aggravated_by_activity),
                _flag(d.nausea),
                _flag(d.vomiting),
                _flag(d.photophobia),
                _flag(d.phonophobia),
                _flag(d.aura),
                ";".join(sorted(d.acute_meds, key=_CLASS_ORDER.__getitem__)),
                _flag(d.relieved_by_acute_med),
                "" if d.pain_nrs is None else str(d.pain_nrs),
            )
        )
    return out.getvalue()
