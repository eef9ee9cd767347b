"""The patient's own medicine list (/portal/medisiner/)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bontrack.accounts import access, audit
from bontrack.accounts.decorators import patient_required
from bontrack.patients.diary_forms import MedicationForm
from bontrack.patients.diary_models import Medication


@patient_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user)
    form = MedicationForm(request.POST or None, initial={"kind": Medication.Kind.ACUTE})
    if request.method == "POST" and form.is_valid():
        medication = form.save(commit=False)
        medication.patient = patient
        medication.save()
        audit.record(actor=request.user, action="create", obj=medication, patient=patient)
        messages.success(request, _("%(name)s is on your list.") % {"name": medication.name})
        return redirect("patients:medication:index")
    medications = Medication.objects.filter(patient=patient).order_by("-active", "kind", "name")
    return render(
        request,
        "patients/medications.html",
        {"form": form, "medications": medications},
        status=400 if request.method == "POST" else 200,
    )


@patient_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, medication_id: int) -> HttpResponse:
    patient = access.own_patient(request.user)
    medication = Medication.objects.filter(patient=patient, pk=medication_id).first()
    if medication is None:
        raise Http404("no such medicine on your list")
    form = MedicationForm(request.POST or None, instance=medication)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(actor=request.user, action="update", obj=medication, patient=patient)
        messages.success(request, _("%(name)s is updated.") % {"name": medication.name})
        return redirect("patients:medication:index")
    return render(
        request,
        "patients/medication_edit.html",
        {"form": form, "medication": medication},
        status=400 if request.method == "POST" else 200,
    )
