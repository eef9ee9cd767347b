"""The clinic admin's profile form: the listing's texts, one row per treatment, one per weekday.

The forms only read what was typed (a number, a time); what may be stored is decided by
bontrack.directory.profiles.check_input, whose messages are put back on these fields.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontrack.directory import profiles
from bontrack.directory.models import Listing, Offering, Treatment
from bontrack.directory.profile_public import OfferingRow, hours_by_day, offering_rows
from bontrack.forms import StyledFormMixin

TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
NUMBER = re.compile(r"^[−-]?\d+$")


class _RowStyle:
    """Designsystemet classes and described-by links for prefixed row forms (StyledFormMixin
    names its ids without the prefix)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if getattr(widget, "input_type", None) != "checkbox":
                widget.attrs.setdefault("class", "ds-input")

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.mark_errors()

    def mark_errors(self) -> None:
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                _mark_invalid(self[name])  # type: ignore[index]


def _mark_invalid(bound: Any) -> None:
    attrs = bound.field.widget.attrs
    attrs["aria-invalid"] = "true"
    error_id = f"{bound.auto_id}-error"
    described = attrs.get("aria-describedby", "")
    if error_id not in described.split():
        attrs["aria-describedby"] = f"{described} {error_id}".strip()


def parse_whole_number(text: str) -> int | None:
    """A whole number as people type it ("3 500", "3500", "−1"); None when empty."""
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not cleaned:
        return None
    if not NUMBER.match(cleaned):
        raise ValueError(text)
    return int(cleaned.replace("−", "-"))


