"""Day definitions (rule set ihs-diary-2026) and counts over 28-day periods."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bontrack.clinical.diary import MEDICATION_CLASSES, Diary, DiaryDay
from bontrack.clinical.rules import IHS_DIARY_2026, OVERUSE_CLASSES, DayRules

_MIGRAINE_SPECIFIC = frozenset({"triptan", "ergot"})
_OVERUSE = frozenset(OVERUSE_CLASSES)


def is_headache_day(day: DiaryDay, rules: DayRules = IHS_DIARY_2026) -> bool:
    """Headache for the minimum hours, or any headache treated with an acute medication."""
    # Treated attacks count because the medication shortens them below the hour limit.
    return day.headache_hours >= rules.headache_min_hours or (
        day.intensity >= 1 and bool(day.acute_meds)
    )


def pain_characteristics(day: DiaryDay, rules: DayRules = IHS_DIARY_2026) -> int:
    """How many of the four ICHD-3 1.1 C pain characteristics the day had."""
    return (
        day.unilateral
        + day.pulsating
        + (day.intensity >= rules.moderate_min_intensity)
        + day.aggravated_by_activity
    )


def is_migraine_day(day: DiaryDay, rules: DayRules = IHS_DIARY_2026) -> bool:
    """A headache day meeting ICHD-3 1.3 criterion C (features, aura or triptan/ergot relief)."""
    if not is_headache_day(day, rules):
        return False
    if day.aura:
        return True
    if day.relieved_by_acute_med and not _MIGRAINE_SPECIFIC.isdisjoint(day.acute_meds):
        return True
    associated = day.nausea or day.vomiting or (day.photophobia and day.phonophobia)
    return associated and pain_characteristics(day, rules) >= rules.migraine_min_characteristics


def is_moderate_severe_day(day: DiaryDay, rules: DayRules = IHS_DIARY_2026) -> bool:
    """A headache day whose worst intensity was moderate or severe."""
    return day.intensity >= rules.moderate_min_intensity and is_headache_day(day, rules)


def is_tension_type_day(day: DiaryDay, rules: DayRules = IHS_DIARY_2026) -> bool:
    """A headache day with the ICHD-3 2.3 C and D features of tension-type headache."""
    if not is_headache_day(day, rules) or day.vomiting or day.aura:
        return False
    features = (
        (not day.unilateral)
        + (not day.pulsating)
        + (1 <= day.intensity <= 2)
        + (not day.aggravated_by_activity)
    )
    return features >= 2 and (day.photophobia + day.phonophobia + day.nausea) <= 1


@dataclass(frozen=True, slots=True)
class PeriodCounts:
    """Counts over one span of days; rates are judged only with enough recorded days."""

    start: date
    end: date
    recorded_days: int
    headache_days: int
    migraine_days: int
    moderate_severe_days: int
    tension_type_days: int
    acute_medication_days: dict[str, int] = field(default_factory=dict)
    any_acute_medication_days: int = 0
    overuse_class_days: int = 0

    @property
    def length(self) -> int:
        """Calendar days in the span."""
        return (self.end - self.start).days + 1

    def sufficient(self, rules: DayRules = IHS_DIARY_2026) -> bool:
        """Whether enough days were recorded to judge this period."""
        return self.recorded_days >= rules.min_recorded_days

    def to_dict(self) -> dict[str, object]:
        """The period as the `assess --json` contract spells it."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "recorded_days": self.recorded_days,
            "headache_days": self.headache_days,
            "migraine_days": self.migraine_days,
            "moderate_severe_days": self.moderate_severe_days,
            "acute_medication_days": dict(self.acute_medication_days),
            "any_acute_medication_days": self.any_acute_medication_days,
        }


def count_span(
    diary: Diary, start: date, end: date, rules: DayRules = IHS_DIARY_2026
) -> PeriodCounts:
    """Count headache, migraine, moderate/severe and medication days from start to end."""
    recorded = headache = migraine = modsev = tension = any_med = overuse = 0
    per_class = dict.fromkeys(MEDICATION_CLASSES, 0)
    for day in diary.between(start, end):
        recorded += 1
        meds = day.acute_meds
        if meds:
            any_med += 1
            for name in meds:
                per_class[name] += 1
            if not _OVERUSE.isdisjoint(meds):
                overuse += 1
        if is_headache_day(day, rules):
            headache += 1
            migraine += is_migraine_day(day, rules)
            modsev += day.intensity >= rules.moderate_min_intensity
            tension += is_tension_type_day(day, rules)
    return PeriodCounts(
        start=start,
        end=end,
        recorded_days=recorded,
        headache_days=headache,
        migraine_days=migraine,
        moderate_severe_days=modsev,
        tension_type_days=tension,
        acute_medication_days={name: n for name, n in per_class.items() if n},
        any_acute_medication_days=any_med,
        overuse_class_days=overuse,
    )


def window_periods(
    diary: Diary, as_of: date, rules: DayRules = IHS_DIARY_2026
) -> list[PeriodCounts]:
    """The assessment window ending on as_of, split into periods, oldest first."""
    span = rules.period_days
    first_start = as_of - timedelta(days=span * rules.window_periods - 1)
    periods = []
    for k in range(rules.window_periods):
        start = first_start + timedelta(days=span * k)
        periods.append(count_span(diary, start, start + timedelta(days=span - 1), rules))
    return periods
