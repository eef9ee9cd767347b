"""Referral services: drafts, completeness, sending (patient found or created by national
identity number), triage decisions, questions and answers, the waiting list.

Every function takes keyword-only arguments, owns its transaction and audits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from bontrack.accounts import audit, roles
from bontrack.accounts.models import Clinic, Role
from bontrack.clinical import DiaryError, read_csv
from bontrack.clinical.referral import CHECKLIST, Completeness, bmi, completeness
from bontrack.clinical.triage import (
    NEUROLOGY_2026,
    ReferralFacts,
    TriageSuggestion,
    deadline_status,
    suggest_priority,
)
from bontrack.patients.diary import DayInput, save_day
from bontrack.patients.diary_models import DiaryEntry
from bontrack.patients.models import Enrolment, Patient, allow_synthetic_ids
from bontrack.patients.nin import InvalidNationalId, parse_national_id
from bontrack.referrals.models import OPEN_STATUSES, Event, Referral, Status

# Items of the checklist kept as text in `content`; the rest come from their own fields.
TEXT_ITEMS = tuple(item.id for item in CHECKLIST if item.id not in ("clinic", "bmi"))
AT_RISK_DAYS = 14  # at risk: two weeks or less left and no appointment (issue 6)


class ReferralError(ValueError):
    """A referral that cannot move on; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# --- Reading -------------------------------------------------------------------------------


def answers(referral: Referral) -> dict[str, object]:
    """The referral's answers keyed by checklist item id, for the completeness score."""
    content = referral.content or {}
    given: dict[str, object] = {key: content.get(key) for key in TEXT_ITEMS}
    given["clinic"] = referral.clinic_id
    given["bmi"] = referral.weight_kg and referral.height_cm
    # Diagnoses and medication may be given as structured rows as well as text.
    given["diagnoses"] = content.get("diagnoses") or content.get("diagnosis_rows")
    given["medication"] = content.get("medication") or content.get("medication_rows")
    given["nav_benefits"] = content.get("nav_benefits") or content.get("nav_rows")
    # An attached report counts as well as a description of one.
    given["attached_reports"] = content.get("attached_reports") or (
        referral.pk is not None and referral.attachments.exclude(scan="infected").exists()
    )
    return given


def other_language(referral: Referral) -> bool:
    return bool((referral.content or {}).get("other_language"))


def referral_completeness(referral: Referral) -> Completeness:
    return completeness(answers(referral), other_language=other_language(referral))


def referral_bmi(referral: Referral) -> float | None:
    if referral.weight_kg and referral.height_cm:
        return bmi(float(referral.weight_kg), float(referral.height_cm))
    return None


def triage(referral: Referral, *, today: dt.date | None = None) -> TriageSuggestion:
    """The clinical core's suggestion for this referral; a clinician confirms or overrides it."""
    received = referral.received_on or today or timezone.localdate()
    facts = ReferralFacts(
        received=received,
        complaint=referral.complaint or "other",  # type: ignore[arg-type]
        neurological_symptoms=referral.neurological_symptoms,
        failed_treatment=referral.failed_treatment,
    )
    return suggest_priority(facts, NEUROLOGY_2026)


def referrals_for(user: Any) -> QuerySet[Referral]:
    """Referrals the user may see: a referrer their own; coordinators and physicians those
    sent to their clinics (drafts stay with the referrer)."""
    if not getattr(user, "is_authenticated", False):
        return Referral.objects.none()
    if roles.is_referrer(user):
        return Referral.objects.filter(referrer__user=user)
    clinics = roles.clinic_ids(user, Role.COORDINATOR, Role.PHYSICIAN)
    if clinics:
        return Referral.objects.filter(clinic_id__in=clinics).exclude(status=Status.DRAFT)
    return Referral.objects.none()


def get_referral(user: Any, referral_id: Any, *, action: str = "read") -> Referral:
    """One referral if the user may see it, audited; Referral.DoesNotExist otherwise."""
    referral = (
        referrals_for(user)
        .select_related("clinic", "referrer__user", "patient")
        .get(pk=int(referral_id))
    )
    audit.record(
        actor=user, action=action, obj=referral, patient=referral.patient, clinic=referral.clinic_id
    )
    return referral


# --- The referrer's side -----------------------------------------------------------------


def check_national_id(raw: str) -> str:
    number = "".join(raw.split())
    try:
        parse_national_id(number, allow_synthetic=allow_synthetic_ids())
    except InvalidNationalId as exc:
        raise ReferralError(
            {"patient_national_id": f"not a valid national identity number: {exc}"}
        ) from None
    return number


