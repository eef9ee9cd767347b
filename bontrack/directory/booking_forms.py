"""Forms of booking requests: the public request form, and the clinic's accept and decline."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontrack.accounts.models import User
from bontrack.directory import bookings
from bontrack.directory.models import BookingRequest, Listing
from bontrack.forms import StyledFormMixin
from bontrack.treatments import scheduling
from bontrack.treatments.models import Appointment

_PHONE_PUNCTUATION = re.compile(r"[\s\-./()]")
TOO_LONG = {"max_length": _("At most %(limit_value)d characters; this has %(show_value)d.")}
PHONE_HELP = _("Optional. 8 digits for a Norwegian number, or + and the country code.")


def clean_phone(raw: str) -> str:
    """A Norwegian number (8 digits, first 2–9, optionally +47/0047) or an international one
    (+ or 00, then 7–15 digits), without spaces; ValidationError with the reason otherwise."""
    text = _PHONE_PUNCTUATION.sub("", raw.strip())
    if not text:
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("+47") and len(text) == 11:
        text = text[3:]
    if re.fullmatch(r"[2-9]\d{7}", text):
        return text
    if re.fullmatch(r"\+[1-9]\d{6,14}", text) and not text.startswith("+47"):
        return text
    raise forms.ValidationError(_(
        "Write a Norwegian number with 8 digits, or an international number starting with + "
        "and the country code."
    ))


class BookingRequestForm(StyledFormMixin, forms.Form):
    """What anyone may ask a clinic for: who, how to reach them, what and when."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The receipt and the clinic's answer are sent here."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                            help_text=PHONE_HELP)
    treatment = forms.ChoiceField(label=_("Treatment"), choices=())
    preferred_times = forms.CharField(
        label=_("When would suit you?"),
        max_length=300,
        required=False,
        error_messages=TOO_LONG,
        help_text=_("Optional, at most 300 characters. For example: weekday mornings, not in "
                    "July."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    has_referral = forms.ChoiceField(
        label=_("Do you have a referral?"),
        choices=BookingRequest.Referral.choices,
        widget=forms.RadioSelect,
        help_text=_("Public clinics need a referral from your GP; private clinics often do "
                    "not."),
    )
    message = forms.CharField(
        label=_("Message to the clinic"),
        max_length=2000,
        required=False,
        error_messages=TOO_LONG,
        help_text=_("Optional, at most 2000 characters. Only the clinic reads it."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        label=_("I agree that bontrack stores this request and passes it on to the clinic."),
        help_text=_("The clinic uses it to answer you. You can withdraw the request until the "
                    "clinic has answered."),
        error_messages={"required": _("Tick the box so that we may store the request.")},
    )

    def __init__(self, *args: Any, listing: Listing, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        treatments = bookings.offered_treatments(listing)
        field = self.fields["treatment"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = treatments if len(treatments) == 1 else [
            ("", _("Choose a treatment")), *treatments]
        self.fields["consent"].short_name = _("Consent")  # type: ignore[attr-defined]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone") or "")

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("name") or "").split())

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)


class PhysicianChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class AcceptForm(StyledFormMixin, forms.Form):
    """The identity the coordinator has confirmed with the requester, and the appointment."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    national_id = forms.CharField(
        label=_("National identity number"),
        max_length=14,
        required=False,
        help_text=_("Fødselsnummer or D-number, 11 digits. Finds the record when the patient "
                    "is already your clinic's patient; otherwise a new record is made."),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("Needed when there is no identity number. Without a number a new patient "
                    "record is always made, even if your clinic has a patient with this name "
                    "and date of birth."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                            help_text=PHONE_HELP)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Phone and e-mail go only into a new record; an existing record is left "
                    "as it is."),
    )
    physician = PhysicianChoice(queryset=User.objects.none(), label=_("Physician"))
    kind = forms.ChoiceField(choices=Appointment.Kind.choices, label=_("Kind of appointment"),
                             initial=Appointment.Kind.FIRST_VISIT)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Start time"),
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    minutes = forms.IntegerField(label=_("Length (minutes)"), initial=45,
                                 min_value=scheduling.MIN_MINUTES,
                                 max_value=scheduling.MAX_MINUTES)
    note = forms.CharField(
        label=_("Message to the requester (optional)"),
        max_length=500,
        required=False,
        help_text=_("Shown on the requester's status page, for example what to bring. Write "
                    "no health details."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, booking: BookingRequest, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "full_name": booking.name, "phone": booking.phone, "email": booking.email,
            "kind": Appointment.Kind.FIRST_VISIT, "minutes": 45,
        })
        super().__init__(*args, **kwargs)
        field = self.fields["physician"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = bookings.physicians_at(booking.listing.clinic_id)

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone") or "")

    def clean_national_id(self) -> str:
        return "".join(str(self.cleaned_data.get("national_id") or "").split())

    def identity(self) -> bookings.Identity:
        data = self.cleaned_data
        return bookings.Identity(
            full_name=data["full_name"], national_id=data["national_id"],
            birth_date=data["birth_date"], phone=data["phone"], email=data["email"] or "",
        )

    def starts_at(self) -> dt.datetime:
        """The start as an aware datetime in the clinic's time zone (Europe/Oslo)."""
        naive = dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive, timezone.get_current_timezone())

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)


class DeclineForm(StyledFormMixin, forms.Form):
    """Why the clinic cannot help; its field names differ from AcceptForm's (one page)."""

    reason = forms.CharField(
        label=_("Message to the requester"),
        max_length=500,
        help_text=_("Shown on the requester's status page; the e-mail only says that the "
                    "clinic has answered. Say why, and where they might turn instead. Write no "
                    "health details."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)
