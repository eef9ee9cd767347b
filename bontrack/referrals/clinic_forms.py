"""Forms of the clinic's referral desk: the decision, the first appointment, the list filters.

The forms only parse; whether a decision holds (a reason, a deadline for an accepted referral,
another clinic to forward to) is the service's to say, so its errors are shown on the fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from bontrack.accounts.models import Clinic
from bontrack.forms import StyledFormMixin
from bontrack.referrals.models import Complaint, Referral

DECISION_CHOICES = [
    ("accept", _("Accept: right to necessary specialist care, with a deadline")),
    ("no_right", _("No right to necessary specialist care")),
    ("return", _("Return to the referrer with a question")),
    ("decline", _("Decline")),
    ("forward", _("Forward to another clinic")),
]

# The service's messages, so that they reach the clinician in the page's language.
SERVICE_MESSAGES = (
    gettext_noop("give the reason (it is sent to the referrer)"),
    gettext_noop("an accepted referral needs a deadline"),
    gettext_noop("the deadline is before the referral was received"),
    gettext_noop("choose the other clinic to forward to"),
    gettext_noop("this referral has already been decided"),
    gettext_noop("only accepted referrals are booked"),
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    deadline = forms.DateField(
        label=_("Deadline for start of assessment or treatment"),
        required=False,
        widget=DateInput(),
        help_text=_("Filled in with the suggestion. Needed when you accept."),
    )
    forward_to = forms.ModelChoiceField(
        label=_("Forward to"),
        queryset=Clinic.objects.none(),
        required=False,
        empty_label=_("Choose a clinic"),
        help_text=_("Only when you forward the referral."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Always needed. The referrer reads it; with a question, write the question."),
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["forward_to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Clinic.objects.filter(is_active=True).exclude(id=referral.clinic_id or 0)

    def add_service_errors(self, errors: dict[str, str]) -> None:
        """Show what the service refused on the field it concerns."""
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, gettext(message))


class AppointmentForm(StyledFormMixin, forms.Form):
    referral = forms.IntegerField(widget=forms.HiddenInput)
    appointment_on = forms.DateField(label=_("First appointment"), required=False,
                                     widget=DateInput())


STATE_CHOICES = [
    ("", _("All")),
    ("missed", _("Deadline missed")),
    ("at_risk", _("At risk")),
    ("ok", _("Within the deadline")),
    ("met", _("Started in time")),
]
SORT_CHOICES = [("deadline", _("Deadline")), ("received", _("Received"))]


class WaitingListFilter(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("Status"), choices=STATE_CHOICES, required=False)
    complaint = forms.ChoiceField(
        label=_("Main complaint"),
        choices=[("", _("All")), *Complaint.choices],
        required=False,
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