def check_diary(text: str) -> list[str]:
    """Problems with an attached diary CSV, `line N: …` each; empty when it reads cleanly."""
    if not text.strip():
        return []
    try:
        days = read_csv(text)
    except DiaryError as exc:
        return list(exc.messages)
    today = timezone.localdate()
    return [f"{d.date.isoformat()} is in the future" for d in days if d.date > today]


def save_draft(*, user: Any, referral: Referral | None = None, data: dict[str, Any]) -> Referral:
    """Create or update the referrer's draft from cleaned form data; nothing is checked for
    completeness here — a draft may be half-written."""
    if not roles.is_referrer(user):
        raise PermissionDenied("only referrers write referrals")
    if referral is None:
        referral = Referral(referrer=user.referrer)
    elif referral.referrer.user_id != user.pk or not referral.is_draft:
        raise PermissionDenied("only the referrer's own draft can be changed")
    errors: dict[str, str] = {}
    number = (data.get("patient_national_id") or "").strip()
    if number:
        try:
            data["patient_national_id"] = check_national_id(number)
        except ReferralError as exc:
            errors.update(exc.errors)
    for name in ("weight_kg", "height_cm"):
        value = data.get(name)
        if value is not None and Decimal(value) <= 0:
            errors[name] = "must be above 0"
    diary_problems = check_diary(data.get("diary_csv") or "")
    if diary_problems:
        errors["diary_csv"] = "; ".join(diary_problems[:20])
    if errors:
        raise ReferralError(errors)
    content = dict(referral.content or {})
    for key, value in (data.get("content") or {}).items():
        content[key] = value
    for name in (
        "clinic",
        "patient_national_id",
        "patient_name",
        "patient_phone",
        "patient_email",
        "patient_language",
        "complaint",
        "neurological_symptoms",
        "failed_treatment",
        "weight_kg",
        "height_cm",
        "diary_csv",
    ):
        if name in data:
            setattr(referral, name, data[name])
    referral.content = content
    referral.updated_at = timezone.now()
    with transaction.atomic():
        created = referral.pk is None
        referral.save()
        audit.record(
            actor=user,
            action="create" if created else "update",
            obj=referral,
            clinic=referral.clinic_id,
        )
    return referral


def _find_or_create_patient(referral: Referral) -> Patient:
    parsed = parse_national_id(referral.patient_national_id, allow_synthetic=allow_synthetic_ids())
    patient, _created = Patient.objects.get_or_create(
        national_id=parsed.number,
        defaults={
            "full_name": referral.patient_name,
            "birth_date": parsed.birth_date,
            "phone": referral.patient_phone,
            "email": referral.patient_email,
            "preferred_language": referral.patient_language,
            "interpreter_language": (referral.content or {}).get("language", "")
            if (referral.content or {}).get("interpreter") == "yes"
            else "",
        },
    )
    assert referral.clinic_id is not None  # send() refuses a referral without a clinic
    Enrolment.objects.get_or_create(patient=patient, clinic_id=referral.clinic_id)
    return patient


def _import_diary(referral: Referral, patient: Patient, user: Any) -> int:
    """The referral's diary into the patient's, for days the patient has not recorded."""
    if not referral.diary_csv.strip():
        return 0
    days = read_csv(referral.diary_csv)
    have = set(DiaryEntry.objects.filter(patient=patient).values_list("date", flat=True))
    count = 0
    for day in days:
        if day.date in have:
            continue
        save_day(
            user=user,
            patient=patient,
            source=DiaryEntry.Source.REFERRAL,
            day=DayInput(
                date=day.date,
                headache_hours=Decimal(str(day.headache_hours)),
                intensity=day.intensity,
                unilateral=day.unilateral,
                pulsating=day.pulsating,
                aggravated_by_activity=day.aggravated_by_activity,
                nausea=day.nausea,
                vomiting=day.vomiting,
                photophobia=day.photophobia,
                phonophobia=day.phonophobia,
                aura=day.aura,
                relieved_by_acute_med=day.relieved_by_acute_med,
                pain_nrs=day.pain_nrs,
                extra_classes=day.acute_meds,
            ),
        )
        count += 1
    return count


def _locked(referral: Referral) -> Referral:
    """The referral's row, locked for this transaction: a double click must not act twice."""
    fresh = Referral.objects.select_for_update().get(pk=referral.pk)
    referral.status = fresh.status
    return referral


