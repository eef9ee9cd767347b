"""The clinic calendar under /klinikk/kalender/ and the patient's own times under /portal/timer/.

Views parse the request and call bontrack.treatments.scheduling, which owns the rules (the
12-week limit, no double booking, who may see which appointment) and the audit.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from bontrack.accounts import access
from bontrack.accounts.decorators import patient_required, role_required
from bontrack.patients.models import Patient
from bontrack.treatments import scheduling
from bontrack.treatments.calendar_forms import BookingForm, WeekFilter
from bontrack.treatments.ics import appointment_ics, ics_filename
from bontrack.treatments.models import Appointment, Course

calendar_staff_required = role_required("coordinator", "physician")


def _week_url(day: dt.date, physician_id: int | None = None) -> str:
    query = {"uke": scheduling.week_label(day)}
    if physician_id:
        query["lege"] = str(physician_id)
    return reverse("workspace:treatment_calendar:week") + "?" + urlencode(query)


@calendar_staff_required
def week(request: HttpRequest) -> HttpResponse:
    filters = WeekFilter(request.GET or None, user=request.user)
    physician = filters.cleaned_data["lege"] if filters.is_valid() else None
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    text = request.GET.get("uke", "").strip()
    if text:
        try:
            monday = scheduling.parse_week(text)
        except ValueError:
            messages.error(request, gettext("Week: write it as year-W and week number, "
                                            "e.g. 2026-W48; showing this week."))
    shown = scheduling.week(user=request.user, monday=monday, physician=physician)
    physician_id = physician.pk if physician else None
    return render(request, "treatments/calendar_week.html", {
        "week": shown,
        "filters": filters,
        "today": today,
        "previous_url": _week_url(monday - dt.timedelta(days=7), physician_id),
        "next_url": _week_url(monday + dt.timedelta(days=7), physician_id),
        "this_week_url": _week_url(today, physician_id),
    })


def _patient_from(request: HttpRequest, value: str | None) -> Patient | None:
    if not value:
        return None
    return access.get_patient(request.user, value, action="read")


def _preselected_physician(request: HttpRequest, patient: Patient | None,
                           course: Course | None) -> int | None:
    """Who the booking form starts with (it can be changed): a physician books with
    themselves; anyone else gets the physician in ?lege= (the link from a signed session
    gives its physician), else the one who treated the patient last."""
    physicians = scheduling.physicians_for(request.user)
    if physicians.filter(pk=int(request.user.pk or 0)).exists():
        return int(request.user.pk or 0)
    wanted = request.GET.get("lege", "").strip()
    if wanted.isdigit() and physicians.filter(pk=int(wanted)).exists():
        return int(wanted)
    last = scheduling.last_signed_session(patient=patient, course=course) if patient else None
    if last is not None and physicians.filter(pk=last.physician_id).exists():
        return int(last.physician_id)
    return None


@calendar_staff_required
def book(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    patient = _patient_from(request, (data or request.GET).get("pasient")
                            if data is None else data.get("patient"))
    course = scheduling.courses_for(request.user, patient).first() if patient else None
    proposal = scheduling.treatment_proposal(patient=patient, course=course) if patient else None
    initial: dict[str, object] = {"kind": Appointment.Kind.TREATMENT, "minutes": 30}
    if patient is not None:
        initial["patient"] = patient.pk
    if course is not None:
        initial["course"] = course.pk
    physician = _preselected_physician(request, patient, course)
    if physician is not None:
        initial["physician"] = physician
    try:
        initial["date"] = dt.date.fromisoformat(request.GET.get("dato", ""))
    except ValueError:
        if proposal is not None:
            initial["date"] = proposal.proposed
    form = BookingForm(data, user=request.user, patient=patient, initial=initial)
    if data is not None and form.is_valid():
        try:
            appointment = scheduling.book(
                user=request.user,
                patient=form.cleaned_data["patient"],
                physician=form.cleaned_data["physician"],
                kind=form.cleaned_data["kind"],
                starts_at=form.starts_at(),
                minutes=form.cleaned_data["minutes"],
                course=form.cleaned_data["course"],
            )
        except scheduling.BookingError as exc:
            form.add_service_errors(exc.errors)
        else:
            local = timezone.localtime(appointment.starts_at)
            messages.success(request, gettext("Booked: %(kind)s for %(name)s on %(when)s.") % {
                "kind": appointment.get_kind_display(),
                "name": appointment.patient.full_name,
                "when": f"{local:%d.%m.%Y %H:%M}",
            })
            return redirect(_week_url(local.date(), appointment.physician_id))
    return render(request, "treatments/calendar_book.html", {
        "form": form, "patient": patient, "proposal": proposal, "course": course,
    })


@require_POST
@calendar_staff_required
def cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    try:
        appointment = scheduling.cancel(user=request.user, appointment_id=appointment_id)
    except scheduling.BookingError as exc:
        messages.error(request, " ".join(exc.errors.values()))
        return redirect("workspace:treatment_calendar:week")
    local = timezone.localtime(appointment.starts_at)
    messages.success(request, gettext("Cancelled: %(name)s on %(when)s.") % {
        "name": appointment.patient.full_name, "when": f"{local:%d.%m.%Y %H:%M}"})
    return redirect(_week_url(local.date()))


def _ics_response(appointment: Appointment) -> HttpResponse:
    response = HttpResponse(appointment_ics(appointment),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(appointment)}"'
    return response


@calendar_staff_required
def staff_ics(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _ics_response(scheduling.appointment_for(request.user, appointment_id))


@patient_required
def portal_list(request: HttpRequest) -> HttpResponse:
    appointments = scheduling.own_appointments(user=request.user)
    return render(request, "treatments/calendar_portal.html", {"appointments": appointments})


@patient_required
def portal_ics(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _ics_response(scheduling.own_appointment(user=request.user,
                                                    appointment_id=appointment_id))
