"""API routes of the patients app, scoped by `accounts.access` like the pages are."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from bontrack.accounts import access, audit, roles

router = Router(tags=["patients"], auth=django_auth)


class PatientOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date | None
    preferred_language: str
    interpreter_language: str


@router.get("/patients", response=list[PatientOut], summary="Patients the caller may see")
def list_patients(request: HttpRequest) -> list[PatientOut]:
    patients = list(access.patients_for(request.user).order_by("full_name")[:500])
    clinics = sorted(roles.clinic_ids(request.user))
    audit.record(
        actor=request.user,
        action="list",
        object_type="patients.patient",
        clinic=clinics[0] if clinics else None,
    )
    return [PatientOut.from_orm(p) for p in patients]


@router.get("/patients/{patient_id}", response=PatientOut, summary="One patient record")
def get_patient(request: HttpRequest, patient_id: int) -> PatientOut:
    return PatientOut.from_orm(access.get_patient(request.user, patient_id))
