"""Forms of the cost calculator and the self-check; neither stores anything."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bontrack.clinical.rules import IHS_DIARY_2026
from bontrack.directory.education import drugs_in_group, joined
from bontrack.directory.education_costs import MAX_UNITS, MIN_UNITS
from bontrack.directory.education_selfcheck import PREVENTIVE_GROUPS, Answers
from bontrack.forms import StyledFormMixin

MAX_DAYS = 31


class CostForm(StyledFormMixin, forms.Form):
    units = forms.IntegerField(
        label=_("Units per treatment"),
        min_value=MIN_UNITS,
        max_value=MAX_UNITS,
        error_messages={
            "required": _("Enter the number of units, for example 155."),
            "invalid": _("Enter the units as a whole number, for example 155."),
            "min_value": _("The units must be at least %(limit_value)s."),
            "max_value": _("The units can be at most %(limit_value)s."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        # Set here, in the request's language; the mixin saw no help text, so wire it up too.
        field.help_text = _("A whole number from %(min)s to %(max)s.") % {
            "min": MIN_UNITS,
            "max": MAX_UNITS,
        }
        field.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "aria-describedby": "id_units-help"}
        )


def _days(label: Any, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=MAX_DAYS,
        error_messages={
            "required": _("Enter a number of days from 0 to 31; 0 if none."),
            "invalid": _("Enter the days as a whole number from 0 to 31."),
            "min_value": _("The days cannot be fewer than 0."),
            "max_value": _("A month has at most 31 days."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def group_label(group: str) -> str:
    drugs = drugs_in_group(group)
    if group == "beta_blocker":
        return str(_("A beta blocker (%(drugs)s)") % {"drugs": joined(drugs, str(_("or")))})
    return str(joined(drugs, str(_("or")))).capitalize()


class SelfCheckForm(StyledFormMixin, forms.Form):
    headache_days = _days(
        _("On how many days a month do you have a headache?"),
        _("An estimate is fine."),
    )
    migraine_days = _days(
        _("On how many of these days does the headache have migraine features?"),
        _(
            "For example: the pain throbs, is on one side or gets worse when you move, and you "
            "feel sick or are bothered by light and sound."
        ),
    )
    duration = forms.ChoiceField(
        label=_("How long has it been like this?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long it has been like this.")},
    )
    preventives = forms.MultipleChoiceField(
        label=_(
            "Which preventive medicines have you tried without enough effect, or could not take?"
        ),
        help_text=_(
            "Preventive medicines are taken every day to get fewer attacks. Leave all boxes "
            "empty if you have tried none."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    acute_days = _days(
        _("On how many days a month do you take medicine for a headache attack?"),
        _("Painkillers, triptans and other medicines you take when the headache comes."),
    )
    strong_days = _days(
        _("On how many of these days do you take a triptan or a stronger medicine?"),
        _(
            "Triptans (such as sumatriptan or rizatriptan), ergotamine, codeine or other "
            "opioids, or painkillers that combine several substances."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        months = IHS_DIARY_2026.window_periods
        self.fields["duration"].choices = [  # type: ignore[attr-defined]
            ("short", _("%(months)s months or less") % {"months": months}),
            ("long", _("More than %(months)s months") % {"months": months}),
        ]
        self.fields["preventives"].choices = [  # type: ignore[attr-defined]
            (group, group_label(group)) for group in PREVENTIVE_GROUPS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        headache, migraine = data.get("headache_days"), data.get("migraine_days")
        if headache is not None and migraine is not None and migraine > headache:
            self.add_error(
                "migraine_days",
                _(
                    "The days with migraine features (%(migraine)s) cannot be more than the "
                    "headache days (%(headache)s)."
                )
                % {"migraine": migraine, "headache": headache},
            )
        acute, strong = data.get("acute_days"), data.get("strong_days")
        if acute is not None and strong is not None and strong > acute:
            self.add_error(
                "strong_days",
                _(
                    "The days with a triptan or a stronger medicine (%(strong)s) cannot be more "
                    "than the days with any medicine (%(acute)s)."
                )
                % {"strong": strong, "acute": acute},
            )
        return data

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            headache_days=data["headache_days"],
            migraine_days=data["migraine_days"],
            long_enough=data["duration"] == "long",
            preventives=frozenset(data["preventives"]),
            acute_days=data["acute_days"],
            strong_days=data["strong_days"],
        )
