"""The clinician's assessment of one patient: the eligibility panel, reimbursement applications,
and the outcome evaluation per treatment cycle with the physician's decision.

Every figure comes from bontrack.clinical on the stored diary; these functions only gather the
stored data, ask the clinical core, and record what the physician decides.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from bontrack.accounts import audit, roles
from bontrack.accounts.models import Membership, Role
from bontrack.clinical.assessment import baseline_span, cycle_span
from bontrack.clinical.common import Criterion, InputError, Params, Reason
from bontrack.clinical.diary import Diary
from bontrack.clinical.drugs import TriedDrug, tried
from bontrack.clinical.eligibility import ROLES as APPLICANT_ROLES
from bontrack.clinical.eligibility import Eligibility, eligibility_from_diary, tried_reason
from bontrack.clinical.eligibility import Role as ApplicantRole
from bontrack.clinical.metrics import PeriodCounts, count_span
from bontrack.clinical.outcome import (
    CycleOutcome,
    Suggestion,
    cycle_outcomes,
    episodic_streak,
    suggest_continuation,
)
from bontrack.clinical.rules import (
    REIMBURSEMENT_RULES,
    ContinuationRules,
    continuation_rules,
)
from bontrack.patients.diary import load_diary
from bontrack.patients.diary_models import Medication
from bontrack.patients.models import Patient
from bontrack.patients.overview import Overview, build_overview
from bontrack.treatments import clinical_messages
from bontrack.treatments.models import (
    Application,
    Course,
    FollowUp,
    OutcomeDecision,
    Session,
    SideEffectReport,
)
from bontrack.treatments.side_effects import KINDS as SIDE_EFFECT_KINDS

RULE_SETS: tuple[str, ...] = tuple(REIMBURSEMENT_RULES)


class AssessmentInputError(Exception):
    """Bad input, field by field; nothing was stored."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class PreventiveRow:
    """A preventive on the patient's list, and what the eligibility rules make of it."""

    medication: Medication
    tried: TriedDrug | None
    note: str

    @property
    def counts(self) -> bool:
        return self.tried is not None and self.tried.counts_as_tried


@dataclass(frozen=True)
class LabelledCriterion:
    """A criterion with its heading; `clinical_text` words its detail from code and params."""

    id: str
    label: str
    met: bool | None
    detail: str
    code: str = ""
    params: Params = ()

    @property
    def reason(self) -> Reason:
        return Reason(self.code, self.detail, self.params)


def labelled(criteria: list[dict[str, Any]]) -> tuple[LabelledCriterion, ...]:
    """Stored criteria ({"id", "met", "detail"} and, since they have them, "code" and "params")
    with their headings; one stored without a code reads in the core's English."""
    return tuple(
        LabelledCriterion(
            c["id"], criterion_label(c["id"]), c["met"], c["detail"], str(c.get("code", "")),
            clinical_messages.loaded_params(c.get("params")),
        )
        for c in criteria
    )


@dataclass(frozen=True)
class RuleSetPanel:
    """One reimbursement rule set judged on the stored diary and preventives."""

    eligibility: Eligibility
    source: str
    missing: tuple[str, ...]

    @property
    def criteria(self) -> tuple[LabelledCriterion, ...]:
        return labelled([clinical_messages.stored_criterion(c)
                         for c in self.eligibility.criteria])


@dataclass(frozen=True)
class EligibilityPanel:
    as_of: date
    applicant: ApplicantRole | None
    rule_sets: tuple[RuleSetPanel, ...]
    # A physician is looking, so an unknown applicant means their speciality is not recorded.
    physician: bool = False

    @property
    def applicant_label(self) -> str:
        return speciality_label(self.applicant)

    def rule_set(self, name: str) -> RuleSetPanel:
        return next(p for p in self.rule_sets if p.eligibility.rules == name)


