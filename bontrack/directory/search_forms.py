"""The directory's filter form: reads the query string and gives SearchParams, or messages
that say which field is wrong and why."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontrack.directory.models import Postcode, Treatment
from bontrack.directory.search import COUNTIES, SearchParams, Sort
from bontrack.forms import StyledFormMixin

MAX_PRICE = 100_000
MAX_WAIT = 260
RATING_CHOICES = [
    ("", _("Any rating")),
    ("2", _("2 stars or more")),
    ("3", _("3 stars or more")),
    ("3.5", _("3.5 stars or more")),
    ("4", _("4 stars or more")),
    ("4.5", _("4.5 stars or more")),
]
SORT_CHOICES = [
    (Sort.NAME, _("Name (A–Å)")),
    (Sort.PRICE, _("Lowest price first")),
    (Sort.WAIT, _("Shortest wait first")),
    (Sort.RATING, _("Highest rating first")),
    (Sort.DISTANCE, _("Nearest first")),
]
CHOICE_MESSAGES = {
    "treatment": _(
        "Treatment: “%(value)s” is not a treatment we list. Choose one from the list."
    ),
    "county": _("County: “%(value)s” is not a Norwegian county. Choose one from the list."),
    "place": _("Town: no clinic is listed in “%(value)s”. Choose a town from the list."),
    "min_rating": _(
        "Lowest rating: “%(value)s” is not one of the choices (from 2 to 4.5 stars)."
    ),
    "sort": _("Sort by: “%(value)s” is not a way to sort. Choose one from the list."),
}
# The order the fields appear in a canonical query string (and the cache key).
FIELD_ORDER = (
    "treatment",
    "county",
    "place",
    "max_price",
    "max_wait",
    "min_rating",
    "postcode",
    "sort",
    "page",
)


class FastSelect(forms.Select):
    """A <select> written out in Python. Django renders each <option> through a template,
    which costs more than the whole search once a list has a few hundred towns."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            "<option value=\"{}\"{}>{}</option>",
            (
                (key, SELECTED if str(key) == chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


SELECTED = mark_safe(" selected")


def _whole_number(raw: str, *, low: int, high: int, message: str) -> int | None:
    text = raw.replace(" ", "").replace("\u00a0", "")
    if text == "":
        return None
    if not re.fullmatch(r"\d+", text) or not low <= int(text) <= high:
        raise forms.ValidationError(message, code="invalid")
    return int(text)


class SearchForm(StyledFormMixin, forms.Form):
    treatment = forms.ChoiceField(
        label=_("Treatment"),
        required=False,
        choices=[("", _("All treatments")), *Treatment.choices],
        widget=FastSelect,
    )
    county = forms.ChoiceField(
        label=_("County"),
        required=False,
        choices=[("", _("All counties")), *((county, county) for county in COUNTIES)],
        widget=FastSelect,
    )
    place = forms.ChoiceField(label=_("Town"), required=False, widget=FastSelect)
    max_price = forms.CharField(
        label=_("Highest price (NOK)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    max_wait = forms.CharField(
        label=_("Longest wait (weeks)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    min_rating = forms.ChoiceField(
        label=_("Lowest rating"), required=False, choices=RATING_CHOICES, widget=FastSelect
    )
    postcode = forms.CharField(
        label=_("Your postcode"),
        help_text=_("Four digits. Shows how far away each clinic is."),
        required=False,
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": "6"}
        ),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=SORT_CHOICES, widget=FastSelect
    )
    page = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, places: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [  # type: ignore[attr-defined]
            ("", _("All towns")),
            *((place, place) for place in places or []),
        ]
        for name, message in CHOICE_MESSAGES.items():
            self.fields[name].error_messages["invalid_choice"] = message

    def clean_max_price(self) -> int | None:
        raw = self.cleaned_data.get("max_price") or ""
        return _whole_number(
            raw,
            low=0,
            high=MAX_PRICE,
            message=gettext(
                "Highest price must be a whole number of kroner from 0 to 100 000; "
                "“%(value)s” is not."
            )
            % {"value": raw},
        )

    def clean_max_wait(self) -> int | None:
        raw = self.cleaned_data.get("max_wait") or ""
        return _whole_number(
            raw,
            low=0,
            high=MAX_WAIT,
            message=gettext(
                "Longest wait must be a whole number of weeks from 0 to 260; “%(value)s” is not."
            )
            % {"value": raw},
        )

    def clean_min_rating(self) -> float | None:
        raw = self.cleaned_data.get("min_rating") or ""
        return float(raw) if raw else None

    def clean_page(self) -> int:
        raw = (self.cleaned_data.get("page") or "").strip()
        if raw == "":
            return 1
        if not raw.isdigit() or int(raw) < 1 or len(raw) > 6:
            raise forms.ValidationError(
                gettext("Page must be a whole number from 1; “%(value)s” is not.")
                % {"value": raw},
                code="invalid",
            )
        return int(raw)

    def clean_postcode(self) -> Postcode | None:
        raw = (self.cleaned_data.get("postcode") or "").strip()
        code = raw.replace(" ", "")
        if code == "":
            return None
        if not re.fullmatch(r"\d{4}", code):
            raise forms.ValidationError(
                gettext(
                    "Your postcode must be four digits, like 0150; “%(value)s” is not a postcode."
                )
                % {"value": raw},
                code="invalid",
            )
        found = Postcode.objects.filter(pk=code).first()
        if found is None:
            raise forms.ValidationError(
                gettext(
                    "Postcode %(code)s is not a Norwegian postcode we know. Check the number, "
                    "or give the postcode of the nearest town."
                )
                % {"code": code},
                code="unknown",
            )
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wants_distance = data.get("sort") == Sort.DISTANCE
        if wants_distance and "postcode" not in self.errors and data.get("postcode") is None:
            self.add_error(
                "postcode", gettext("To sort by distance, give your postcode (four digits).")
            )
        return data

    def params(self) -> SearchParams:
        """The validated search; call after is_valid() returned True."""
        data = self.cleaned_data
        return SearchParams(
            treatment=data.get("treatment") or "",
            county=data.get("county") or "",
            place=data.get("place") or "",
            max_price=data.get("max_price"),
            max_wait=data.get("max_wait"),
            min_rating=data.get("min_rating"),
            origin=data.get("postcode"),
            sort=data.get("sort") or Sort.NAME,
            page=data.get("page") or 1,
        )

    def query_without_page(self) -> str:
        """The query string of the current search minus the page, for the pager's links."""
        pairs = [
            (name, str(self.data.get(name, "")).strip())
            for name in FIELD_ORDER
            if name != "page" and str(self.data.get(name, "")).strip()
        ]
        return urlencode(pairs)
