"""Patient records in the clinic workspace (/klinikk/): list, search, one record."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bontrack.accounts import access, audit, roles
from bontrack.accounts.decorators import staff_required


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    patients = access.patients_for(request.user).order_by("full_name")[:200]
    clinics = sorted(roles.clinic_ids(request.user))
    audit.record(
        actor=request.user,
        action="list",
        object_type="patients.patient",
        clinic=clinics[0] if clinics else None,
    )
    return render(request, "patients/workspace_home.html", {"patients": patients})


@staff_required
def search(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("fnr", "").strip()
    if not number:
        return redirect("workspace:home")
    patient, exists_elsewhere = access.find_patient_by_national_id(request.user, number)
    if patient is not None:
        return redirect("workspace:patient", patient_id=patient.pk)
    return render(
        request,
        "patients/search_result.html",
        {"number": number, "offer_break_glass": exists_elsewhere},
    )


@staff_required
def patient_detail(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id)
    return render(
        request,
        "patients/workspace_patient.html",
        {"patient": patient, "clinics": patient.clinics.all()},
    )
