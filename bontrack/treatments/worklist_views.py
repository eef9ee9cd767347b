"""The clinic's worklist (/klinikk/arbeidsliste/) and marking a red flag handled."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from bontrack.accounts.decorators import role_required
from bontrack.accounts.models import Role
from bontrack.treatments import side_effects, worklist
from bontrack.treatments.models import SideEffectReport

carer_required = role_required(Role.COORDINATOR, Role.PHYSICIAN)


class HandledForm(forms.Form):
    note = forms.CharField(label=_("What was done"), required=False,
                           max_length=side_effects.NOTE_MAX_LENGTH)


@carer_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    work = worklist.build_worklist(user=request.user)
    red_flags = [
        (report, side_effects.describe(report),
         side_effects.severity_label(report.severity))
        for report in work.red_flags
    ]
    return render(request, "treatments/worklist.html", {
        "work": work, "red_flags": red_flags,
    })


@carer_required
@require_POST
def mark_handled(request: HttpRequest, report_id: int) -> HttpResponse:
    form = HandledForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("What was done: keep the note to %(max)s characters "
                                        "or fewer.") % {"max": side_effects.NOTE_MAX_LENGTH})
        return redirect("workspace:treatment_worklist:index")
    try:
        report = side_effects.mark_handled(user=request.user, report_id=report_id,
                                           note=form.cleaned_data["note"])
    except SideEffectReport.DoesNotExist:
        raise Http404("no such report") from None
    messages.success(request, gettext("The report from %(name)s is marked as handled.") % {
        "name": report.patient.full_name})
    return redirect("workspace:treatment_worklist:index")
