"""The self-management plan: the patient ticks goals off (/portal/mal/); clinic staff set them
(/klinikk/pasienter/<id>/mal/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from bontrack.accounts import access
from bontrack.accounts.decorators import patient_required, staff_required
from bontrack.forms import StyledFormMixin
from bontrack.patients import goals
from bontrack.patients.diary_models import SelfManagementGoal

DATE_MESSAGE = _("Enter the day as a date, for example 2026-03-14.")


class DayForm(StyledFormMixin, forms.Form):
    """Which day to tick goals off for: today or an earlier day."""

    date = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_MESSAGE, "required": DATE_MESSAGE},
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        try:
            goals.check_day(day, today=self.today)
        except goals.GoalInputError as exc:
            raise forms.ValidationError(exc.errors["date"]) from None
        return day


class TickForm(DayForm):
    done = forms.TypedMultipleChoiceField(
        label=_("What did you do?"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, plan: list[goals.GoalDay], day: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].widget = forms.HiddenInput()
        field = self.fields["done"]
        field.label = (
            gettext("What did you do today?") if day == self.today
            else gettext("What did you do on %(date)s?") % {"date": day.isoformat()}
        )
        field.choices = [  # type: ignore[attr-defined]
            (str(item.goal.pk), gettext("%(text)s (%(kind)s; done %(n)s of the last 7 days)") % {
                "text": item.goal.text, "kind": item.goal.get_kind_display(),
                "n": item.recent_days,
            })
            for item in plan
        ]
        field.initial = [str(item.goal.pk) for item in plan if item.done]


@patient_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.method == "POST":
        patient = access.own_patient(request.user, action="write")
        day_form = DayForm(request.POST, today=today)
    else:
        patient = access.own_patient(request.user)
        day_form = DayForm(request.GET if "date" in request.GET else None,
                           initial={"date": today}, today=today)
    day = day_form.cleaned_data["date"] if day_form.is_valid() else today
    plan = goals.day_plan(patient=patient, day=day)
    if request.method == "POST" and day_form.is_valid():
        form = TickForm(request.POST, plan=plan, day=day, today=today)
        if form.is_valid():
            try:
                goals.set_day(patient=patient, by=request.user, day=day,
                              done_goal_ids=form.cleaned_data["done"], today=today)
            except goals.GoalInputError as exc:
                for message in exc.errors.values():
                    form.add_error(None, message)
            else:
                messages.success(request, gettext("Saved for %(date)s.") % {
                    "date": day.isoformat()})
                return redirect(f"{reverse('patients:goal:index')}?date={day.isoformat()}")
    else:
        form = TickForm(initial={"date": day}, plan=plan, day=day, today=today)
    failed = bool(day_form.errors or form.errors)
    return render(request, "patients/goal_index.html", {
        "patient": patient, "day": day, "today": today, "day_form": day_form, "form": form,
        "plan": plan,
    }, status=400 if failed else 200)


class GoalForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of goal"), choices=SelfManagementGoal.Kind.choices,
        error_messages={"required": _("Choose one of the kinds of goal."),
                        "invalid_choice": _("Choose one of the kinds of goal.")},
    )
    text = forms.CharField(
        label=_("What the patient is to do"), max_length=goals.TEXT_MAX_LENGTH,
        help_text=_("In the patient's words, for example “A 20-minute walk after work”."),
        error_messages={"required": _("Write what the patient is to do.")},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def clinic_index(request: HttpRequest, patient_id: int) -> HttpResponse:
    writing = request.method == "POST"
    patient = access.get_patient(request.user, patient_id, action="write" if writing else "read")
    form = GoalForm(request.POST if writing else None)
    if writing and form.is_valid():
        try:
            goals.add_goal(patient=patient, by=request.user, kind=form.cleaned_data["kind"],
                           text=form.cleaned_data["text"])
        except goals.GoalInputError as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, gettext("The goal is added to the plan."))
            return redirect("workspace:clinic_goal:index", patient_id=patient.pk)
    today = timezone.localdate()
    every_goal = goals.all_goals(patient=patient)
    recent = goals.recent_ticks(goals=every_goal, until=today)
    return render(request, "patients/goal_clinic.html", {
        "patient": patient, "form": form,
        "goals": [(goal, recent[goal.pk]) for goal in every_goal],
    }, status=400 if form.errors else 200)


@staff_required
@require_POST
def clinic_deactivate(request: HttpRequest, patient_id: int, goal_id: int) -> HttpResponse:
    patient = access.get_patient(request.user, patient_id, action="write")
    try:
        goal = goals.deactivate_goal(patient=patient, by=request.user, goal_id=goal_id)
    except SelfManagementGoal.DoesNotExist:
        raise Http404("no such goal") from None
    messages.success(request, gettext("“%(text)s” is no longer in the active plan.") % {
        "text": goal.text})
    return redirect("workspace:clinic_goal:index", patient_id=patient.pk)
