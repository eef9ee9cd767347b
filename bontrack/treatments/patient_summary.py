"""What the clinician's patient overview shows beside the diary: the referrals, questionnaires,
preventives tried, each treatment course with every session, the patient's follow-up answers
and side effects, and the outcome per cycle.

It only gathers stored data and asks the existing services; every figure (baseline, weeks
9–12, reductions, responders, the suggestion) comes from bontrack.clinical through
`assessment.evaluate_course`. The caller has checked access to the patient and audited the
read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch

from bontrack.clinical.diary import Diary
from bontrack.patients import questionnaires
from bontrack.patients.diary import load_diary
from bontrack.patients.models import Patient
from bontrack.referrals import services as referral_services
from bontrack.referrals.models import Referral
from bontrack.treatments import assessment, followup, side_effects
from bontrack.treatments.models import (
    Course,
    FollowUp,
    OutcomeDecision,
    Session,
    SideEffectReport,
)
from bontrack.treatments.session_forms import PROTOCOL_LABELS
from bontrack.treatments.sessions import PlanRow, summarise


@dataclass(frozen=True)
class SideEffectLine:
    """One side-effect report in words, red flags first among its kinds."""

    report: SideEffectReport
    kinds: tuple[str, ...]

    @property
    def open_red_flag(self) -> bool:
        return self.report.red_flag and self.report.handled_at is None


@dataclass(frozen=True)
class FollowUpRow:
    """One follow-up form; an unanswered one is either open or not yet due."""

    follow_up: FollowUp
    is_open: bool


@dataclass(frozen=True)
class SessionRow:
    """One session of a course; a signed one carries its cycle's evaluation."""

    session: Session
    total_sites: int
    addenda: int
    follow_ups: tuple[FollowUpRow, ...]
    side_effects: tuple[SideEffectLine, ...]
    cycle: assessment.CycleEvaluation | None


@dataclass(frozen=True)
class CourseSummary:
    course: Course
    protocol: str
    evaluation: assessment.CourseEvaluation
    sessions: tuple[SessionRow, ...]

    @property
    def signed(self) -> int:
        return sum(1 for row in self.sessions if row.session.is_signed)

    @property
    def latest_decision(self) -> OutcomeDecision | None:
        return self.evaluation.decisions[0] if self.evaluation.decisions else None

    @property
    def follow_ups(self) -> tuple[tuple[Session, FollowUpRow], ...]:
        """Every follow-up form of the course's signed sessions, by cycle and day."""
        return tuple((row.session, f) for row in self.sessions for f in row.follow_ups)

    @property
    def side_effects(self) -> tuple[tuple[Session, SideEffectLine], ...]:
        return tuple((row.session, line) for row in self.sessions for line in row.side_effects)


@dataclass(frozen=True)
class PatientSummary:
    """Everything the clinician's overview adds to the patient's own overview."""

    referrals: tuple[Referral, ...]
    questionnaires: questionnaires.Overview
    preventives: tuple[assessment.PreventiveRow, ...]
    courses: tuple[CourseSummary, ...]
    # Reports the patient did not tie to a session.
    other_side_effects: tuple[SideEffectLine, ...]

    @property
    def open_red_flag_lines(self) -> tuple[SideEffectLine, ...]:
        """Red-flag reports nobody at the clinic has marked as handled."""
        lines = [line for c in self.courses for row in c.sessions for line in row.side_effects]
        return tuple(line for line in (*lines, *self.other_side_effects) if line.open_red_flag)

    @property
    def open_red_flags(self) -> int:
        return len(self.open_red_flag_lines)


def _line(report: SideEffectReport) -> SideEffectLine:
    return SideEffectLine(report, tuple(side_effects.describe(report)))


def _referrals(patient: Patient, user: Any) -> tuple[Referral, ...]:
    # Through the referral desk's own scope: every referral shown can be opened from here.
    return tuple(
        referral_services.referrals_for(user)
        .filter(patient=patient)
        .select_related("referrer__user", "clinic")
        .order_by("-sent_at", "-pk")
    )


def _sessions_by_course(patient: Patient) -> dict[int, list[Session]]:
    by_course: dict[int, list[Session]] = {}
    for session in (
        Session.objects.filter(patient=patient)
        .select_related("physician", "signed_by")
        .prefetch_related("injections", "addenda")
        .order_by("cycle")
    ):
        by_course.setdefault(session.course_id, []).append(session)
    return by_course


def _session_row(
    session: Session, cycle: assessment.CycleEvaluation | None, today: date
) -> SessionRow:
    rows = [PlanRow(i.muscle, i.side, i.sites, i.units, i.sites) for i in session.injections.all()]
    _per_muscle, _units, sites = summarise(rows)
    return SessionRow(
        session=session,
        total_sites=sites,
        addenda=len(session.addenda.all()),
        follow_ups=tuple(
            FollowUpRow(f, followup.is_open(f, today=today)) for f in cycle.follow_ups
        ) if cycle else (),
        side_effects=tuple(_line(r) for r in cycle.side_effects) if cycle else (),
        cycle=cycle,
    )


def _courses(patient: Patient, diary: Diary, today: date) -> tuple[CourseSummary, ...]:
    courses = (
        Course.objects.filter(patient=patient)
        .prefetch_related(
            Prefetch("decisions", queryset=OutcomeDecision.objects.select_related("decided_by"))
        )
        .order_by("-started_on", "-pk")
    )
    by_course = _sessions_by_course(patient)
    summaries = []
    # evaluate_course reads the signed sessions, their follow-ups and side effects (three
    # queries per course); a patient has one course or a few over the years.
    for course in courses:
        evaluation = assessment.evaluate_course(course=course, diary=diary, today=today)
        cycles = {c.session.pk: c for c in evaluation.cycles}
        summaries.append(
            CourseSummary(
                course=course,
                protocol=str(PROTOCOL_LABELS.get(course.protocol, course.protocol)),
                evaluation=evaluation,
                sessions=tuple(
                    _session_row(s, cycles.get(s.pk), today) for s in by_course.get(course.pk, ())
                ),
            )
        )
    return tuple(summaries)


def patient_summary(
    *, patient: Patient, user: Any, today: date, diary: Diary | None = None
) -> PatientSummary:
    """The clinician's view of `patient` beyond the diary, for `user` (access already checked)."""
    diary = diary if diary is not None else load_diary(patient)
    other = SideEffectReport.objects.filter(patient=patient, session__isnull=True)
    return PatientSummary(
        referrals=_referrals(patient, user),
        questionnaires=questionnaires.overview(patient=patient, today=today),
        preventives=tuple(assessment.preventives(patient=patient)),
        courses=_courses(patient, diary, today),
        other_side_effects=tuple(_line(r) for r in other.order_by("-reported_at")),
    )
