"""The one access layer: every view, service and API route gets patient data through here.

A patient sees their own record; clinic staff see the patients enrolled at their clinics;
a physician with an active break-glass grant sees that one patient for a limited time.
Every record handed out is audited.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bontrack.accounts import audit, roles
from bontrack.accounts.models import BreakGlassAccess, Clinic, Role
from bontrack.patients.models import Patient

MIN_BREAK_GLASS_REASON = 15


def _active_break_glass_patient_ids(user: Any) -> set[int]:
    now = timezone.now()
    return set(
        BreakGlassAccess.objects.filter(
            user_id=user.pk, started_at__lte=now, expires_at__gt=now
        ).values_list("patient_id", flat=True)
    )


def patients_for(user: Any) -> QuerySet[Patient]:
    """The patients `user` may see, as a queryset (not audited: it reads no record yet)."""
    if not getattr(user, "is_authenticated", False):
        return Patient.objects.none()
    condition = Q(pk__in=[])
    clinics = roles.clinic_ids(user, Role.COORDINATOR, Role.PHYSICIAN)
    if clinics:
        condition |= Q(enrolments__clinic_id__in=clinics)
    if roles.is_physician(user):
        grants = _active_break_glass_patient_ids(user)
        if grants:
            condition |= Q(pk__in=grants)
    if roles.is_patient(user):
        condition |= Q(user_id=user.pk)
    return Patient.objects.filter(condition).distinct()


def clinic_for_access(user: Any, patient: Patient) -> int | None:
    """The clinic through which `user` reaches `patient`, for the audit row."""
    shared = roles.clinic_ids(user) & set(patient.enrolments.values_list("clinic_id", flat=True))
    if shared:
        return min(shared)
    physician_clinics = roles.clinic_ids(user, Role.PHYSICIAN)
    return min(physician_clinics) if physician_clinics else None


def get_patient(user: Any, patient_id: Any, *, action: str = "read", reason: str = "") -> Patient:
    """One patient record if `user` may see it, audited; 404 otherwise (no hint it exists)."""
    try:
        patient = patients_for(user).get(pk=int(patient_id))
    except (Patient.DoesNotExist, ValueError, TypeError):
        raise Http404("no such patient") from None
    via_break_glass = (
        patient.pk in _active_break_glass_patient_ids(user)
        and not (
            roles.clinic_ids(user) & set(patient.enrolments.values_list("clinic_id", flat=True))
        )
        and patient.user_id != user.pk
    )
    audit.record(
        actor=user,
        action=action,
        obj=patient,
        patient=patient,
        clinic=clinic_for_access(user, patient),
        reason=reason or ("break-glass" if via_break_glass else ""),
    )
    return patient


def break_glass_in_use(user: Any, patient: Patient) -> BreakGlassAccess | None:
    """The active emergency grant through which `user` sees `patient`, if that is the only way."""
    if roles.clinic_ids(user) & set(patient.enrolments.values_list("clinic_id", flat=True)):
        return None
    now = timezone.now()
    return (
        BreakGlassAccess.objects.filter(
            user_id=user.pk, patient=patient, started_at__lte=now, expires_at__gt=now
        )
        .order_by("-expires_at")
        .first()
    )


def own_patient(user: Any, *, action: str = "read") -> Patient:
    """The logged-in patient's own record, audited."""
    if not roles.is_patient(user):
        raise PermissionDenied("only patients have a record of their own")
    return get_patient(user, user.patient.pk, action=action)


def find_patient_by_national_id(user: Any, national_id: str) -> tuple[Patient | None, bool]:
    """Staff search: (the patient if in scope, whether a record exists outside scope)."""
    number = "".join(national_id.split())
    patient = patients_for(user).filter(national_id=number).first()
    if patient is not None:
        audit.record(
            actor=user,
            action="search",
            obj=patient,
            patient=patient,
            clinic=clinic_for_access(user, patient),
        )
        return patient, False
    elsewhere = Patient.objects.filter(national_id=number).first()
    # Telling a physician that a record exists elsewhere is itself an access: the patient sees it.
    exists_elsewhere = roles.is_physician(user) and elsewhere is not None
    audit.record(
        actor=user,
        action="search",
        object_type="patients.patient",
        patient=elsewhere if exists_elsewhere else None,
        reason="not found in own clinics",
    )
    return None, exists_elsewhere


def start_break_glass(user: Any, *, national_id: str, reason: str) -> BreakGlassAccess:
    """Grant a physician time-limited access to a patient outside their clinics."""
    if not roles.is_physician(user):
        raise PermissionDenied("only physicians may use emergency access")
    reason = reason.strip()
    if len(reason) < MIN_BREAK_GLASS_REASON:
        raise ValidationError(f"state the reason in at least {MIN_BREAK_GLASS_REASON} characters")
    number = "".join(national_id.split())
    patient = Patient.objects.filter(national_id=number).first()
    if patient is None:
        raise Http404("no such patient")
    clinic_id = min(roles.clinic_ids(user, Role.PHYSICIAN))
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlassAccess.objects.create(
            user=user,
            clinic=Clinic.objects.get(pk=clinic_id),
            patient=patient,
            reason=reason,
            started_at=now,
            expires_at=now + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
        )
        audit.record(
            actor=user,
            action="break_glass",
            obj=grant,
            patient=patient,
            clinic=clinic_id,
            reason=reason,
        )
    return grant


def audit_events_for_clinic_admin(user: Any) -> QuerySet[Any]:
    """The audit rows a clinic admin may search: those about their clinics."""
    from bontrack.accounts.models import AuditEvent

    clinics = roles.clinic_ids(user, Role.CLINIC_ADMIN)
    if not clinics:
        raise PermissionDenied("only clinic administrators may search the audit log")
    # Rows made at the clinic, and every access to the clinic's own patients from elsewhere
    # (break-glass by another clinic's physician, for one).
    own_patients = Patient.objects.filter(enrolments__clinic_id__in=clinics).values("pk")
    # Rows written without a clinic on purpose stay out: a patient's own self-service, and
    # anything about a directory rating (a clinic must not learn who rated it).
    private = Q(clinic_id__isnull=True) & (
        Q(actor_id__isnull=False, patient__user_id__isnull=False, actor_id=F("patient__user_id"))
        | Q(object_type="directory.rating")
    )
    return AuditEvent.objects.filter(
        Q(clinic_id__in=clinics) | Q(patient_id__in=own_patients)
    ).exclude(private)


# Named predicates, for templates and object checks (`user.has_perm("patients.view", p)`).
@rules.predicate  # type: ignore[untyped-decorator]
def is_own_record(user: Any, patient: Patient | None) -> bool:
    return patient is not None and patient.user_id == getattr(user, "pk", None)


@rules.predicate  # type: ignore[untyped-decorator]
def can_see_patient(user: Any, patient: Patient | None) -> bool:
    return patient is not None and patients_for(user).filter(pk=patient.pk).exists()


is_clinic_staff = rules.predicate(roles.is_clinic_staff)
is_physician = rules.predicate(roles.is_physician)
is_clinic_admin = rules.predicate(roles.is_clinic_admin)
is_patient = rules.predicate(roles.is_patient)
is_referrer = rules.predicate(roles.is_referrer)

rules.add_perm("patients.view_patient", can_see_patient)
rules.add_perm("accounts.break_glass", is_physician)
rules.add_perm("accounts.view_audit", is_clinic_admin)
