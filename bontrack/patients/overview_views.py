"""My overview and the visit summary PDF: for the patient in the portal and for clinic staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from bontrack.accounts import access
from bontrack.accounts.decorators import patient_required, staff_required
from bontrack.patients.models import Patient
from bontrack.patients.overview import Overview, build_overview, chart_image
from bontrack.reports.charts import CHART_KEYS
from bontrack.reports.pdf import pdf_response, render_pdf
from bontrack.treatments.patient_summary import patient_summary


def _treatment_dates(patient: Patient) -> list[dt.date]:
    """Dates of the patient's signed treatment sessions: markers in the charts."""
    from bontrack.treatments.models import Session

    return list(
        Session.objects.filter(patient=patient, state=Session.State.SIGNED)
        .order_by("performed_on")
        .values_list("performed_on", flat=True)
    )


def _context(
    overview: Overview, *, for_patient: bool, pdf_url: str, chart_base: str = ""
) -> dict[str, Any]:
    return {
        "chart_base": chart_base,
        "overview": overview,
        "patient": overview.patient,
        "for_patient": for_patient,
        "pdf_url": pdf_url,
        "made_at": timezone.localtime(),
    }


def _pdf(request: HttpRequest, patient: Patient, *, for_patient: bool) -> HttpResponse:
    overview = build_overview(
        patient=patient, today=timezone.localdate(), treatment_dates=_treatment_dates(patient)
    )
    pdf = render_pdf(
        "reports/visit_summary.html",
        _context(overview, for_patient=for_patient, pdf_url=""),
        request=request,
    )
    return pdf_response(pdf, filename=f"bontrack-sammendrag-{overview.today.isoformat()}.pdf")


def _chart_response(patient: Patient, name: str) -> HttpResponse:
    key, _, variant = name.partition("-")
    if key not in CHART_KEYS or variant not in ("", "kompakt"):
        raise Http404("no such chart")
    svg = chart_image(
        patient=patient,
        key=key,
        compact=variant == "kompakt",
        treatment_dates=_treatment_dates(patient),
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # The page links each chart with a version of the diary in its URL, so a cached copy is
    # never stale; private: it is health data.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@patient_required
def overview(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user)
    # Charts load as images of their own: the page itself stays fast even on a cold cache.
    data = build_overview(
        patient=patient,
        today=timezone.localdate(),
        with_charts=False,
        treatment_dates=_treatment_dates(patient),
    )
    return render(
        request,
        "patients/overview.html",
        _context(
            data,
            for_patient=True,
            pdf_url=reverse("patients:overview:pdf"),
            chart_base=reverse("patients:overview:index") + "graf/",
        ),
    )


@patient_required
def summary_pdf(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user, action="export")
    return _pdf(request, patient, for_patient=True)


@patient_required
def overview_chart(request: HttpRequest, name: str) -> HttpResponse:
    patient = access.own_patient(request.user, action="read_chart")
    return _chart_response(patient, name)


@staff_required
def clinic_overview_chart(request: HttpRequest, patient_id: int, name: str) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id, action="read_chart")
    return _chart_response(patient, name)


@staff_required
def clinic_overview(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id)
    data = build_overview(
        patient=patient,
        today=timezone.localdate(),
        with_charts=False,
        treatment_dates=_treatment_dates(patient),
    )
    pdf_url = reverse("workspace:clinic_overview:pdf", kwargs={"patient_id": patient.pk})
    context = _context(
        data,
        for_patient=False,
        pdf_url=pdf_url,
        chart_base=reverse("workspace:clinic_overview:index", kwargs={"patient_id": patient.pk})
        + "graf/",
    )
    # Referrals, questionnaires, courses, sessions, follow-ups and outcomes: clinicians only.
    context["summary"] = patient_summary(patient=patient, user=request.user, today=data.today)
    return render(request, "patients/overview.html", context)


@staff_required
def clinic_summary_pdf(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id, action="export")
    return _pdf(request, patient, for_patient=False)
