"""Forms of the clinic calendar: the physician filter and the booking form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontrack.accounts import access
from bontrack.accounts.models import User
from bontrack.forms import StyledFormMixin
from bontrack.patients.models import Patient
from bontrack.treatments import scheduling
from bontrack.treatments.models import Appointment, Course


class PhysicianChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class PatientChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        born = f" ({obj.birth_date:%d.%m.%Y})" if obj.birth_date else ""
        return f"{obj.full_name}{born}"


class CourseChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.patient.full_name}: {obj.get_indication_display()}, {obj.started_on:%d.%m.%Y}"


class _ScopedForm(StyledFormMixin, forms.Form):
    def _choice(self, name: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field


class WeekFilter(_ScopedForm):
    """Which physician's week to show (all of them when empty)."""

    lege = PhysicianChoice(queryset=User.objects.none(), required=False, label=_("Physician"),
                           empty_label=_("All physicians"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("lege").queryset = scheduling.physicians_for(user)


class BookingForm(_ScopedForm):
    """One appointment: who, with whom, what kind, when (Oslo time) and how long."""

    patient = PatientChoice(queryset=Patient.objects.none(), label=_("Patient"))
    physician = PhysicianChoice(queryset=User.objects.none(), label=_("Physician"))
    kind = forms.ChoiceField(choices=Appointment.Kind.choices, label=_("Kind of appointment"),
                             initial=Appointment.Kind.TREATMENT)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Start time"),
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    minutes = forms.IntegerField(label=_("Length (minutes)"), initial=30,
                                 min_value=scheduling.MIN_MINUTES,
                                 max_value=scheduling.MAX_MINUTES)
    course = CourseChoice(queryset=Course.objects.none(), required=False,
                          label=_("Treatment course"), empty_label=_("No course"))

    def __init__(self, *args: Any, user: Any, patient: Patient | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("patient").queryset = access.patients_for(user).filter(
            enrolments__clinic_id__in=scheduling.calendar_clinic_ids(user)
        ).distinct()
        self._choice("physician").queryset = scheduling.physicians_for(user)
        self._choice("course").queryset = scheduling.courses_for(user, patient)

    def starts_at(self) -> dt.datetime:
        """The start as an aware datetime in the clinic's time zone (Europe/Oslo)."""
        naive = dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive, timezone.get_current_timezone())

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)
