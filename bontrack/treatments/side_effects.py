"""Side effects the patient reports after a treatment; red flags reach the clinic at once.

Difficulty breathing, swallowing or speaking after botulinum toxin can mean the toxin has
spread beyond the injected muscles (CLINICAL.md §10): the patient is told to call a doctor
now, and the report goes to the top of the clinic's worklist until someone handles it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bontrack.accounts import audit, roles
from bontrack.accounts.models import Role
from bontrack.patients.models import Patient
from bontrack.treatments.models import Session, SideEffectReport

KINDS = (
    ("bruising", gettext_lazy("Bruising where the needle went in")),
    ("neck_pain", gettext_lazy("Neck pain")),
    ("headache", gettext_lazy("Headache")),
    ("muscle_weakness", gettext_lazy("Muscle weakness")),
    ("reduced_sensation", gettext_lazy("Reduced feeling in the skin")),
    ("drooping_eyelid", gettext_lazy("Drooping eyelid")),
    ("allergic_reaction", gettext_lazy("Allergic reaction, such as a rash")),
    ("difficulty_breathing", gettext_lazy("Difficulty breathing")),
    ("difficulty_swallowing", gettext_lazy("Difficulty swallowing")),
    ("difficulty_speaking", gettext_lazy("Difficulty speaking")),
    ("other", gettext_lazy("Something else")),
)
# Labels in the patient's words; the model's bare "Moderate" is the diary's intensity text.
SEVERITIES = (
    ("mild", gettext_lazy("Mild: a little bother")),
    ("moderate", gettext_lazy("Moderate: gets in my way")),
    ("severe", gettext_lazy("Severe: I can hardly cope")),
)
KIND_IDS = frozenset(kind for kind, _label in KINDS)
RED_FLAGS = frozenset({"difficulty_breathing", "difficulty_swallowing", "difficulty_speaking"})
NOTE_MAX_LENGTH = 500


class SideEffectInputError(ValueError):
    """A report or a handling that cannot be saved; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def kind_labels(kinds: list[str]) -> list[str]:
    """The readable names of the kinds, in the order of the form."""
    labels = dict(KINDS)
    return [str(labels[k]) for k, _label in KINDS if k in kinds]


def describe(report: SideEffectReport) -> list[str]:
    """What the patient reported, red flags first, with where and what "other" was."""
    labels = dict(KINDS)
    ordered = [k for k, _label in KINDS if k in report.kinds and k in RED_FLAGS]
    ordered += [k for k, _label in KINDS if k in report.kinds and k not in RED_FLAGS]
    described = []
    for kind in ordered:
        text = str(labels[kind])
        if kind == "muscle_weakness" and report.where:
            text = f"{text} ({report.where})"
        if kind == "other" and report.other:
            text = f"{text}: {report.other}"
        described.append(text)
    return described


def severity_label(severity: str) -> str:
    return str(dict(SEVERITIES).get(severity, severity))


def is_red_flag(kinds: list[str] | set[str] | frozenset[str]) -> bool:
    return bool(RED_FLAGS & set(kinds))


def report_clinic_id(*, patient: Patient, session: Session | None) -> int | None:
    """The clinic that gets the report: the session's, else where the patient is enrolled."""
    if session is not None:
        return session.clinic_id
    first = patient.enrolments.order_by("since", "pk").values_list("clinic_id", flat=True).first()
    return first


def patient_sessions(*, patient: Patient) -> list[Session]:
    """The patient's signed sessions, newest first, to choose which one a report is about."""
    return list(
        Session.objects.filter(patient=patient, state=Session.State.SIGNED)
        .select_related("clinic").order_by("-performed_on")
    )


