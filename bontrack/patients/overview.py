""""My overview": the diary per 4-week period, the latest assessment in plain language, what is
missing for a reliable one, medications, MIDAS and notes. Shown in the portal, in the clinic
workspace and in the visit summary PDF; the callers audit the read."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bontrack.clinical import Assessment, Diary, assess
from bontrack.clinical.assessment import TreatmentWindow
from bontrack.clinical.ichd3 import Diagnosis
from bontrack.clinical.metrics import PeriodCounts, count_span
from bontrack.clinical.rules import ICHD_3, IHS_DIARY_2026, ClassificationRules, DayRules
from bontrack.patients.diary import load_diary, missing_days
from bontrack.patients.diary_models import DiaryEntry, Medication, QuestionnaireResponse
from bontrack.patients.models import Patient
from bontrack.reports.charts import (
    Chart,
    ChartRef,
    chart_refs,
    chart_svg,
    class_label,
    classes_used,
    diary_charts,
)

RECENT_NOTES = 5
MISSING_DATES_SHOWN = 10


@dataclass(frozen=True)
class PeriodRow:
    """One 4-week period of the diary, with its medication days in the overview's class order."""

    counts: PeriodCounts
    sufficient: bool
    in_window: bool
    medication_days: tuple[int, ...]


@dataclass(frozen=True)
class Finding:
    """A diagnosis from the clinical core told in plain words; tone is the alert colour."""

    met: bool | None
    code: str
    text: str
    tone: str
    advice: str = ""


@dataclass(frozen=True)
class Note:
    date: date
    text: str


@dataclass(frozen=True)
class Midas:
    answered_on: date
    score: int
    grade: str
    text: str