def parse_time(text: str) -> str:
    """ "8:00", "08.00" or "08:00" as "08:00"; "" when empty."""
    text = text.strip()
    if not text:
        return ""
    match = TIME.match(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(text)
    return f"{int(match[1]):02d}:{match[2]}"


class ProfileForm(StyledFormMixin, forms.Form):
    description = forms.CharField(
        label=_("Description in Norwegian"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the clinic offers and how a first visit goes. No staff names."),
    )
    description_en = forms.CharField(
        label=_("Description in English (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown when the visitor reads the site in English."),
    )
    staff_roles = forms.CharField(
        label=_("Staff roles"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One role per line, for example Neurologist or Nurse. No names."),
    )
    blue_prescription = forms.BooleanField(
        label=_("Blue prescription can apply"),
        required=False,
        help_text=_("Patients who meet the criteria can have the drug reimbursed."),
    )
    street_address = forms.CharField(label=_("Street address"), max_length=200)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={"min_length": _("A postcode has four digits.")},
    )
    where_to_meet = forms.CharField(
        label=_("Where to meet"),
        required=False,
        max_length=300,
        help_text=_("Building, floor and entrance, as a visitor needs them."),
    )
    parking = forms.CharField(label=_("Parking"), required=False, max_length=300)
    public_transport = forms.CharField(label=_("Public transport"), required=False, max_length=300)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def clean_postcode(self) -> str:
        code: str = self.cleaned_data["postcode"].strip()
        if not code.isdigit():
            raise forms.ValidationError(gettext("A postcode has four digits."))
        return code

    def roles(self) -> tuple[str, ...]:
        text: str = self.cleaned_data.get("staff_roles", "")
        return tuple(line.strip() for line in text.splitlines() if line.strip())

    @staticmethod
    def initial_for(listing: Listing) -> dict[str, Any]:
        values = {name: getattr(listing, name) for name in profiles.TEXT_FIELDS}
        values.update(
            staff_roles="\n".join(listing.staff_roles or []),
            blue_prescription=listing.blue_prescription,
            postcode=listing.postcode_id,
        )
        return values


class OfferingForm(_RowStyle, forms.Form):
    offered = forms.BooleanField(label=_("Offered"), required=False)
    price_from = forms.CharField(
        label=_("Price from (NOK)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    wait_weeks = forms.CharField(
        label=_("Waiting time (weeks)"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(
        self, *args: Any, treatment: str, offering: Offering | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", f"offering-{treatment}")
        super().__init__(*args, **kwargs)
        self.treatment = treatment
        self.label = profiles.treatment_label(treatment)
        self.offering = offering
        # What the public page shows now: the dates and whether they are stale.
        self.current: OfferingRow | None = None

    def _number(self, name: str, what: str, unit: str) -> int | None:
        text = self.cleaned_data.get(name, "") or ""
        try:
            return parse_whole_number(text)
        except ValueError:
            raise forms.ValidationError(
                gettext("%(treatment)s, %(what)s: “%(text)s” is not a whole number of %(unit)s.")
                % {"treatment": self.label, "what": what, "text": text, "unit": unit}
            ) from None

    def clean_price_from(self) -> int | None:
        return self._number("price_from", gettext("price from"), gettext("kroner"))

    def clean_wait_weeks(self) -> int | None:
        return self._number("wait_weeks", gettext("waiting time"), gettext("weeks"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = data.get("price_from") is not None or data.get("wait_weeks") is not None
        if given and not data.get("offered"):
            self.add_error(
                "offered",
                gettext("%(treatment)s: tick “Offered” to show its price and wait, or clear them.")
                % {"treatment": self.label},
            )
        return data

    def row(self) -> profiles.OfferingInput:
        data = self.cleaned_data
        return profiles.OfferingInput(
            treatment=self.treatment,
            offered=bool(data.get("offered")),
            price_from=data.get("price_from"),
            wait_weeks=data.get("wait_weeks"),
            note=data.get("note", ""),
        )

    @staticmethod
    def initial_for(offering: Offering | None) -> dict[str, Any]:
        if offering is None:
            return {"offered": False}
        return {
            "offered": True,
            "price_from": "" if offering.price_from is None else str(offering.price_from),
            "wait_weeks": "" if offering.wait_weeks is None else str(offering.wait_weeks),
            "note": offering.note,
        }


class HoursForm(_RowStyle, forms.Form):
    opens = forms.CharField(
        label=_("Opens"),
        required=False,
        max_length=5,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    closes = forms.CharField(
        label=_("Closes"),
        required=False,
        max_length=5,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    closed = forms.BooleanField(label=_("Closed"), required=False)

    def __init__(self, *args: Any, day: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"hours-{day}")
        super().__init__(*args, **kwargs)
        self.day = day
        self.day_name = str(WEEKDAYS[day]).capitalize()

    def _time(self, name: str) -> str:
        text = self.cleaned_data.get(name, "") or ""
        try:
            return parse_time(text)
        except ValueError:
            raise forms.ValidationError(
                gettext("%(day)s: “%(text)s” is not a time of day; write it as 08:00.")
                % {"day": self.day_name, "text": text}
            ) from None

    def clean_opens(self) -> str:
        return self._time("opens")

    def clean_closes(self) -> str:
        return self._time("closes")

    def row(self) -> profiles.DayHours:
        data = self.cleaned_data
        if data.get("closed"):
            return profiles.DayHours(self.day)
        return profiles.DayHours(self.day, data.get("opens", ""), data.get("closes", ""))

    @staticmethod
    def initial_for(hours: dict[int, tuple[str, str]], day: int) -> dict[str, Any]:
        if day not in hours:
            return {"closed": True}
        return {"opens": hours[day][0], "closes": hours[day][1], "closed": False}


class ProfileForms:
    """The whole page's forms, bound to a POST or filled from the listing."""

    def __init__(self, listing: Listing, data: Any = None) -> None:
        offerings = {o.treatment: o for o in listing.offerings.all()}
        hours = hours_by_day(listing)
        if data is None:
            self.profile = ProfileForm(initial=ProfileForm.initial_for(listing))
        else:
            self.profile = ProfileForm(data)
        self.offerings = [
            OfferingForm(
                data,
                treatment=value,
                offering=offerings.get(value),
                initial=OfferingForm.initial_for(offerings.get(value)),
            )
            for value in Treatment.values
        ]
        shown = {row.treatment: row for row in offering_rows(listing, timezone.localdate())}
        for form in self.offerings:
            form.current = shown.get(form.treatment)
        self.hours = [
            HoursForm(data, day=day, initial=HoursForm.initial_for(hours, day)) for day in range(7)
        ]

    def all(self) -> list[forms.Form]:
        return [self.profile, *self.offerings, *self.hours]

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.all()])

    def cleaned(self) -> profiles.ProfileInput:
        data = self.profile.cleaned_data
        return profiles.ProfileInput(
            description=data["description"],
            description_en=data["description_en"],
            staff_roles=self.profile.roles(),
            blue_prescription=data["blue_prescription"],
            street_address=data["street_address"],
            postcode=data["postcode"],
            where_to_meet=data["where_to_meet"],
            parking=data["parking"],
            public_transport=data["public_transport"],
            phone=data["phone"],
            email=data["email"],
            website=data["website"],
            opening_hours=tuple(form.row() for form in self.hours),
            offerings=tuple(form.row() for form in self.offerings),
        )

    def add_errors(self, errors: dict[str, str]) -> None:
        """Put the service's messages on the fields they are about."""
        by_prefix: dict[str | None, forms.Form] = {form.prefix: form for form in self.all()}
        for key, message in errors.items():
            prefix, _sep, name = key.rpartition("-")
            form = by_prefix.get(prefix or None)
            if form is None or name not in form.fields:
                form, name = self.profile, None  # type: ignore[assignment]
            form.add_error(name, message)
            if name is not None:
                _mark_invalid(form[name])

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) for every problem on the page, in the page's order."""
        found: list[tuple[str, str]] = []
        for form in self.all():
            for error in form.non_field_errors():
                found.append(("profile-form", str(error)))
            for bound in form:
                for error in bound.errors:
                    message = str(error)
                    if form is self.profile:
                        message = f"{bound.label}: {message}"
                    found.append((bound.auto_id, message))
        return found