def send(*, user: Any, referral: Referral) -> Referral:
    """Send a complete draft: the patient is found or created by number, the diary imported."""
    with transaction.atomic():
        return _send(user=user, referral=_locked(referral))


def _send(*, user: Any, referral: Referral) -> Referral:
    if referral.referrer.user_id != user.pk or not referral.is_draft:
        raise PermissionDenied("only the referrer's own draft can be sent")
    errors: dict[str, str] = {}
    state = referral_completeness(referral)
    for item in state.missing_essential:
        errors[item] = "needed before the referral can be sent"
    if not referral.patient_national_id:
        errors["patient_national_id"] = "needed before the referral can be sent"
    if not referral.patient_name.strip():
        errors["patient_name"] = "needed before the referral can be sent"
    if not referral.complaint:
        errors["complaint"] = "needed before the referral can be sent"
    if errors:
        raise ReferralError(errors)
    with transaction.atomic():
        patient = _find_or_create_patient(referral)
        referral.patient = patient
        referral.status = Status.RECEIVED
        referral.sent_at = timezone.now()
        referral.updated_at = referral.sent_at
        referral.save()
        imported = _import_diary(referral, patient, user)
        Event.objects.create(
            referral=referral,
            kind=Event.Kind.SENT,
            status=Status.RECEIVED,
            by=user,
            data={"completeness": state.score, "diary_days_imported": imported},
        )
        audit.record(
            actor=user, action="send", obj=referral, patient=patient, clinic=referral.clinic_id
        )
    return referral


def answer_question(*, user: Any, referral: Referral, text: str) -> Referral:
    """The referrer answers the clinic's question; the referral goes back to the inbox."""
    with transaction.atomic():
        return _answer(user=user, referral=_locked(referral), text=text)


def _answer(*, user: Any, referral: Referral, text: str) -> Referral:
    if referral.referrer.user_id != user.pk or referral.status != Status.RETURNED:
        raise PermissionDenied("only a referral returned with a question can be answered")
    if not text.strip():
        raise ReferralError({"text": "write the answer"})
    with transaction.atomic():
        referral.status = Status.RECEIVED
        referral.updated_at = timezone.now()
        referral.save(update_fields=["status", "updated_at"])
        Event.objects.create(
            referral=referral,
            kind=Event.Kind.ANSWER,
            status=Status.RECEIVED,
            text=text.strip(),
            by=user,
        )
        audit.record(
            actor=user,
            action="update",
            obj=referral,
            patient=referral.patient,
            clinic=referral.clinic_id,
            reason="answer to question",
        )
    return referral


# --- The clinic's side -------------------------------------------------------------------

DECISIONS = {
    "accept": Status.ACCEPTED,
    "no_right": Status.NO_RIGHT,
    "return": Status.RETURNED,
    "decline": Status.DECLINED,
    "forward": Status.FORWARDED,
}


def _clinic_staff_for(user: Any, referral: Referral) -> None:
    if referral.clinic_id not in roles.clinic_ids(user, Role.COORDINATOR, Role.PHYSICIAN):
        raise PermissionDenied("only the receiving clinic decides on a referral")


def start_assessment(*, user: Any, referral: Referral) -> Referral:
    _clinic_staff_for(user, referral)
    if referral.status == Status.RECEIVED:
        with transaction.atomic():
            referral.status = Status.ASSESSING
            referral.save(update_fields=["status"])
            Event.objects.create(
                referral=referral, kind=Event.Kind.STATUS, status=Status.ASSESSING, by=user
            )
            audit.record(
                actor=user,
                action="update",
                obj=referral,
                patient=referral.patient,
                clinic=referral.clinic_id,
                reason="assessment started",
            )
    return referral


def decide(
    *,
    user: Any,
    referral: Referral,
    decision: str,
    reason: str,
    deadline: dt.date | None = None,
    forward_to: Clinic | None = None,
) -> Referral:
    """The clinician's decision, with a reason; the referrer is told by e-mail."""
    _clinic_staff_for(user, referral)
    with transaction.atomic():
        return _decide(
            user=user,
            referral=_locked(referral),
            decision=decision,
            reason=reason,
            deadline=deadline,
            forward_to=forward_to,
        )