@dataclass(frozen=True)
class CycleEvaluation:
    """One signed cycle against the course baseline, with what the patient reported."""

    session: Session
    outcome: CycleOutcome
    window: PeriodCounts
    follow_ups: tuple[FollowUp, ...]
    side_effects: tuple[SideEffectReport, ...]

    @property
    def side_effect_rows(self) -> list[tuple[SideEffectReport, str]]:
        """Each report with its kinds in words."""
        labels = dict(SIDE_EFFECT_KINDS)
        return [
            (r, ", ".join(str(labels.get(kind, kind)) for kind in r.kinds))
            for r in self.side_effects
        ]

    @property
    def responder_30(self) -> bool | None:
        return self.outcome.responder.get(30.0)

    @property
    def responder_50(self) -> bool | None:
        return self.outcome.responder.get(50.0)


@dataclass(frozen=True)
class CourseEvaluation:
    course: Course
    rules: ContinuationRules
    baseline: PeriodCounts | None
    cycles: tuple[CycleEvaluation, ...]
    streak: int
    suggestion: Suggestion | None
    decisions: tuple[OutcomeDecision, ...]

    @property
    def latest_cycle(self) -> int | None:
        return self.cycles[-1].session.cycle if self.cycles else None


def criterion_label(criterion_id: str) -> str:
    """A criterion id of bontrack.clinical.eligibility as a heading."""
    labels = {
        "chronic_migraine": _("Chronic migraine (ICHD-3 1.3)"),
        "beta_blocker": _("A beta blocker tried without success"),
        "topiramate": _("Topiramate tried without success"),
        "applicant": _("Applicant"),
        "three_preventives": _("Three preventives tried without success"),
        "medication_overuse_managed": _("Medication overuse managed"),
    }
    return labels.get(criterion_id, criterion_id)


def _missing_advice(criterion_id: str) -> str:
    advice = {
        "chronic_migraine": _("A diary that shows chronic migraine: 15 or more headache days, 8 "
                              "of them migraine, in each of the last three periods of 4 weeks, "
                              "with at least 20 days with entries in each."),
        "beta_blocker": _("A beta blocker (propranolol, metoprolol or atenolol) recorded as "
                          "failed, not tolerated or contraindicated."),
        "topiramate": _("Topiramate recorded as failed, not tolerated or contraindicated."),
        "applicant": _("A neurologist, anaesthesiologist or hospital physician as applicant."),
        "three_preventives": _("Three different preventives recorded as failed, not tolerated "
                               "or contraindicated."),
        "medication_overuse_managed": _("Medication overuse managed first, shown by a diary "
                                        "window without overuse."),
    }
    return advice.get(criterion_id, "")


def speciality_label(role: str | None) -> str:
    """An applicant role in words ("Neurologist"), or "" for none."""
    return clinical_messages.speciality_label(role) if role else ""


def applicant_role(user: Any, patient: Patient | None = None) -> ApplicantRole | None:
    """The speciality recorded on the user's physician membership, the patient's clinic first.

    None when the user is no physician or no speciality is recorded: a physician's speciality
    is never assumed, so the applicant criterion then stays unknown.
    """
    if not roles.is_physician(user):
        return None
    recorded = dict(
        Membership.objects.filter(user_id=user.pk, role=Role.PHYSICIAN, clinic__is_active=True)
        .exclude(speciality="")
        .order_by("-clinic_id")
        .values_list("clinic_id", "speciality")
    )
    if not recorded:
        return None
    own = set(patient.enrolments.values_list("clinic_id", flat=True)) if patient else set()
    clinic = min(own & set(recorded), default=min(recorded))
    return next((r for r in APPLICANT_ROLES if r == recorded[clinic]), None)


def _speciality_not_recorded(criterion: Criterion) -> Criterion:
    # English like every detail of the clinical core: the stored criteria keep one language.
    return Criterion(
        criterion.id,
        None,
        "the physician's speciality is not recorded, so it is not known whether they may "
        "apply; a neurologist, anaesthesiologist or hospital physician must apply",
        "speciality_not_recorded",
    )


