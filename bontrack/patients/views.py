"""The patient portal (/portal/): the patient's own record and who has looked at it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bontrack.accounts import access
from bontrack.accounts.decorators import patient_required
from bontrack.patients import services


@patient_required
def home(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user)
    return render(request, "patients/portal_home.html", {"patient": patient})


@patient_required
def access_log(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user, action="read_access_log")
    entries = services.access_log_for_patient(patient=patient)
    return render(request, "patients/access_log.html", {"patient": patient, "entries": entries})
