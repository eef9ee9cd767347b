"""Patient records in the clinic workspace (/klinikk/): list, search, one record."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bontrack.accounts import access, audit, roles
from bontrack.accounts.decorators import staff_required
from bontrack.accounts.forms import BreakGlassForm, PatientSearchForm
from bontrack.patients.diary import history as entry_history
from bontrack.patients.diary_models import DiaryEntry


def _home_context(request: HttpRequest, form: PatientSearchForm) -> dict[str, object]:
    sees_patients = bool(roles.clinic_ids(request.user, "coordinator", "physician"))
    patients = []
    if sees_patients:
        patients = list(access.patients_for(request.user).order_by("full_name")[:200])
        clinics = sorted(roles.clinic_ids(request.user))
        audit.record(
            actor=request.user,
            action="list",
            object_type="patients.patient",
            clinic=clinics[0] if clinics else None,
        )
    return {"patients": patients, "form": form, "sees_patients": sees_patients}


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "patients/workspace_home.html", _home_context(request, PatientSearchForm())
    )


@staff_required
@require_POST
def search(request: HttpRequest) -> HttpResponse:
    """Find a patient by national identity number (POST: the number stays out of URLs and logs)."""
    form = PatientSearchForm(request.POST)
    if not form.is_valid():
        return render(
            request, "patients/workspace_home.html", _home_context(request, form), status=400
        )
    number = form.cleaned_data["national_id"]
    patient, exists_elsewhere = access.find_patient_by_national_id(request.user, number)
    if patient is not None:
        return redirect("workspace:patient", patient_id=patient.pk)
    return render(
        request,
        "patients/search_result.html",
        {
            "number": number,
            "offer_break_glass": exists_elsewhere,
            "break_glass_form": BreakGlassForm(initial={"national_id": number}),
        },
    )


@staff_required
def patient_detail(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id)
    return render(
        request,
        "patients/workspace_patient.html",
        {
            "patient": patient,
            "clinics": patient.clinics.all(),
            "break_glass": access.break_glass_in_use(request.user, patient),
        },
    )


@staff_required
def diary(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The patient's diary days, newest first, with how often each was changed."""
    patient = access.get_patient(request.user, patient_id, action="read_diary")
    entries = DiaryEntry.objects.filter(patient=patient).order_by("-date")[:120]
    return render(
        request, "patients/workspace_diary.html", {"patient": patient, "entries": entries}
    )


@staff_required
def diary_day(request: HttpRequest, patient_id: int, date: str) -> HttpResponse:
    """One day as it is now and every earlier version: what changed, and when."""
    patient = access.get_patient(request.user, patient_id, action="read_diary")
    try:
        the_day = dt.date.fromisoformat(date)
    except ValueError:
        raise Http404("not a date") from None
    entry = DiaryEntry.objects.filter(patient=patient, date=the_day).first()
    if entry is None:
        raise Http404("no entry that day")
    return render(
        request,
        "patients/workspace_diary_day.html",
        {
            "patient": patient,
            "entry": entry,
            "now": entry.snapshot(),
            "versions": entry_history(entry),
        },
    )
