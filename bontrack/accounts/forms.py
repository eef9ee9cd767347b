from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from bontrack.accounts.labels import ACTION_LABELS
from bontrack.forms import StyledFormMixin
from bontrack.patients.models import allow_synthetic_ids
from bontrack.patients.nin import InvalidNationalId, parse_national_id


class EmailLoginForm(StyledFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is wrong. After five wrong attempts the "
            "account is locked for 15 minutes."
        ),
        "inactive": _("This account is not active."),
    }


class TokenForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code has six digits and nothing else."))
        return token


class BreakGlassForm(StyledFormMixin, forms.Form):
    national_id = forms.CharField(label=_("National identity number"), max_length=20)
    reason = forms.CharField(
        label=_("Why do you need access now?"),
        min_length=15,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At least 15 characters. The reason is logged and shown to the patient."),
    )

    def clean_national_id(self) -> str:
        raw = "".join(str(self.cleaned_data.get("national_id") or "").split())
        try:
            parse_national_id(raw, allow_synthetic=allow_synthetic_ids())
        except InvalidNationalId as exc:
            raise forms.ValidationError(
                _("Not a valid national identity number: %(why)s."), params={"why": str(exc)}
            ) from None
        return raw


class PatientSearchForm(StyledFormMixin, forms.Form):
    national_id = forms.CharField(
        label=_("Find a patient by national identity number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    clean_national_id = BreakGlassForm.clean_national_id


class AuditSearchForm(StyledFormMixin, forms.Form):
    national_id = forms.CharField(
        label=_("Patient's national identity number"), required=False, max_length=20
    )
    actor = forms.EmailField(label=_("User's e-mail"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All"))] + [(code, label) for code, label in ACTION_LABELS.items()],
    )
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_national_id(self) -> str:
        raw = "".join(str(self.cleaned_data.get("national_id") or "").split())
        if raw:
            try:
                parse_national_id(raw, allow_synthetic=allow_synthetic_ids())
            except InvalidNationalId as exc:
                raise forms.ValidationError(
                    _("Not a valid national identity number: %(why)s."), params={"why": str(exc)}
                ) from None
        return raw

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The from date is after the to date."))
        return data
