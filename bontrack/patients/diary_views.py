"""The patient's diary pages (/portal/dagbok/): today, any day, attacks, history, import, export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bontrack.accounts import access
from bontrack.accounts.decorators import patient_required
from bontrack.clinical import DiaryError
from bontrack.patients import diary
from bontrack.patients.diary_forms import DiaryDayForm, ImportForm
from bontrack.patients.diary_models import DiaryEntry, Medication

FIELD_LABELS = {
    "date": "date",
    "headache_hours": "headache_hours",
    "intensity": "intensity",
    "pain_nrs": "pain_nrs",
    "note": "note",
    "pain_areas": "pain_areas",
    "medications": "medications",
    "acute_meds": "medications",
}


def _parse_day(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _refuse_date(request: HttpRequest, raw: str, today: dt.date) -> HttpResponse | None:
    day = _parse_day(raw)
    if day is None:
        return render(
            request,
            "patients/diary_bad_date.html",
            {"reason": _("“%(raw)s” is not a date.") % {"raw": raw}},
            status=400,
        )
    if day > today:
        return render(
            request,
            "patients/diary_bad_date.html",
            {
                "reason": _("%(date)s is in the future. You can record today and earlier days.")
                % {"date": day.isoformat()}
            },
            status=400,
        )
    return None


@patient_required
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user)
    now = timezone.localdate()
    entry = DiaryEntry.objects.filter(patient=patient, date=now).first()
    return render(
        request,
        "patients/diary_today.html",
        {
            "patient": patient,
            "today": now,
            "entry": entry,
            "calendar": diary.calendar(patient, today=now),
            "missing": diary.missing_days(patient, today=now, days=14),
            "has_medications": Medication.objects.filter(patient=patient, active=True).exists(),
        },
    )


@patient_required
@require_http_methods(["GET", "POST"])
def day(request: HttpRequest, date: str) -> HttpResponse:
    now = timezone.localdate()
    refused = _refuse_date(request, date, now)
    if refused is not None:
        return refused
    the_day = dt.date.fromisoformat(date)
    patient = access.own_patient(
        request.user, action="read" if request.method == "GET" else "write"
    )
    entry = DiaryEntry.objects.filter(patient=patient, date=the_day).first()
    adding_attack = request.GET.get("anfall") == "1" or request.POST.get("mode") == "attack"
    if request.method == "POST":
        form = DiaryDayForm(request.POST, patient=patient)
        if form.is_valid():
            try:
                if adding_attack and entry is not None:
                    diary.add_attack(
                        user=request.user, patient=patient, attack=form.to_input(the_day)
                    )
                else:
                    diary.save_day(user=request.user, patient=patient, day=form.to_input(the_day))
            except diary.DiaryInputError as exc:
                for field, message in exc.errors.items():
                    form.add_error(
                        FIELD_LABELS.get(field) if field in form.fields else None, message
                    )
            else:
                messages.success(request, _("Saved %(date)s.") % {"date": the_day.isoformat()})
                return redirect("patients:diary:today")
        status = 400
    else:
        initial = {}
        if entry is not None and not adding_attack:
            initial = DiaryDayForm.initial_from(diary.day_input_from_entry(entry))
        form = DiaryDayForm(initial=initial, patient=patient)
        status = 200
    return render(
        request,
        "patients/diary_day.html",
        {
            "form": form,
            "day": the_day,
            "entry": entry,
            "adding_attack": adding_attack,
            "is_today": the_day == now,
        },
        status=status,
    )


@patient_required
@require_POST
def headache_free(request: HttpRequest, date: str) -> HttpResponse:
    now = timezone.localdate()
    refused = _refuse_date(request, date, now)
    if refused is not None:
        return refused
    patient = access.own_patient(request.user, action="write")
    the_day = dt.date.fromisoformat(date)
    diary.record_headache_free(user=request.user, patient=patient, date=the_day)
    messages.success(request, _("Saved: no headache on %(date)s.") % {"date": the_day.isoformat()})
    return redirect("patients:diary:today")


@patient_required
@require_GET
def day_history(request: HttpRequest, date: str) -> HttpResponse:
    patient = access.own_patient(request.user)
    the_day = _parse_day(date)
    entry = DiaryEntry.objects.filter(patient=patient, date=the_day).first() if the_day else None
    versions = diary.history(entry) if entry else []
    return render(
        request,
        "patients/diary_history.html",
        {"day": the_day, "entry": entry, "versions": versions},
    )


@patient_required
@require_http_methods(["GET", "POST"])
def import_csv(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user, action="read")
    line_errors: list[str] = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = diary.import_csv(
                user=request.user, patient=patient, text=form.cleaned_data["file"]
            )
        except DiaryError as exc:
            line_errors = exc.messages
        else:
            messages.success(
                request,
                _("Imported %(created)d new days and updated %(updated)d.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("patients:diary:today")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "patients/diary_import.html",
        {"form": form, "line_errors": line_errors},
        status=status,
    )


@patient_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user, action="export")
    text = diary.export_csv(user=request.user, patient=patient)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="dagbok-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