def preventives(*, patient: Patient) -> list[PreventiveRow]:
    """The patient's preventives with the drug and outcome the clinical core understands."""
    rows = []
    for medication in Medication.objects.filter(
        patient=patient, kind=Medication.Kind.PREVENTIVE
    ).order_by("started_on", "name"):
        if not medication.outcome:
            rows.append(PreventiveRow(medication, None, _("no outcome recorded yet")))
            continue
        found = None
        for key in (medication.generic, medication.name):
            if not key.strip():
                continue
            try:
                found = tried(key, medication.outcome)
                break
            except InputError:
                continue
        if found is None:
            rows.append(PreventiveRow(
                medication, None, _("not one of the preventives the reimbursement rules name")
            ))
        elif found.counts_as_tried:
            rows.append(PreventiveRow(
                medication, found, _("counts as tried without success: %(drug)s")
                % {"drug": clinical_messages.reason_text(tried_reason(found))}
            ))
        else:
            rows.append(PreventiveRow(
                medication, found, _("does not count: %(drug)s has not failed")
                % {"drug": clinical_messages.reason_text(tried_reason(found))}
            ))
    return rows


def eligibility_panel(
    *, patient: Patient, applicant: ApplicantRole | None, today: date,
    diary: Diary | None = None, rows: list[PreventiveRow] | None = None,
    physician: bool = False,
) -> EligibilityPanel:
    """Every reimbursement rule set judged by bontrack.clinical on the stored data.

    With `physician` and no applicant role, the applicant criterion the core leaves unknown
    says why: the physician's speciality is not recorded.
    """
    diary = diary if diary is not None else load_diary(patient)
    rows = rows if rows is not None else preventives(patient=patient)
    drugs = [row.tried for row in rows if row.tried is not None]
    as_of = diary.last or today
    panels = []
    for rules in REIMBURSEMENT_RULES.values():
        result = eligibility_from_diary(
            diary, rules, as_of=as_of, tried=drugs, applicant=applicant
        )
        if physician and applicant is None:
            result = replace(result, criteria=tuple(
                _speciality_not_recorded(c) if c.id == "applicant" and c.met is None else c
                for c in result.criteria
            ))
        missing = tuple(
            _("Your speciality recorded with your clinic membership: a neurologist, "
              "anaesthesiologist or hospital physician may apply.")
            if c.id == "applicant" and physician and applicant is None
            else _missing_advice(c.id)
            for c in result.criteria if c.met is not True
        )
        panels.append(RuleSetPanel(eligibility=result, source=rules.source, missing=missing))
    return EligibilityPanel(
        as_of=as_of, applicant=applicant, rule_sets=tuple(panels), physician=physician
    )


def _signed_sessions(course: Course) -> list[Session]:
    return list(
        course.sessions.filter(state=Session.State.SIGNED).order_by("performed_on", "cycle")
    )


def evaluate_course(
    *, course: Course, diary: Diary, today: date, up_to_cycle: int | None = None
) -> CourseEvaluation:
    """Cycle outcomes, episodic streak and the suggestion under the course's rule set."""
    rules = continuation_rules(course.continuation_rules)
    sessions = _signed_sessions(course)
    if up_to_cycle is not None:
        sessions = [s for s in sessions if s.cycle <= up_to_cycle]
    decisions = tuple(course.decisions.all())
    if not sessions:
        return CourseEvaluation(course, rules, None, (), 0, None, decisions)
    dates = [s.performed_on for s in sessions]
    outcomes = cycle_outcomes(diary, dates)
    baseline = count_span(diary, *baseline_span(dates[0]))
    follow_ups: dict[int, list[FollowUp]] = {}
    for follow_up in FollowUp.objects.filter(session__in=sessions).order_by("day"):
        follow_ups.setdefault(follow_up.session_id, []).append(follow_up)
    side_effects: dict[int, list[SideEffectReport]] = {}
    for report in SideEffectReport.objects.filter(session__in=sessions):
        side_effects.setdefault(report.session_id or 0, []).append(report)
    cycles = tuple(
        CycleEvaluation(
            session=session,
            outcome=outcome,
            window=count_span(diary, *cycle_span(session.performed_on)),
            follow_ups=tuple(follow_ups.get(session.pk, ())),
            side_effects=tuple(side_effects.get(session.pk, ())),
        )
        for session, outcome in zip(sessions, outcomes, strict=True)
    )
    as_of = min(diary.last or today, today)
    streak = episodic_streak(diary, dates[0], as_of, rules.episodic_below_days)
    suggestion = suggest_continuation(outcomes, streak, rules, today)
    return CourseEvaluation(course, rules, baseline, cycles, streak, suggestion, decisions)


