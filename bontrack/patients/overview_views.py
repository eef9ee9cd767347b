"""My overview and the visit summary PDF: for the patient in the portal and for clinic staff."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from bontrack.accounts import access
from bontrack.accounts.decorators import patient_required, staff_required
from bontrack.patients.models import Patient
from bontrack.patients.overview import Overview, build_overview
from bontrack.reports.pdf import pdf_response, render_pdf


def _context(overview: Overview, *, for_patient: bool, pdf_url: str) -> dict[str, Any]:
    return {
        "overview": overview,
        "patient": overview.patient,
        "for_patient": for_patient,
        "pdf_url": pdf_url,
        "made_at": timezone.localtime(),
    }


def _pdf(request: HttpRequest, patient: Patient, *, for_patient: bool) -> HttpResponse:
    overview = build_overview(patient=patient, today=timezone.localdate())
    pdf = render_pdf(
        "reports/visit_summary.html",
        _context(overview, for_patient=for_patient, pdf_url=""),
        request=request,
    )
    return pdf_response(pdf, filename=f"bontrack-sammendrag-{overview.today.isoformat()}.pdf")


@patient_required
def overview(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user)
    data = build_overview(patient=patient, today=timezone.localdate())
    return render(
        request,
        "patients/overview.html",
        _context(data, for_patient=True, pdf_url=reverse("patients:overview:pdf")),
    )


@patient_required
def summary_pdf(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user, action="export")
    return _pdf(request, patient, for_patient=True)


@staff_required
def clinic_overview(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id)
    data = build_overview(patient=patient, today=timezone.localdate())
    pdf_url = reverse("workspace:clinic_overview:pdf", kwargs={"patient_id": patient.pk})
    return render(
        request, "patients/overview.html", _context(data, for_patient=False, pdf_url=pdf_url)
    )


@staff_required
def clinic_summary_pdf(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id, action="export")
    return _pdf(request, patient, for_patient=False)
