"""Diary services: record a day (keeping history), fold attacks, import and export CSV, read
the diary as the clinical core's value. Every function owns its transaction and audits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from bontrack.accounts import audit
from bontrack.clinical import Diary, DiaryDay, DiaryError, read_csv, write_csv
from bontrack.clinical.diary import MEDICATION_CLASSES
from bontrack.patients.diary_models import (
    BOOLEAN_FIELDS,
    NOTE_MAX_LENGTH,
    PAIN_AREAS,
    DiaryEntry,
    DiaryEntryVersion,
    Medication,
    MedicationIntake,
)
from bontrack.patients.models import Patient
from bontrack.treatments import summaries

_PAIN_AREA_KEYS = {key for key, _label in PAIN_AREAS}
_CLASS_ORDER = {name: i for i, name in enumerate(MEDICATION_CLASSES)}


class DiaryInputError(ValueError):
    """A diary day that cannot be saved; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class DayInput:
    """What the patient recorded for one day, before it is checked."""

    date: dt.date
    headache_hours: Decimal = Decimal(0)
    intensity: int = 0
    unilateral: bool = False
    pulsating: bool = False
    aggravated_by_activity: bool = False
    nausea: bool = False
    vomiting: bool = False
    photophobia: bool = False
    phonophobia: bool = False
    aura: bool = False
    relieved_by_acute_med: bool = False
    pain_nrs: int | None = None
    pain_areas: list[str] = field(default_factory=list)
    menstruation: bool | None = None
    note: str = ""
    # The patient's own medicines taken that day (ids), with doses.
    medications: dict[int, int] = field(default_factory=dict)
    # Classes taken that are not on the patient's list (e.g. from an imported CSV).
    extra_classes: frozenset[str] = frozenset()
    attacks: int | None = None


def _sorted_classes(classes: Iterable[str]) -> str:
    return ";".join(sorted(set(classes), key=_CLASS_ORDER.__getitem__))


def validate(day: DayInput, *, today: dt.date) -> None:
    """Refuse a day that cannot be true; name each field that is wrong."""
    errors: dict[str, str] = {}
    if day.date > today:
        errors["date"] = f"{day.date.isoformat()} is in the future; record days up to today"
    if not Decimal(0) <= day.headache_hours <= Decimal(24):
        errors["headache_hours"] = f"hours must be 0–24, got {day.headache_hours}"
    if day.intensity not in (0, 1, 2, 3):
        errors["intensity"] = f"intensity must be 0–3, got {day.intensity}"
    if day.pain_nrs is not None and not 0 <= day.pain_nrs <= 10:
        errors["pain_nrs"] = f"pain must be 0–10, got {day.pain_nrs}"
    if len(day.note) > NOTE_MAX_LENGTH:
        errors["note"] = (
            f"the note can be at most {NOTE_MAX_LENGTH} characters, got {len(day.note)}"
        )
    unknown_areas = set(day.pain_areas) - _PAIN_AREA_KEYS
    if unknown_areas:
        errors["pain_areas"] = f"unknown body area: {', '.join(sorted(unknown_areas))}"
    unknown_classes = set(day.extra_classes) - set(MEDICATION_CLASSES)
    if unknown_classes:
        errors["acute_meds"] = f"unknown medication class: {', '.join(sorted(unknown_classes))}"
    if any(doses < 1 or doses > 20 for doses in day.medications.values()):
        errors["medications"] = "doses per medicine must be 1–20"
    if errors:
        raise DiaryInputError(errors)


def _classes_for(patient: Patient, day: DayInput) -> str:
    if not day.medications:
        return _sorted_classes(day.extra_classes)
    meds = Medication.objects.filter(patient=patient, pk__in=day.medications.keys())
    found = {m.pk: m for m in meds}
    missing = set(day.medications) - set(found)
    if missing:
        raise DiaryInputError({"medications": "a chosen medicine is not on your list"})
    classes = {found[pk].drug_class for pk in day.medications if found[pk].drug_class}
    return _sorted_classes(classes | set(day.extra_classes))


def _apply(entry: DiaryEntry, day: DayInput, classes: str) -> None:
    entry.headache_hours = day.headache_hours
    entry.intensity = day.intensity
    for name in BOOLEAN_FIELDS:
        setattr(entry, name, getattr(day, name))
    entry.acute_meds = classes
    entry.relieved_by_acute_med = day.relieved_by_acute_med and bool(classes)
    entry.pain_nrs = day.pain_nrs
    entry.pain_areas = sorted(set(day.pain_areas))
    entry.menstruation = day.menstruation
    entry.note = day.note.strip()
    if day.attacks is not None:
        entry.attacks = day.attacks
    else:
        entry.attacks = 1 if day.headache_hours > 0 or day.intensity > 0 else 0