def course_evaluations(*, patient: Patient, today: date,
                       diary: Diary | None = None) -> list[CourseEvaluation]:
    """The outcome evaluation of each of the patient's courses, newest first."""
    diary = diary if diary is not None else load_diary(patient)
    return [
        evaluate_course(course=course, diary=diary, today=today)
        for course in Course.objects.filter(patient=patient).order_by("-started_on", "-pk")
    ]


def _physician_clinic(user: Any, patient: Patient) -> int:
    """The clinic where `user` is a physician of `patient`, or PermissionDenied."""
    shared = roles.clinic_ids(user, Role.PHYSICIAN) & set(
        patient.enrolments.values_list("clinic_id", flat=True)
    )
    if not shared:
        raise PermissionDenied("only the patient's physicians may do this")
    return min(shared)


def draft_application(*, user: Any, patient: Patient, rules: str, today: date) -> Application:
    """Store an application with the criteria as evaluated now; the PDF is made from it."""
    if rules not in REIMBURSEMENT_RULES:
        raise AssessmentInputError(
            {"rules": _("Rule set: choose one of %(names)s.") % {"names": ", ".join(RULE_SETS)}}
        )
    clinic_id = _physician_clinic(user, patient)
    panel = eligibility_panel(
        patient=patient, applicant=applicant_role(user, patient), today=today, physician=True
    )
    result = panel.rule_set(rules).eligibility
    with transaction.atomic():
        application = Application.objects.create(
            patient=patient,
            clinic_id=clinic_id,
            rules=rules,
            criteria=[clinical_messages.stored_criterion(c) for c in result.criteria],
            drafted_by=user,
        )
        audit.record(actor=user, action="create", obj=application, patient=patient,
                     clinic=clinic_id, reason=f"draft application under {rules}")
    return application


@dataclass(frozen=True)
class ApplicationDocument:
    """What the draft application PDF shows: the stored criteria, the diary, the preventives."""

    application: Application
    patient: Patient
    source: str
    criteria: tuple[LabelledCriterion, ...]
    overview: Overview
    preventives: tuple[PreventiveRow, ...]
    applicant: ApplicantRole | None

    @property
    def applicant_label(self) -> str:
        return speciality_label(self.applicant)


def application_document(
    *, application: Application, patient: Patient, user: Any, today: date
) -> ApplicationDocument:
    """The draft application's content, from the stored criteria and the stored diary."""
    return ApplicationDocument(
        application=application,
        patient=patient,
        source=REIMBURSEMENT_RULES[application.rules].source,
        criteria=labelled(application.criteria),
        overview=build_overview(patient=patient, today=today, with_charts=False),
        preventives=tuple(row for row in preventives(patient=patient)),
        applicant=applicant_role(user, patient),
    )


def record_answer(
    *, user: Any, patient: Patient, application_id: int, answer: str, answered_on: date | None,
    reference: str, today: date,
) -> Application:
    """Record the answer to an application: approved or denied, on which date, its reference."""
    clinic_id = _physician_clinic(user, patient)
    errors: dict[str, str] = {}
    if answer not in (Application.Answer.APPROVED, Application.Answer.DENIED):
        errors["answer"] = _("Answer: choose approved or denied.")
    reference = reference.strip()
    if len(reference) > 60:
        errors["reference"] = _("Reference: at most 60 characters.")
    with transaction.atomic():
        try:
            application = Application.objects.select_for_update().get(
                pk=application_id, patient=patient
            )
        except Application.DoesNotExist:
            raise AssessmentInputError(
                {"application": _("No such application for this patient.")}
            ) from None
        if answered_on is None:
            errors["answered_on"] = _("Date of the answer: give a date.")
        elif answered_on > today:
            errors["answered_on"] = _("Date of the answer: it cannot be in the future.")
        elif answered_on < application.drafted_at.date():
            errors["answered_on"] = _("Date of the answer: it cannot be before the application "
                                      "was drafted (%(date)s).") % {
                "date": application.drafted_at.date().isoformat()
            }
        if errors:
            raise AssessmentInputError(errors)
        application.answer = answer
        application.answered_on = answered_on
        application.reference = reference
        application.save(update_fields=["answer", "answered_on", "reference"])
        audit.record(actor=user, action="update", obj=application, patient=patient,
                     clinic=clinic_id, reason=f"answer {answer}")
    return application


