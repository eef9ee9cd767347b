"""The patient's reminder settings (/portal/paminnelser/): diary and questionnaire reminders."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from bontrack.accounts import access
from bontrack.accounts.decorators import patient_required
from bontrack.forms import StyledFormMixin
from bontrack.patients import reminders
from bontrack.patients.diary_models import Reminder
from bontrack.patients.models import Patient

TIME_MESSAGE = _("Enter a time from 00:00 to 23:59, for example 20:00.")


class ReminderForm(StyledFormMixin, forms.Form):
    diary_on = forms.BooleanField(
        label=_("Remind me every day to fill in my diary"), required=False,
    )
    time_of_day = forms.TimeField(
        label=_("Time of day"), input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Norwegian time."),
        error_messages={"invalid": TIME_MESSAGE, "required": TIME_MESSAGE},
    )
    channel = forms.ChoiceField(
        label=_("Send reminders by"), choices=Reminder.Channel.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose e-mail or text message."),
                        "invalid_choice": _("Choose e-mail or text message.")},
    )
    questionnaires_on = forms.BooleanField(
        label=_("Remind me when it is time to fill in MIDAS (every 3 months)"), required=False,
    )

    def __init__(self, *args: Any, patient: Patient, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.patient = patient
        channel = self.fields["channel"]
        if patient.phone:
            channel.help_text = gettext("Text messages go to %(phone)s, the number on your "
                                        "patient record.") % {"phone": patient.phone}
        else:
            channel.help_text = gettext("Text messages need a mobile number on your patient "
                                        "record; your clinic can add it.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wanted = data.get("diary_on") or data.get("questionnaires_on")
        if wanted and data.get("channel"):
            problem = reminders.check_channel(patient=self.patient, channel=data["channel"])
            if problem:
                self.add_error("channel", problem)
        return data


@patient_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    writing = request.method == "POST"
    patient = access.own_patient(request.user, action="write" if writing else "read")
    current = reminders.settings_for(patient=patient)
    if writing:
        form = ReminderForm(request.POST, patient=patient)
        if form.is_valid():
            try:
                reminders.save_settings(patient=patient, by=request.user, **form.cleaned_data)
            except reminders.ReminderInputError as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, gettext("Your reminder settings are saved."))
                return redirect("patients:reminder:index")
    else:
        form = ReminderForm(initial=current.__dict__, patient=patient)
    return render(request, "patients/reminder_index.html", {
        "patient": patient, "form": form, "current": current,
        "deliveries": reminders.recent_deliveries(patient=patient),
    }, status=400 if form.errors else 200)