def save_day(
    *,
    user: Any,
    patient: Patient,
    day: DayInput,
    source: str = DiaryEntry.Source.PORTAL,
    today: dt.date | None = None,
) -> DiaryEntry:
    """Create or replace one diary day. An edit keeps the earlier version in the history."""
    validate(day, today=today or timezone.localdate())
    with transaction.atomic():
        classes = _classes_for(patient, day)
        entry = (
            DiaryEntry.objects.select_for_update().filter(patient=patient, date=day.date).first()
        )
        now = timezone.now()
        action = "create"
        if entry is None:
            entry = DiaryEntry(patient=patient, date=day.date, source=source, created_at=now)
        else:
            before = entry.snapshot()
            DiaryEntryVersion.objects.create(
                entry=entry,
                version=entry.version,
                data=before,
                recorded_at=entry.updated_at,
                replaced_at=now,
                replaced_by=user if getattr(user, "is_authenticated", False) else None,
            )
            entry.version += 1
            action = "update"
        _apply(entry, day, classes)
        entry.updated_at = now
        entry.save()
        MedicationIntake.objects.filter(entry=entry).delete()
        MedicationIntake.objects.bulk_create(
            MedicationIntake(entry=entry, medication_id=pk, doses=doses)
            for pk, doses in sorted(day.medications.items())
        )
        audit.record(actor=user, action=action, obj=entry, patient=patient)
        summaries.refresh(patient_id=patient.pk, dates=[day.date])
    return entry


def add_attack(
    *, user: Any, patient: Patient, attack: DayInput, today: dt.date | None = None
) -> DiaryEntry:
    """Fold one more attack into its day: hours add up (to 24), the worst intensity wins,
    symptoms and medicines accumulate."""
    existing = DiaryEntry.objects.filter(patient=patient, date=attack.date).first()
    if existing is None:
        attack.attacks = 1
        return save_day(user=user, patient=patient, day=attack, today=today)
    merged = day_input_from_entry(existing)
    merged.headache_hours = min(Decimal(24), merged.headache_hours + attack.headache_hours)
    merged.intensity = max(merged.intensity, attack.intensity)
    for name in (*BOOLEAN_FIELDS, "relieved_by_acute_med"):
        setattr(merged, name, getattr(merged, name) or getattr(attack, name))
    if attack.pain_nrs is not None:
        merged.pain_nrs = max(merged.pain_nrs or 0, attack.pain_nrs)
    merged.pain_areas = sorted(set(merged.pain_areas) | set(attack.pain_areas))
    for pk, doses in attack.medications.items():
        merged.medications[pk] = min(20, merged.medications.get(pk, 0) + doses)
    merged.extra_classes = merged.extra_classes | attack.extra_classes
    if attack.note.strip():
        merged.note = "\n".join(filter(None, [merged.note, attack.note.strip()]))
    merged.attacks = existing.attacks + 1
    return save_day(user=user, patient=patient, day=merged, today=today)


def record_headache_free(*, user: Any, patient: Patient, date: dt.date) -> DiaryEntry:
    """The one-tap "no headache today"."""
    return save_day(user=user, patient=patient, day=DayInput(date=date, attacks=0))


def day_input_from_entry(entry: DiaryEntry) -> DayInput:
    """The stored day as input again, e.g. to prefill the edit form."""
    meds = dict(entry.intakes.values_list("medication_id", "doses"))
    own_classes = set(Medication.objects.filter(pk__in=meds).values_list("drug_class", flat=True))
    return DayInput(
        date=entry.date,
        headache_hours=Decimal(entry.headache_hours),
        intensity=entry.intensity,
        **{name: getattr(entry, name) for name in BOOLEAN_FIELDS},
        relieved_by_acute_med=entry.relieved_by_acute_med,
        pain_nrs=entry.pain_nrs,
        pain_areas=list(entry.pain_areas),
        menstruation=entry.menstruation,
        note=entry.note,
        medications=meds,
        extra_classes=frozenset(entry.acute_med_classes - own_classes),
        attacks=entry.attacks,
    )