@dataclass(frozen=True)
class Overview:
    """Everything the overview page and the visit summary show about one patient."""

    patient: Patient
    today: date
    first_day: date | None
    last_day: date | None
    recorded_days: int
    periods: tuple[PeriodRow, ...]
    medication_classes: tuple[tuple[str, str], ...]
    assessment: Assessment | None
    summary: tuple[str, ...]
    chronic_migraine: Finding | None
    medication_overuse: Finding | None
    missing: tuple[str, ...]
    missing_dates: tuple[date, ...]
    complete: bool
    treatments: tuple[TreatmentWindow, ...]
    charts: tuple[Chart, ...]
    # For pages that load each chart as an image of its own (see chart_image).
    chart_refs: tuple[ChartRef, ...]
    chart_version: str
    acute_medications: tuple[Medication, ...]
    preventive_medications: tuple[Medication, ...]
    midas: Midas | None
    notes: tuple[Note, ...]
    rules_note: str

    @property
    def window_periods(self) -> tuple[PeriodRow, ...]:
        return tuple(row for row in self.periods if row.in_window)


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _rounded(total: int, count: int) -> int:
    """A mean of whole days, rounded as people round (half up)."""
    return int((Decimal(total) / Decimal(count)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def diary_periods(
    diary: Diary, *, as_of: date, rules: DayRules = IHS_DIARY_2026
) -> list[PeriodCounts]:
    """4-week periods back from as_of over the whole diary, oldest first.

    They end where the assessment window's periods end, so the last ones are the window's.
    """
    if diary.first is None:
        return []
    span = timedelta(days=rules.period_days)
    periods = []
    end = as_of
    while end >= diary.first:
        periods.append(count_span(diary, end - span + timedelta(days=1), end, rules))
        end -= span
    periods.reverse()
    return periods


def _weeks(rules: DayRules) -> int:
    return rules.period_days * rules.window_periods // 7


def summary_sentences(assessment: Assessment, *, rules: DayRules = IHS_DIARY_2026) -> list[str]:
    """The latest assessment window as a few plain sentences."""
    weeks = _weeks(rules)
    span = {"weeks": weeks, "start": _day(assessment.window_start), "end": _day(assessment.as_of)}
    judged = [p for p in assessment.periods if p.sufficient(rules)]
    if not judged:
        return [
            _("Last %(weeks)s weeks (%(start)s – %(end)s): too few days with entries to count "
              "headache days reliably.") % span
        ]
    n = len(judged)
    headache = _rounded(sum(p.headache_days for p in judged), n)
    migraine = _rounded(sum(p.migraine_days for p in judged), n)
    moderate = _rounded(sum(p.moderate_severe_days for p in judged), n)
    medicine = _rounded(sum(p.any_acute_medication_days for p in judged), n)
    sentences = [
        ngettext(
            "Last %(weeks)s weeks (%(start)s – %(end)s): %(headache)s headache day per 4 weeks, "
            "%(migraine)s of them migraine.",
            "Last %(weeks)s weeks (%(start)s – %(end)s): %(headache)s headache days per 4 weeks, "
            "%(migraine)s of them migraine.",
            headache,
        ) % {**span, "headache": headache, "migraine": migraine},
        ngettext(
            "Moderate or severe headache on %(days)s day per 4 weeks.",
            "Moderate or severe headache on %(days)s days per 4 weeks.",
            moderate,
        ) % {"days": moderate},
        ngettext(
            "Medicine for attacks on %(days)s day per 4 weeks.",
            "Medicine for attacks on %(days)s days per 4 weeks.",
            medicine,
        ) % {"days": medicine},
    ]
    if n < len(assessment.periods):
        sentences.append(
            _("These are averages of the %(judged)s of %(all)s periods of 4 weeks that have "
              "enough entries.") % {"judged": n, "all": len(assessment.periods)}
        )
    return sentences


def chronic_migraine_finding(
    diagnosis: Diagnosis,
    *,
    rules: DayRules = IHS_DIARY_2026,
    classification: ClassificationRules = ICHD_3,
) -> Finding:
    """ICHD-3 1.3 from the clinical core, in words a patient understands."""
    values = {
        "weeks": _weeks(rules),
        "headache": classification.chronic_headache_days,
        "migraine": classification.chronic_migraine_days,
    }
    if diagnosis.met is None:
        text = _("It is not yet possible to say whether the diary shows chronic migraine: some "
                 "periods of 4 weeks have too few days with entries.")
    elif diagnosis.met:
        text = _("The diary shows chronic migraine: headache on %(headache)s days or more in "
                 "every 4 weeks of the last %(weeks)s weeks, with migraine on %(migraine)s or "
                 "more of them.") % values
    else:
        text = _("The diary does not show chronic migraine in the last %(weeks)s weeks. That "
                 "needs headache on %(headache)s days or more in every 4 weeks, with migraine on "
                 "%(migraine)s or more of them.") % values
    return Finding(met=diagnosis.met, code=f"ICHD-3 {diagnosis.code}", text=text, tone="info")


def _overuse_part(code: str, classification: ClassificationRules) -> str:
    if code == classification.mixed_code:
        return _("several kinds of medicine for attacks on %(days)s days or more in total") % {
            "days": classification.mixed_overuse_days
        }
    name = next(n for n, c in classification.overuse_codes.items() if c == code)
    return _("%(medicine)s on %(days)s days or more") % {
        "medicine": class_label(name).lower(),
        "days": classification.overuse_days[name],
    }


def medication_overuse_finding(
    diagnosis: Diagnosis,
    *,
    rules: DayRules = IHS_DIARY_2026,
    classification: ClassificationRules = ICHD_3,
) -> Finding:
    """ICHD-3 8.2 with its subtypes from the clinical core, in plain words."""
    weeks = _weeks(rules)
    if diagnosis.met is None:
        text = _("It is not yet possible to say whether the diary shows medication overuse: "
                 "some periods of 4 weeks have too few days with entries.")
        return Finding(met=None, code="ICHD-3 8.2", text=text, tone="info")
    if not diagnosis.met:
        text = _("The diary does not show medication overuse in the last %(weeks)s weeks.") % {
            "weeks": weeks
        }
        return Finding(met=False, code="ICHD-3 8.2", text=text, tone="info")
    parts = [_overuse_part(code, classification) for code in diagnosis.subtypes]
    text = _("The diary shows medication overuse: %(what)s in every 4 weeks of the last "
             "%(weeks)s weeks, with headache on %(headache)s days or more.") % {
        "what": _(" and ").join(parts),
        "weeks": weeks,
        "headache": classification.chronic_headache_days,
    }
    return Finding(
        met=True,
        code="ICHD-3 " + ", ".join(diagnosis.subtypes),
        text=text,
        tone="warning",
        advice=_("Medication overuse can keep headaches going. Talk with your doctor before you "
                 "change how you take your medicines."),
    )


def missing_sentences(
    *,
    diary: Diary,
    assessment: Assessment | None,
    missing: Sequence[date],
    rules: DayRules = IHS_DIARY_2026,
) -> list[str]:
    """What keeps the assessment from being reliable, most pressing first."""
    if diary.first is None or assessment is None:
        return [_("The diary has no entries yet. Fill it in every day, also on days without "
                  "headache.")]
    sentences = []
    if missing:
        sentences.append(ngettext(
            "%(count)s day without entries in the last 4 weeks.",
            "%(count)s days without entries in the last 4 weeks.",
            len(missing),
        ) % {"count": len(missing)})
    if diary.first > assessment.window_start:
        sentences.append(
            _("The diary starts on %(date)s. A reliable assessment needs %(weeks)s weeks of "
              "entries, at least %(needed)s days in every 4 weeks.")
            % {"date": _day(diary.first), "weeks": _weeks(rules),
               "needed": rules.min_recorded_days}
        )
    for period in assessment.periods:
        if period.sufficient(rules) or period.start < diary.first:
            continue
        sentences.append(
            _("The 4 weeks from %(start)s to %(end)s have entries on only %(recorded)s days; "
              "at least %(needed)s are needed.")
            % {"start": _day(period.start), "end": _day(period.end),
               "recorded": period.recorded_days, "needed": rules.min_recorded_days}
        )
    return sentences



def midas_summary(response: QuestionnaireResponse) -> Midas:
    """The latest MIDAS with its grade in words."""
    grade = response.grade.strip().upper().removeprefix("GRADE").strip()
    meanings = {
        "I": _("little or no disability"),
        "II": _("mild disability"),
        "III": _("moderate disability"),
        "IV": _("severe disability"),
    }
    if grade in meanings:
        text = _("MIDAS score %(score)s on %(date)s: grade %(grade)s, %(meaning)s.") % {
            "score": response.score, "date": _day(response.answered_on), "grade": grade,
            "meaning": meanings[grade],
        }
    else:
        text = _("MIDAS score %(score)s on %(date)s.") % {
            "score": response.score, "date": _day(response.answered_on)
        }
    return Midas(answered_on=response.answered_on, score=response.score, grade=grade, text=text)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def chart_image(
    *, patient: Patient, key: str, compact: bool, treatment_dates: Sequence[date] = (),
    rules: DayRules = IHS_DIARY_2026, classification: ClassificationRules = ICHD_3,
) -> str:
    """One chart of the overview as a standalone SVG document (cached until the diary changes)."""
    diary = load_diary(patient)
    periods = diary_periods(diary, as_of=diary.last, rules=rules) if diary.last else []
    return chart_svg(
        periods, key=key, compact=compact, treatment_dates=sorted(treatment_dates),
        cache_key=chart_cache_key(patient), rules=rules, classification=classification,
    )


def chart_cache_key(patient: Patient) -> str:
    """Changes whenever a diary day is added, edited or removed."""
    stats = DiaryEntry.objects.filter(patient=patient).aggregate(
        updated=Max("updated_at"), count=Count("id")
    )
    updated = stats["updated"].isoformat() if stats["updated"] else "-"
    return f"patient-{patient.pk}:{updated}:{stats['count']}"


def rules_note(rules: DayRules = IHS_DIARY_2026) -> str:
    """How the days were counted, for the small print."""
    return _("Counted with the rule set %(rules)s: a headache day has %(hours)s hours or more "
             "of headache, or headache treated with medicine; periods of 4 weeks with fewer "
             "than %(needed)s days with entries are not judged.") % {
        "rules": rules.name,
        "hours": formats.number_format(rules.headache_min_hours, decimal_pos=0),
        "needed": rules.min_recorded_days,
    }


def build_overview(
    *,
    patient: Patient,
    today: date,
    treatment_dates: Sequence[date] = (),
    with_charts: bool = True,
    rules: DayRules = IHS_DIARY_2026,
    classification: ClassificationRules = ICHD_3,
) -> Overview:
    """The overview of `patient`'s diary up to its last recorded day, in the active language.

    The assessment window ends on the diary's last day, so a diary that stopped a while ago is
    still assessed; the days missing up to `today` are counted separately.
    """
    diary = load_diary(patient)
    dates = sorted(treatment_dates)
    assessment = None
    periods: list[PeriodCounts] = []
    if diary.last is not None:
        assessment = assess(diary, dates, as_of=diary.last, rules=rules)
        periods = diary_periods(diary, as_of=diary.last, rules=rules)
    window_starts = {p.start for p in assessment.periods} if assessment else set()
    used = classes_used(periods)
    rows = tuple(
        PeriodRow(
            counts=p,
            sufficient=p.sufficient(rules),
            in_window=p.start in window_starts,
            medication_days=tuple(p.acute_medication_days.get(name, 0) for name in used),
        )
        for p in periods
    )
    missing = missing_days(patient, today=today, days=rules.period_days)
    missing_text = missing_sentences(
        diary=diary, assessment=assessment, missing=missing, rules=rules
    )
    charts: list[Chart] = []
    if with_charts and periods:
        charts = diary_charts(
            periods, treatment_dates=dates, cache_key=chart_cache_key(patient), rules=rules,
            classification=classification,
        )
    # Stopped preventives stay: what was tried, and how it went, is what eligibility reads.
    medications = tuple(
        m for m in Medication.objects.filter(patient=patient)
        if m.active or m.kind == Medication.Kind.PREVENTIVE
    )
    latest_midas = (
        QuestionnaireResponse.objects.filter(patient=patient, kind=QuestionnaireResponse.Kind.MIDAS)
        .order_by("-answered_on", "-created_at")
        .first()
    )
    notes = tuple(
        Note(date=day, text=text)
        for day, text in DiaryEntry.objects.filter(patient=patient)
        .exclude(note="")
        .order_by("-date")
        .values_list("date", "note")[:RECENT_NOTES]
    )
    return Overview(
        patient=patient,
        today=today,
        first_day=diary.first,
        last_day=diary.last,
        recorded_days=len(diary.days),
        periods=rows,
        medication_classes=tuple((name, class_label(name)) for name in used),
        assessment=assessment,
        summary=tuple(summary_sentences(assessment, rules=rules)) if assessment else (),
        chronic_migraine=(
            chronic_migraine_finding(
                assessment.chronic_migraine, rules=rules, classification=classification
            )
            if assessment else None
        ),
        medication_overuse=(
            medication_overuse_finding(
                assessment.medication_overuse, rules=rules, classification=classification
            )
            if assessment else None
        ),
        missing=tuple(missing_text),
        missing_dates=tuple(missing[:MISSING_DATES_SHOWN]),
        complete=not missing_text,
        treatments=assessment.treatments if assessment else (),
        charts=tuple(charts),
        chart_refs=tuple(
            chart_refs(periods, rules=rules, classification=classification) if periods else ()
        ),
        chart_version=_short_hash(chart_cache_key(patient)) if periods else "",
        acute_medications=tuple(m for m in medications if m.kind == Medication.Kind.ACUTE),
        preventive_medications=tuple(
            m for m in medications if m.kind == Medication.Kind.PREVENTIVE
        ),
        midas=midas_summary(latest_midas) if latest_midas else None,
        notes=notes,
        rules_note=rules_note(rules),
    )
