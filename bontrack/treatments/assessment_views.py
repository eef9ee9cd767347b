"""The clinician's assessment page: eligibility, applications and the outcome per cycle."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from bontrack.accounts import access, roles
from bontrack.accounts.decorators import physician_required, staff_required
from bontrack.accounts.models import Role
from bontrack.forms import StyledFormMixin
from bontrack.patients.diary import load_diary
from bontrack.patients.models import Patient
from bontrack.patients.overview import build_overview
from bontrack.reports.pdf import pdf_response, render_pdf
from bontrack.treatments import assessment
from bontrack.treatments.models import Application, Course, OutcomeDecision, Session


class _ItemForm(StyledFormMixin, forms.Form):
    """A form shown once per item on the page: ids carry the item, names stay plain."""

    def __init__(self, *args: Any, item: str, **kwargs: Any) -> None:
        super().__init__(*args, auto_id=f"id_{item}_%s", **kwargs)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"


class AnswerForm(_ItemForm):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[(Application.Answer.APPROVED, _("Approved")),
                 (Application.Answer.DENIED, _("Denied"))],
        widget=forms.RadioSelect,
    )
    answered_on = forms.DateField(
        label=_("Date of the answer"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)


class DecisionForm(_ItemForm):
    course = forms.IntegerField(widget=forms.HiddenInput)
    cycle = forms.TypedChoiceField(label=_("After cycle"), coerce=int)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=OutcomeDecision.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, cycles: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cycle"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(c, str(c)) for c in cycles]


def _is_patients_physician(user: Any, patient: Patient) -> bool:
    clinics = set(patient.enrolments.values_list("clinic_id", flat=True))
    return bool(roles.clinic_ids(user, Role.PHYSICIAN) & clinics)


def _page(
    request: HttpRequest,
    patient: Patient,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    bound_answer: tuple[int, AnswerForm] | None = None,
    bound_decision: tuple[int, DecisionForm] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    diary = load_diary(patient)
    evaluations = assessment.course_evaluations(patient=patient, today=today, diary=diary)
    treatment_dates = sorted(
        Session.objects.filter(patient=patient, state=Session.State.SIGNED)
        .values_list("performed_on", flat=True)
    )
    rows = assessment.preventives(patient=patient)
    applicant = assessment.applicant_role(request.user, patient)
    panel = assessment.eligibility_panel(
        patient=patient, applicant=applicant, today=today, diary=diary, rows=rows,
        physician=roles.is_physician(request.user),
    )
    applications = []
    for application in Application.objects.filter(patient=patient):
        form = AnswerForm(item=f"answer{application.pk}")
        if bound_answer and bound_answer[0] == application.pk:
            form = bound_answer[1]
        applications.append((application, form, assessment.labelled(application.criteria)))
    courses = []
    for evaluation in evaluations:
        cycles = [c.session.cycle for c in evaluation.cycles]
        decision_form = DecisionForm(
            item=f"course{evaluation.course.pk}", cycles=cycles,
            initial={"course": evaluation.course.pk, "cycle": cycles[-1] if cycles else None},
        )
        if bound_decision and bound_decision[0] == evaluation.course.pk:
            decision_form = bound_decision[1]
        courses.append((evaluation, decision_form))
    context = {
        "patient": patient,
        "overview": build_overview(
            patient=patient, today=today, treatment_dates=treatment_dates, with_charts=False
        ),
        "preventives": rows,
        "panel": panel,
        "applications": applications,
        "courses": courses,
        "can_decide": _is_patients_physician(request.user, patient),
        "treated": bool(treatment_dates),
        "errors": errors or {},
    }
    return render(request, "treatments/assessment_index.html", context, status=status)


@staff_required
def index(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id)
    return _page(request, patient)


@physician_required
@require_POST
def draft_application(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id, action="export")
    today = timezone.localdate()
    try:
        application = assessment.draft_application(
            user=request.user, patient=patient, rules=request.POST.get("rules", ""), today=today
        )
    except assessment.AssessmentInputError as problem:
        return _page(request, patient, status=400, errors=problem.errors)
    document = assessment.application_document(
        application=application, patient=patient, user=request.user, today=today
    )
    pdf = render_pdf(
        "treatments/application_pdf.html",
        {"doc": document, "made_at": timezone.localtime()},
        request=request,
    )
    return pdf_response(pdf, filename=f"bontrack-soknad-{application.pk}.pdf")


@physician_required
@require_POST
def record_answer(request: HttpRequest, patient_id: int, application_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id, action="update")
    form = AnswerForm(request.POST, item=f"answer{application_id}")
    if form.is_valid():
        try:
            assessment.record_answer(
                user=request.user, patient=patient, application_id=application_id,
                answer=form.cleaned_data["answer"],
                answered_on=form.cleaned_data["answered_on"],
                reference=form.cleaned_data["reference"], today=timezone.localdate(),
            )
            return redirect(_index_url(patient) + "#applications-heading")
        except assessment.AssessmentInputError as problem:
            for name, message in problem.errors.items():
                form.add_error(name if name in form.fields else None, message)
    return _page(request, patient, status=400, errors=_messages(form),
                 bound_answer=(application_id, form))


@physician_required
@require_POST
def record_decision(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id, action="update")
    course_id = _int(request.POST.get("course"))
    course = Course.objects.filter(pk=course_id, patient=patient).first() if course_id else None
    cycles = (
        list(course.sessions.filter(state=Session.State.SIGNED).values_list("cycle", flat=True))
        if course else []
    )
    form = DecisionForm(request.POST, item=f"course{course_id}", cycles=sorted(cycles))
    if course is None:
        form.add_error(None, _("Course: no such course for this patient."))
    elif form.is_valid():
        try:
            assessment.record_decision(
                user=request.user, patient=patient, course_id=course.pk,
                cycle=form.cleaned_data["cycle"], decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"], today=timezone.localdate(),
            )
            return redirect(_index_url(patient) + f"#course-{course.pk}")
        except assessment.AssessmentInputError as problem:
            for name, message in problem.errors.items():
                form.add_error(name if name in form.fields else None, message)
    return _page(request, patient, status=400, errors=_messages(form),
                 bound_decision=(course.pk, form) if course else None)


def _messages(form: forms.Form) -> dict[str, str]:
    """The form's errors for the summary at the top, each naming its field."""
    messages = {}
    for name, errors in form.errors.items():
        text = " ".join(str(e) for e in errors)
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        named = not label or text.startswith(f"{label}:")
        messages[name] = text if named else f"{label}: {text}"
    return messages


def _index_url(patient: Patient) -> str:
    return reverse("workspace:treatment_assessment:index", kwargs={"patient_id": patient.pk})


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