def report_side_effect(
    *,
    patient: Patient,
    by: Any,
    kinds: list[str],
    where: str = "",
    other: str = "",
    onset_on: dt.date | None,
    severity: str,
    resolved: bool | None,
    session_id: int | None = None,
    today: dt.date | None = None,
) -> SideEffectReport:
    """Store the patient's report and send it to the clinic; nothing is stored on bad input."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    chosen = set(kinds)
    if not chosen:
        errors["kinds"] = _("Tick at least one side effect.")
    elif chosen - KIND_IDS:
        errors["kinds"] = _("Choose side effects from the list.")
    where, other = where.strip(), other.strip()
    if "muscle_weakness" in chosen and not where:
        errors["where"] = _("Tell us where you feel the muscle weakness.")
    if "other" in chosen and not other:
        errors["other"] = _("Describe the other side effect.")
    if onset_on is None:
        errors["onset_on"] = _("Give the day it started, for example 2026-03-14.")
    elif onset_on > today:
        errors["onset_on"] = _(
            "%(date)s is in the future. Give the day it started, today or earlier."
        ) % {"date": onset_on.strftime("%d.%m.%Y")}
    if severity not in SideEffectReport.Severity.values:
        errors["severity"] = _("Choose how bad it is: mild, moderate or severe.")
    session = None
    if session_id is not None:
        session = Session.objects.filter(
            pk=session_id, patient=patient, state=Session.State.SIGNED
        ).first()
        if session is None:
            errors["session"] = _("Choose one of your treatments.")
        elif onset_on is not None and onset_on < session.performed_on:
            errors["onset_on"] = _("%(date)s is before that treatment on %(treated)s.") % {
                "date": onset_on.strftime("%d.%m.%Y"),
                "treated": session.performed_on.strftime("%d.%m.%Y")}
    clinic_id = report_clinic_id(patient=patient, session=session)
    if clinic_id is None and not errors:
        errors["__all__"] = _("You are not registered with a clinic. Please call your doctor.")
    if errors or clinic_id is None:
        raise SideEffectInputError(errors)
    with transaction.atomic():
        report = SideEffectReport.objects.create(
            session=session, patient=patient, clinic_id=clinic_id,
            kinds=[k for k, _label in KINDS if k in chosen],
            where=where[:200], other=other[:300], onset_on=onset_on, severity=severity,
            resolved=resolved, red_flag=is_red_flag(chosen),
        )
        audit.record(actor=by, action="create", obj=report, patient=patient, clinic=clinic_id,
                     reason="red flag" if report.red_flag else "")
    return report


def get_own_report(*, patient: Patient, by: Any, report_id: int) -> SideEffectReport:
    """One of the patient's own reports (DoesNotExist otherwise), audited."""
    report = SideEffectReport.objects.select_related("session", "clinic").get(
        pk=report_id, patient=patient
    )
    audit.record(actor=by, action="read", obj=report, patient=patient, clinic=report.clinic_id)
    return report


def my_reports(*, patient: Patient, by: Any) -> list[SideEffectReport]:
    """The patient's reports, newest first."""
    reports = list(SideEffectReport.objects.filter(patient=patient).order_by("-reported_at"))
    audit.record(actor=by, action="list", object_type="treatments.sideeffectreport",
                 patient=patient, reason="patient's side-effect reports")
    return reports


def mark_handled(*, user: Any, report_id: int, note: str) -> SideEffectReport:
    """A coordinator or physician of the report's clinic has acted on it (DoesNotExist when
    the report is not at one of their clinics)."""
    clinics = roles.clinic_ids(user, Role.COORDINATOR, Role.PHYSICIAN)
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise SideEffectInputError({"note": _("Keep the note to %(max)s characters or fewer.")
                                    % {"max": NOTE_MAX_LENGTH}})
    with transaction.atomic():
        report = SideEffectReport.objects.select_for_update().get(
            pk=report_id, clinic_id__in=clinics
        )
        if report.handled_at is None:
            report.handled_at = timezone.now()
            report.handled_by = user
            report.handled_note = note
            report.save(update_fields=["handled_at", "handled_by", "handled_note"])
        audit.record(actor=user, action="update", obj=report, patient=report.patient_id,
                     clinic=report.clinic_id, reason="side effect handled")
    return report