def _figures(evaluation: CourseEvaluation, cycle: CycleEvaluation) -> dict[str, Any]:
    outcome = cycle.outcome
    baseline = evaluation.baseline
    return {
        "cycle": cycle.session.cycle,
        "treatment": outcome.treatment.isoformat(),
        "baseline_headache_days": baseline.headache_days if baseline else None,
        "baseline_moderate_severe_days": baseline.moderate_severe_days if baseline else None,
        "window_headache_days": cycle.window.headache_days,
        "window_moderate_severe_days": cycle.window.moderate_severe_days,
        "window_recorded_days": cycle.window.recorded_days,
        "headache_reduction_percent": outcome.headache_reduction_percent,
        "moderate_severe_reduction_percent": outcome.moderate_severe_reduction_percent,
        "responder": {f"{level:g}": hit for level, hit in outcome.responder.items()},
        "onset_week": outcome.onset_week,
        "wearing_off": outcome.wearing_off,
        "episodic_streak": evaluation.streak,
        "reasons": list(outcome.reasons),
    }


def record_decision(
    *, user: Any, patient: Patient, course_id: int, cycle: int, decision: str, reason: str,
    today: date,
) -> OutcomeDecision:
    """The physician's continue/pause/stop after a signed cycle, beside bontrack's suggestion."""
    _physician_clinic(user, patient)
    errors: dict[str, str] = {}
    if decision not in OutcomeDecision.Decision.values:
        errors["decision"] = _("Decision: choose continue, pause or stop.")
    reason = reason.strip()
    if not reason:
        errors["reason"] = _("Reason: say why you decide so.")
    with transaction.atomic():
        try:
            course = Course.objects.select_for_update().get(pk=course_id, patient=patient)
        except Course.DoesNotExist:
            raise AssessmentInputError({"course": _("No such course for this patient.")}) from None
        if course.state == Course.State.STOPPED:
            errors["course"] = _("Course: it is stopped; start a new course to treat again.")
        evaluation = evaluate_course(
            course=course, diary=load_diary(patient), today=today, up_to_cycle=cycle
        )
        chosen = next((c for c in evaluation.cycles if c.session.cycle == cycle), None)
        if chosen is None:
            errors["cycle"] = _("Cycle: choose a signed cycle of this course.")
        if errors:
            raise AssessmentInputError(errors)
        assert chosen is not None and evaluation.suggestion is not None
        suggestion = evaluation.suggestion
        made = OutcomeDecision.objects.create(
            course=course,
            cycle=cycle,
            rules=evaluation.rules.name,
            suggestion="" if suggestion.action == "undecided" else suggestion.action,
            suggestion_reasons=list(suggestion.reasons),
            figures=_figures(evaluation, chosen),
            decision=decision,
            reason=reason,
            decided_by=user,
        )
        state = {
            OutcomeDecision.Decision.CONTINUE: Course.State.ACTIVE,
            OutcomeDecision.Decision.PAUSE: Course.State.PAUSED,
            OutcomeDecision.Decision.STOP: Course.State.STOPPED,
        }[OutcomeDecision.Decision(decision)]
        if course.state != state:
            course.state = state
            course.save(update_fields=["state"])
        audit.record(actor=user, action="create", obj=made, patient=patient,
                     clinic=course.clinic_id, reason=f"{decision} after cycle {cycle}")
    return made
