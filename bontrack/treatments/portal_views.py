"""The patient's treatment pages in the portal (/portal/behandling/): follow-up forms after each
treatment and side-effect reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from bontrack.accounts import access
from bontrack.accounts.decorators import patient_required
from bontrack.forms import StyledFormMixin
from bontrack.treatments import followup, side_effects
from bontrack.treatments.models import FollowUp, SideEffectReport

DATE_MESSAGE = _("Enter the day as a date, for example 2026-03-14.")
YES_NO_UNSURE = [("yes", _("Yes")), ("no", _("No")), ("unsure", _("Not sure"))]
ANSWER = {"yes": True, "no": False}
AS_ANSWER = {True: "yes", False: "no"}


def _date_field(label: Any, *, required: bool, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_MESSAGE, "required": DATE_MESSAGE},
    )


class FollowUpForm(StyledFormMixin, forms.Form):
    effect_started = forms.ChoiceField(
        label=_("Have you noticed an effect of the treatment?"), choices=YES_NO_UNSURE,
        required=False, widget=forms.RadioSelect,
        help_text=_("Most people notice the effect after about a week."),
    )
    effect_started_on = _date_field(_("On what day did you notice the effect?"),
                                    required=False)
    effect_lasted = forms.IntegerField(
        label=_("How long did the effect last?"), required=False, min_value=0,
        help_text=_("Leave empty if it is still working. The effect usually lasts 10 to 12 "
                    "weeks."),
        error_messages={"invalid": _("Give a whole number, for example 10."),
                        "min_value": _("Give a whole number, 0 or more.")},
    )
    lasted_unit = forms.ChoiceField(
        label=_("Counted in"), choices=[("days", _("days")), ("hours", _("hours"))],
        initial="days", widget=forms.RadioSelect,
        error_messages={"required": _("Choose days or hours.")},
    )
    pain_came_back_gradually = forms.ChoiceField(
        label=_("If the pain came back, did it come back little by little?"),
        choices=[("yes", _("Yes, little by little")), ("no", _("No, suddenly")),
                 ("unsure", _("Not yet, or not sure"))],
        required=False, widget=forms.RadioSelect,
    )
    more_active = forms.ChoiceField(
        label=_("Have you been able to be more physically active?"), choices=YES_NO_UNSURE,
        required=False, widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything else you want your clinic to know?"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effect_started_on"].widget.attrs["max"] = today.isoformat()


class SideEffectForm(StyledFormMixin, forms.Form):
    session = forms.ChoiceField(label=_("After which treatment?"), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("What have you noticed?"), choices=side_effects.KINDS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that fit. Pain where the needle went in for 2 to 3 days is "
                    "common."),
        error_messages={"required": _("Tick at least one side effect."),
                        "invalid_choice": _("Choose side effects from the list.")},
    )
    where = forms.CharField(
        label=_("Where do you feel the muscle weakness?"), required=False, max_length=200,
        help_text=_("Only if you ticked muscle weakness, for example “my forehead”."),
    )
    other = forms.CharField(label=_("Describe the other side effect"), required=False,
                            max_length=300)
    onset_on = _date_field(_("On what day did it start?"), required=True)
    severity = forms.ChoiceField(
        label=_("How bad is it?"), choices=side_effects.SEVERITIES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how bad it is: mild, moderate or severe.")},
    )
    resolved = forms.ChoiceField(
        label=_("Is it over?"), choices=[("yes", _("Yes, it is over")),
                                         ("no", _("No, I still have it"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us whether it is over.")},
    )

    def __init__(self, *args: Any, today: dt.date, sessions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["onset_on"].widget.attrs["max"] = today.isoformat()
        self.fields["session"].choices = [  # type: ignore[attr-defined]
            ("", gettext("Not sure, or not after a treatment")),
            *[(str(s.pk), gettext("%(date)s (treatment %(cycle)s)") % {
                "date": s.performed_on.strftime("%d.%m.%Y"), "cycle": s.cycle})
              for s in sessions],
        ]


def _add_errors(form: forms.Form, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)


@patient_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    patient = access.own_patient(request.user)
    today = timezone.localdate()
    treatments = followup.my_treatments(patient=patient, by=request.user)
    return render(request, "treatments/portal_index.html", {
        "patient": patient, "today": today, "treatments": treatments,
        "reports": side_effects.my_reports(patient=patient, by=request.user),
    })


@patient_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    writing = request.method == "POST"
    patient = access.own_patient(request.user, action="write" if writing else "read")
    today = timezone.localdate()
    try:
        item = followup.get_follow_up(patient=patient, by=request.user,
                                      follow_up_id=follow_up_id)
    except FollowUp.DoesNotExist:
        raise Http404("no such follow-up") from None
    is_open = followup.is_open(item, today=today)
    if writing:
        form = FollowUpForm(request.POST, today=today)
        if form.is_valid():
            data = form.cleaned_data
            try:
                followup.answer_follow_up(
                    patient=patient, by=request.user, follow_up_id=item.pk,
                    effect_started=ANSWER.get(data["effect_started"]),
                    effect_started_on=data["effect_started_on"],
                    effect_lasted=data["effect_lasted"], lasted_unit=data["lasted_unit"],
                    pain_came_back_gradually=ANSWER.get(data["pain_came_back_gradually"]),
                    more_active=ANSWER.get(data["more_active"]), note=data["note"], today=today,
                )
            except followup.FollowUpInputError as exc:
                _add_errors(form, exc.errors)
            else:
                messages.success(request, gettext("Thank you. Your answers are saved."))
                return redirect("patients:treatment_portal:index")
    else:
        lasted = item.effect_lasted_hours if item.effect_lasted_hours is not None \
            else item.effect_lasted_days
        form = FollowUpForm(today=today, initial={
            "effect_started": AS_ANSWER.get(item.effect_started),  # type: ignore[arg-type]
            "effect_started_on": item.effect_started_on,
            "effect_lasted": lasted,
            "lasted_unit": "hours" if item.effect_lasted_hours is not None else "days",
            "pain_came_back_gradually":
                AS_ANSWER.get(item.pain_came_back_gradually),  # type: ignore[arg-type]
            "more_active": AS_ANSWER.get(item.more_active),  # type: ignore[arg-type]
            "note": item.note,
        })
    return render(request, "treatments/portal_follow_up.html", {
        "patient": patient, "item": item, "form": form, "is_open": is_open,
    }, status=400 if form.errors else 200)


@patient_required
@require_http_methods(["GET", "POST"])
def side_effect_new(request: HttpRequest) -> HttpResponse:
    writing = request.method == "POST"
    patient = access.own_patient(request.user, action="write" if writing else "read")
    today = timezone.localdate()
    sessions = side_effects.patient_sessions(patient=patient)
    initial = {"session": str(sessions[0].pk)} if sessions else {}
    form = SideEffectForm(request.POST if writing else None, initial=initial, today=today,
                          sessions=sessions)
    if writing and form.is_valid():
        data = form.cleaned_data
        try:
            report = side_effects.report_side_effect(
                patient=patient, by=request.user, kinds=data["kinds"], where=data["where"],
                other=data["other"], onset_on=data["onset_on"], severity=data["severity"],
                resolved=ANSWER.get(data["resolved"]),
                session_id=int(data["session"]) if data["session"] else None, today=today,
            )
        except side_effects.SideEffectInputError as exc:
            _add_errors(form, exc.errors)
        else:
            return redirect("patients:treatment_portal:side_effect", report_id=report.pk)
    return render(request, "treatments/portal_side_effect.html", {
        "patient": patient, "form": form,
    }, status=400 if form.errors else 200)


@patient_required
@require_GET
def side_effect_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    patient = access.own_patient(request.user)
    try:
        report = side_effects.get_own_report(patient=patient, by=request.user,
                                             report_id=report_id)
    except SideEffectReport.DoesNotExist:
        raise Http404("no such report") from None
    return render(request, "treatments/portal_side_effect_done.html", {
        "patient": patient, "report": report, "kinds": side_effects.describe(report),
        "severity": side_effects.severity_label(report.severity),
        "patient_language": patient.preferred_language or "nb",
    })
