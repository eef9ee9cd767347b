"""Per-period diary summaries kept current as diary days are written.

A period is a 28-day block anchored at EPOCH (a Monday), so a day always falls in exactly
one period. Each summary is bontrack.clinical.metrics.count_span over that block's raw
DiaryEntry rows; the day definitions live in bontrack/clinical and nowhere else here.
Summaries are derived data, so refreshing them writes no audit row: the diary write that
triggers a refresh is audited by its own service.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import transaction

from bontrack.clinical import Diary, DiaryDay
from bontrack.clinical.metrics import PeriodCounts, count_span, is_headache_day
from bontrack.patients.diary_models import BOOLEAN_FIELDS, DiaryEntry
from bontrack.treatments.summary_models import DiaryPeriodSummary

EPOCH = dt.date(2000, 1, 3)  # a Monday
PERIOD_DAYS = 28
NOT_RECORDED, NO_HEADACHE, HEADACHE = "-", "0", "1"

_FIELDS = (
    "patient_id",
    "date",
    "headache_hours",
    "intensity",
    *BOOLEAN_FIELDS,
    "acute_meds",
    "relieved_by_acute_med",
    "pain_nrs",
)


def period_start(day: dt.date) -> dt.date:
    """The first day of the period `day` falls in."""
    return day - dt.timedelta(days=(day - EPOCH).days % PERIOD_DAYS)


def period_end(start: dt.date) -> dt.date:
    return start + dt.timedelta(days=PERIOD_DAYS - 1)


def _day(values: tuple[object, ...]) -> tuple[int, DiaryDay]:
    # The same conversion as bontrack.patients.diary.load_diary, over many patients at once.
    (patient_id, date, hours, intensity, *rest) = values
    flags, (meds, relieved, nrs) = rest[: len(BOOLEAN_FIELDS)], rest[len(BOOLEAN_FIELDS):]
    day = DiaryDay(
        date=date,  # type: ignore[arg-type]
        headache_hours=float(hours),  # type: ignore[arg-type]
        intensity=intensity,  # type: ignore[arg-type]
        **dict(zip(BOOLEAN_FIELDS, flags, strict=True)),  # type: ignore[arg-type]
        acute_meds=frozenset(c for c in str(meds).split(";") if c),
        relieved_by_acute_med=bool(relieved),
        pain_nrs=nrs,  # type: ignore[arg-type]
    )
    return int(patient_id), day  # type: ignore[call-overload]


def day_flags(diary: Diary, start: dt.date) -> str:
    """The period's days as flags, one character each (see DiaryPeriodSummary.day_flags)."""
    flags = [NOT_RECORDED] * PERIOD_DAYS
    for day in diary.between(start, period_end(start)):
        flags[(day.date - start).days] = HEADACHE if is_headache_day(day) else NO_HEADACHE
    return "".join(flags)


def span_counts(
    flags_by_period: dict[dt.date, str], start: dt.date, end: dt.date
) -> tuple[int, int]:
    """Recorded and headache days from start to end, read from the periods' day flags
    (a period missing from the mapping has no recorded day)."""
    recorded = headache = 0
    period = period_start(start)
    while period <= end:
        flags = flags_by_period.get(period, "")
        first = max((start - period).days, 0)
        last = min((end - period).days, PERIOD_DAYS - 1)
        chunk = flags[first : last + 1]
        recorded += len(chunk) - chunk.count(NOT_RECORDED)
        headache += chunk.count(HEADACHE)
        period += dt.timedelta(days=PERIOD_DAYS)
    return recorded, headache


def _summary(patient_id: int, counts: PeriodCounts, flags: str) -> DiaryPeriodSummary:
    return DiaryPeriodSummary(
        patient_id=patient_id,
        period_start=counts.start,
        recorded_days=counts.recorded_days,
        headache_days=counts.headache_days,
        migraine_days=counts.migraine_days,
        moderate_severe_days=counts.moderate_severe_days,
        acute_medication_days=dict(counts.acute_medication_days),
        any_acute_medication_days=counts.any_acute_medication_days,
        day_flags=flags,
    )


def _summaries(
    days_by_patient: dict[int, list[DiaryDay]], starts: dict[int, set[dt.date]]
) -> Iterator[DiaryPeriodSummary]:
    for patient_id, wanted in starts.items():
        diary = Diary(days_by_patient.get(patient_id, []))
        for start in sorted(wanted):
            counts = count_span(diary, start, period_end(start))
            if counts.recorded_days:
                yield _summary(patient_id, counts, day_flags(diary, start))


def refresh(*, patient_id: int, dates: Iterable[dt.date]) -> int:
    """Recompute the periods the given dates fall in from the raw diary rows.

    Reads only those periods' rows (≤ 28 per period); a period left without any recorded
    day loses its summary. Returns the number of summaries written."""
    dates = list(dates)
    starts = {period_start(d) for d in dates}
    if not starts:
        return 0
    with transaction.atomic():
        rows = DiaryEntry.objects.filter(patient_id=patient_id)
        if len(starts) == 1:
            (start,) = starts
            rows = rows.filter(date__range=(start, period_end(start)))
        else:
            rows = rows.filter(date__range=(min(starts), period_end(max(starts))))
        days = [_day(values)[1] for values in rows.values_list(*_FIELDS)]
        fresh = list(_summaries({patient_id: days}, {patient_id: starts}))
        DiaryPeriodSummary.objects.filter(
            patient_id=patient_id, period_start__in=starts
        ).delete()
        DiaryPeriodSummary.objects.bulk_create(fresh)
    return len(fresh)


def rebuild(*, patient_ids: Iterable[int] | None = None, batch_patients: int = 200) -> int:
    """Recompute every summary of the given patients (of everyone when None)."""
    if patient_ids is None:
        ids = sorted(set(DiaryEntry.objects.values_list("patient_id", flat=True).distinct()))
        wipe_all = True
    else:
        ids = sorted(set(patient_ids))
        wipe_all = False
    written = 0
    with transaction.atomic():
        if wipe_all:
            DiaryPeriodSummary.objects.all().delete()
        for i in range(0, len(ids), batch_patients):
            chunk = ids[i : i + batch_patients]
            if not wipe_all:
                DiaryPeriodSummary.objects.filter(patient_id__in=chunk).delete()
            days: dict[int, list[DiaryDay]] = defaultdict(list)
            starts: dict[int, set[dt.date]] = defaultdict(set)
            rows = DiaryEntry.objects.filter(patient_id__in=chunk).values_list(*_FIELDS)
            for values in rows.iterator(chunk_size=5000):
                patient_id, day = _day(values)
                days[patient_id].append(day)
                starts[patient_id].add(period_start(day.date))
            fresh = list(_summaries(days, starts))
            DiaryPeriodSummary.objects.bulk_create(fresh, batch_size=2000)
            written += len(fresh)
    return written