def _decide(
    *,
    user: Any,
    referral: Referral,
    decision: str,
    reason: str,
    deadline: dt.date | None,
    forward_to: Clinic | None,
) -> Referral:
    if referral.status not in OPEN_STATUSES:
        raise ReferralError({"decision": "this referral has already been decided"})
    errors: dict[str, str] = {}
    if decision not in DECISIONS:
        errors["decision"] = f"choose one of: {', '.join(DECISIONS)}"
    if not reason.strip():
        errors["reason"] = "give the reason (it is sent to the referrer)"
    if decision == "accept":
        if deadline is None:
            errors["deadline"] = "an accepted referral needs a deadline"
        elif referral.received_on and deadline < referral.received_on:
            errors["deadline"] = "the deadline is before the referral was received"
    if decision == "forward" and (forward_to is None or forward_to.pk == referral.clinic_id):
        errors["forward_to"] = "choose the other clinic to forward to"
    if errors:
        raise ReferralError(errors)
    suggestion = triage(referral)
    with transaction.atomic():
        referral.status = DECISIONS[decision]
        referral.right = {"accept": True, "no_right": False}.get(decision)
        referral.deadline = deadline if decision == "accept" else None
        referral.decision_reason = reason.strip()
        referral.decision_rules = suggestion.rules
        referral.decided_at = timezone.now()
        referral.decided_by = user
        referral.forwarded_to = forward_to if decision == "forward" else None
        referral.updated_at = referral.decided_at
        referral.save()
        Event.objects.create(
            referral=referral,
            kind=Event.Kind.QUESTION if decision == "return" else Event.Kind.STATUS,
            status=referral.status,
            text=referral.decision_reason,
            by=user,
            data={
                "suggested_right": suggestion.right,
                "suggested_deadline": suggestion.deadline.isoformat()
                if suggestion.deadline
                else None,
                "rules": suggestion.rules,
            },
        )
        audit.record(
            actor=user,
            action="update",
            obj=referral,
            patient=referral.patient,
            clinic=referral.clinic_id,
            reason=f"decision: {decision}",
        )
        transaction.on_commit(lambda: notify_referrer(referral=referral))
    return referral


def notify_referrer(*, referral: Referral) -> None:
    """E-mail the referrer that their referral has a new status (no health data in it)."""
    user = referral.referrer.user
    with translation.override(user.preferred_language or "nb"):
        subject = render_to_string(
            "referrals/email/status_subject.txt", {"referral": referral}
        ).strip()
        body = render_to_string(
            "referrals/email/status.txt",
            {
                "referral": referral,
                "link": f"{settings.BONTRACK_BASE_URL}/henvisning/{referral.pk}/",
            },
        )
    send_mail(subject, body, None, [user.email])


def book_first_appointment(*, user: Any, referral: Referral, on: dt.date | None) -> Referral:
    _clinic_staff_for(user, referral)
    if referral.status != Status.ACCEPTED:
        raise ReferralError({"appointment_on": "only accepted referrals are booked"})
    with transaction.atomic():
        referral.appointment_on = on
        referral.save(update_fields=["appointment_on"])
        audit.record(
            actor=user,
            action="update",
            obj=referral,
            patient=referral.patient,
            clinic=referral.clinic_id,
            reason="first appointment",
        )
    return referral


@dataclass(frozen=True)
class WaitingRow:
    referral: Referral
    days_left: int
    state: str  # ok, at_risk, missed, met — from bontrack.clinical.triage.deadline_status


def waiting_list(*, user: Any, today: dt.date) -> list[WaitingRow]:
    """Every accepted referral with a deadline: breached first, then at risk, then the rest,
    each by deadline."""
    clinics = roles.clinic_ids(user, Role.COORDINATOR, Role.PHYSICIAN)
    if not clinics:
        raise PermissionDenied("only clinic staff keep the waiting list")
    rows = []
    accepted = Referral.objects.filter(
        clinic_id__in=clinics, status=Status.ACCEPTED, deadline__isnull=False
    ).select_related("patient")
    for referral in accepted:
        assert referral.deadline is not None
        state = deadline_status(
            referral.deadline, today, started=referral.appointment_on, warn_days=AT_RISK_DAYS
        )
        rows.append(WaitingRow(referral, (referral.deadline - today).days, state))
    order = {"missed": 0, "at_risk": 1, "ok": 2, "met": 3}
    rows.sort(key=lambda r: (order[r.state], r.referral.deadline, r.referral.pk))
    audit.record(
        actor=user,
        action="list",
        object_type="referrals.referral",
        clinic=min(clinics),
        reason="waiting list",
    )
    return rows


def record_letter(*, user: Any, referral: Referral) -> None:
    """Note in the timeline that a letter to the patient was made (each print counts)."""
    with transaction.atomic():
        Event.objects.create(
            referral=referral,
            kind=Event.Kind.LETTER,
            status=referral.status,
            by=user,
            data={"language": referral.patient_language},
        )
