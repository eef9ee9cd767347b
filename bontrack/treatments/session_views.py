"""Treatment courses and the session recorder in the clinic workspace
(/klinikk/pasienter/<id>/behandling/). Physicians record and sign; coordinators read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from bontrack.accounts import access, roles
from bontrack.accounts.decorators import physician_required, staff_required
from bontrack.patients.models import Patient
from bontrack.treatments import courses as course_service
from bontrack.treatments import sessions
from bontrack.treatments.clinical_messages import muscle_label, row_label
from bontrack.treatments.models import Course, Session
from bontrack.treatments.session_forms import AddendumForm, CourseForm, SessionForm, map_views

TEMPLATE_RECORD = "treatments/session_record.html"
TEMPLATE_DETAIL = "treatments/session_detail.html"


def _clinic_id(request: HttpRequest, patient: Patient) -> int:
    clinic_id = access.clinic_for_access(request.user, patient)
    if clinic_id is None:
        raise Http404("no clinic")
    return clinic_id


def _course(patient: Patient, course_id: int) -> Course:
    try:
        return course_service.get_course(patient=patient, course_id=course_id)
    except Course.DoesNotExist:
        raise Http404("no such course") from None


def _session(request: HttpRequest, patient: Patient, session_id: int) -> Session:
    try:
        return sessions.get_session(patient=patient, session_id=session_id, by=request.user)
    except Session.DoesNotExist:
        raise Http404("no such session") from None


@staff_required
def index(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id)
    courses = course_service.list_courses(patient=patient, by=request.user,
                                    clinic_id=access.clinic_for_access(request.user, patient))
    return render(request, "treatments/course_list.html", {
        "patient": patient,
        "courses": [{"course": c, "sessions": list(c.sessions.all()),
                     "draft": sessions.open_draft(course=c),
                     "next_cycle": sessions.next_cycle(course=c)} for c in courses],
        "is_physician": roles.is_physician(request.user),
    })


@physician_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    writing = request.method == "POST"
    patient = access.get_patient(request.user, patient_id, action="write" if writing else "read")
    clinic_id = _clinic_id(request, patient)
    form = CourseForm(request.POST if writing else None,
                      protocols=sessions.protocol_names(clinic_id=clinic_id))
    if writing and form.is_valid():
        data = form.cleaned_data
        try:
            course_service.create_course(
                patient=patient, clinic_id=clinic_id, by=request.user,
                indication=data["indication"], icd10=data["icd10"], protocol=data["protocol"],
                planned_cycles=data["planned_cycles"],
                continuation_rules=data["continuation_rules"], started_on=data["started_on"])
        except sessions.SessionInputError as exc:
            for name, message in exc.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, gettext("The course is started."))
            return redirect("workspace:treatment_session:index", patient_id=patient.pk)
    return render(request, "treatments/course_form.html", {"patient": patient, "form": form},
                  status=400 if form.errors else 200)


def _recorder(
    request: HttpRequest, *, patient: Patient, course: Course, form: SessionForm,
    session: Session | None, review: sessions.SessionReview | None, status: int = 200,
    sign_error: str = "",
) -> HttpResponse:
    rows = form.submitted_rows() if form.is_bound else form.rows
    muscle_totals, total_units, total_sites = sessions.summarise(rows)
    return render(request, TEMPLATE_RECORD, {
        "patient": patient, "course": course, "session": session, "form": form,
        "cycle": session.cycle if session else sessions.next_cycle(course=course),
        "views": map_views(rows),
        "muscle_totals": [{"muscle": t.muscle, "label": muscle_label(t.muscle), "units": t.units,
                           "sites": t.sites} for t in muscle_totals],
        "total_units": total_units, "total_sites": total_sites,
        "review": review, "sign_error": sign_error,
    }, status=status)


def _save(request: HttpRequest, form: SessionForm, course: Course,
          session: Session | None) -> Session | None:
    if not form.is_valid():
        return None
    try:
        return sessions.save_session(course=course, by=request.user, details=form.details(),
                                     injections=form.injections(), session=session)
    except sessions.SessionInputError as exc:
        for name, message in exc.errors.items():
            form.add_error(name if name in form.fields else None, message)
    return None


@physician_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, patient_id: int, course_id: int) -> HttpResponse:
    writing = request.method == "POST"
    patient = access.get_patient(request.user, patient_id, action="write" if writing else "read")
    course = _course(patient, course_id)
    draft = sessions.open_draft(course=course)
    if draft is not None:
        return redirect("workspace:treatment_session:session", patient_id=patient.pk,
                        session_id=draft.pk)
    lots = sessions.lots_for(clinic_id=course.clinic_id)
    rows = sessions.plan_rows(course=course)
    form = SessionForm(request.POST if writing else None, rows=rows, lots=lots,
                       initial={"performed_on": timezone.localdate(), "units_per_ml": 50})
    if writing:
        saved = _save(request, form, course, None)
        if saved is not None:
            messages.success(request, gettext("The session is saved as a draft. Check it and "
                                              "sign it."))
            return redirect("workspace:treatment_session:session", patient_id=patient.pk,
                            session_id=saved.pk)
    return _recorder(request, patient=patient, course=course, form=form, session=None,
                     review=None, status=400 if form.errors else 200)


def _stored_form(session: Session, rows: list[sessions.PlanRow], data: Any = None) -> SessionForm:
    return SessionForm(data, rows=rows, lots=sessions.lots_for(clinic_id=session.clinic_id),
                       initial={
                           "performed_on": session.performed_on, "lot": session.lot_id,
                           "units_per_ml": session.units_per_ml,
                           "local_anaesthetic": session.local_anaesthetic,
                           "duration_minutes": session.duration_minutes,
                           "observation_minutes": session.observation_minutes,
                           "observation_note": session.observation_note,
                           "immediate_reactions": session.immediate_reactions})


def _detail(request: HttpRequest, patient: Patient, session: Session,
            status: int = 200, addendum_form: AddendumForm | None = None) -> HttpResponse:
    review = sessions.review_session(session=session)
    return render(request, TEMPLATE_DETAIL, {
        "patient": patient, "course": session.course, "session": session, "review": review,
        "rows": [{"row": r, "label": row_label(r.muscle, r.side)} for r in review.rows
                 if r.units or r.sites],
        "muscle_totals": [{"label": muscle_label(t.muscle), "units": t.units, "sites": t.sites}
                          for t in review.muscle_totals if t.units or t.sites],
        "addenda": list(session.addenda.select_related("by")),
        "addendum_form": addendum_form or AddendumForm(),
        "is_physician": roles.is_physician(request.user),
    }, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def session_page(request: HttpRequest, patient_id: int, session_id: int) -> HttpResponse:
    writing = request.method == "POST"
    if writing and not roles.is_physician(request.user):
        raise PermissionDenied
    patient = access.get_patient(request.user, patient_id, action="write" if writing else "read")
    session = _session(request, patient, session_id)
    if session.is_signed:
        if writing:
            messages.error(request, str(sessions.SessionLocked().errors["session"]))
            return _detail(request, patient, session, status=409)
        return _detail(request, patient, session)
    if not roles.is_physician(request.user):
        return _detail(request, patient, session)
    course = session.course
    rows = sessions.stored_rows(session=session, course=course)
    form = _stored_form(session, rows, request.POST if writing else None)
    if writing:
        saved = _save(request, form, course, session)
        if saved is not None and request.POST.get("action") == "sign":
            return _sign(request, patient, saved)
        if saved is not None:
            messages.success(request, gettext("The draft is saved."))
            return redirect("workspace:treatment_session:session", patient_id=patient.pk,
                            session_id=saved.pk)
    return _recorder(request, patient=patient, course=course, form=form, session=session,
                     review=sessions.review_session(session=session),
                     status=400 if form.errors else 200)


def _sign(request: HttpRequest, patient: Patient, session: Session) -> HttpResponse:
    try:
        sessions.sign_session(session=session, by=request.user)
    except sessions.SessionInputError as exc:
        course = session.course
        rows = sessions.stored_rows(session=session, course=course)
        return _recorder(request, patient=patient, course=course,
                         form=_stored_form(session, rows), session=session,
                         review=sessions.review_session(session=session), status=400,
                         sign_error="; ".join(exc.errors.values()))
    messages.success(request, gettext("The session is signed."))
    return redirect("workspace:treatment_session:session", patient_id=patient.pk,
                    session_id=session.pk)


@physician_required
@require_POST
def session_addendum(request: HttpRequest, patient_id: int, session_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id, action="write")
    session = _session(request, patient, session_id)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            sessions.add_addendum(session=session, by=request.user,
                                  text=form.cleaned_data["text"])
        except sessions.SessionInputError as exc:
            form.add_error("text", exc.errors.get("text", str(exc)))
        else:
            messages.success(request, gettext("The addendum is added."))
            return redirect("workspace:treatment_session:session", patient_id=patient.pk,
                            session_id=session.pk)
    return _detail(request, patient, session, status=400, addendum_form=form)