def _day_input_from_core(day: DiaryDay) -> DayInput:
    return DayInput(
        date=day.date,
        headache_hours=Decimal(str(day.headache_hours)),
        intensity=day.intensity,
        **{name: getattr(day, name) for name in BOOLEAN_FIELDS},
        relieved_by_acute_med=day.relieved_by_acute_med,
        pain_nrs=day.pain_nrs,
        extra_classes=day.acute_meds,
    )


def load_diary(patient: Patient, *, start: dt.date | None = None) -> Diary:
    """The patient's diary as the clinical core's value (no audit: callers audit the view)."""
    fields = (
        "date",
        "headache_hours",
        "intensity",
        *BOOLEAN_FIELDS,
        "acute_meds",
        "relieved_by_acute_med",
        "pain_nrs",
    )
    rows = DiaryEntry.objects.filter(patient=patient)
    if start is not None:
        rows = rows.filter(date__gte=start)
    days = []
    for values in rows.values_list(*fields):
        (date, hours, intensity, *flags, meds, relieved, nrs) = values
        days.append(
            DiaryDay(
                date=date,
                headache_hours=float(hours),
                intensity=intensity,
                **dict(zip(BOOLEAN_FIELDS, flags, strict=True)),
                acute_meds=frozenset(c for c in meds.split(";") if c),
                relieved_by_acute_med=relieved,
                pain_nrs=nrs,
            )
        )
    return Diary(days)


def export_csv(*, user: Any, patient: Patient) -> str:
    """The whole diary in the CSV contract; audited as an export."""
    text = write_csv(load_diary(patient).days)
    audit.record(
        actor=user,
        action="export",
        object_type="patients.diaryentry",
        patient=patient,
        reason="diary CSV",
    )
    return text


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def import_csv(
    *, user: Any, patient: Patient, text: str, today: dt.date | None = None
) -> ImportResult:
    """Import a diary CSV all or nothing; DiaryError lists every bad line, nothing is stored."""
    days = read_csv(text)
    today = today or timezone.localdate()
    future = [d for d in days if d.date > today]
    if future:
        lines = _lines_of(text, {d.date for d in future})
        raise DiaryError(
            [f"line {lines[d.date]}: {d.date.isoformat()} is in the future" for d in future]
        )
    existing = set(
        DiaryEntry.objects.filter(patient=patient, date__in=[d.date for d in days]).values_list(
            "date", flat=True
        )
    )
    with transaction.atomic():
        for day in days:
            save_day(
                user=user,
                patient=patient,
                day=_day_input_from_core(day),
                source=DiaryEntry.Source.IMPORT,
                today=today,
            )
    return ImportResult(created=len(days) - len(existing), updated=len(existing))


def _lines_of(text: str, dates: set[dt.date]) -> dict[dt.date, int]:
    found: dict[dt.date, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        head = line.split(",", 1)[0].strip().strip('"')
        for date in dates:
            if head == date.isoformat():
                found.setdefault(date, number)
    return found


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    recorded: bool
    headache: bool
    future: bool


def calendar(patient: Patient, *, today: dt.date, weeks: int = 12) -> list[list[CalendarDay]]:
    """The last `weeks` weeks, Monday first, for the backfill calendar."""
    end = today + dt.timedelta(days=6 - today.weekday())
    start = end - dt.timedelta(days=7 * weeks - 1)
    entries = {
        d: (hours, intensity)
        for d, hours, intensity in DiaryEntry.objects.filter(
            patient=patient, date__range=(start, today)
        ).values_list("date", "headache_hours", "intensity")
    }
    rows: list[list[CalendarDay]] = []
    for week in range(weeks):
        row = []
        for weekday in range(7):
            date = start + dt.timedelta(days=7 * week + weekday)
            hours, intensity = entries.get(date, (0, 0))
            row.append(
                CalendarDay(
                    date=date,
                    recorded=date in entries,
                    headache=bool(hours or intensity),
                    future=date > today,
                )
            )
        rows.append(row)
    return rows


def missing_days(patient: Patient, *, today: dt.date, days: int = 28) -> list[dt.date]:
    """Days without an entry in the last `days` days, newest first."""
    start = today - dt.timedelta(days=days - 1)
    recorded = set(
        DiaryEntry.objects.filter(patient=patient, date__range=(start, today)).values_list(
            "date", flat=True
        )
    )
    return [
        today - dt.timedelta(days=i)
        for i in range(days)
        if today - dt.timedelta(days=i) not in recorded
    ]


def history(entry: DiaryEntry) -> Sequence[DiaryEntryVersion]:
    return list(entry.versions.order_by("-version"))
