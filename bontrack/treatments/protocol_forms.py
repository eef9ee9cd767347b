"""Forms of the clinic's protocol pages: name and description, and one form per row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontrack.forms import StyledFormMixin
from bontrack.treatments.clinical_messages import SIDES, muscle_label
from bontrack.treatments.protocols import (
    DESCRIPTION_MAX,
    MUSCLES,
    NAME_MAX,
    SIDE_VALUES,
    ProtocolLine,
)

BLANK_ROWS = 3
MAX_ROWS = len(MUSCLES) * len(SIDE_VALUES)


class ProtocolForm(StyledFormMixin, forms.Form):
    clinic = forms.TypedChoiceField(label=_("Clinic"), coerce=int, required=False)
    name = forms.CharField(
        label=_("Name"), max_length=NAME_MAX,
        help_text=_("Lower-case letters, digits and hyphens, for example neck-and-shoulders. "
                    "Courses refer to the protocol by this name."),
        error_messages={"required": _("Give the protocol a name, for example "
                                      "neck-and-shoulders.")},
    )
    description = forms.CharField(
        label=_("Description"), max_length=DESCRIPTION_MAX, required=False,
        help_text=_("What the protocol is for, for example neck pain after whiplash."),
    )

    def __init__(self, *args: Any, clinics: list[tuple[int, str]], in_use: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(clinics) > 1:
            field = self.fields["clinic"]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = clinics
            field.required = True
        else:
            del self.fields["clinic"]
        if in_use:
            name = self.fields["name"]
            name.widget.attrs["readonly"] = "readonly"
            name.help_text = " ".join((in_use, gettext(
                "It cannot be renamed; save the rows as a new protocol instead.")))


class LineForm(StyledFormMixin, forms.Form):
    muscle = forms.ChoiceField(
        label=_("Muscle"), required=False,
        choices=[("", _("Choose a muscle")), *((m, muscle_label(m)) for m in MUSCLES)],
    )
    side = forms.ChoiceField(
        label=_("Side"), required=False,
        choices=[("", _("Choose the side")), *((s, SIDES[s]) for s in SIDE_VALUES)],
    )
    sites = forms.IntegerField(
        label=_("Sites"), required=False, min_value=1, max_value=99,
        error_messages={"invalid": _("Sites: a whole number.")},
    )
    units_per_site = forms.IntegerField(
        label=_("Units per site"), required=False, min_value=1, max_value=9999,
        error_messages={"invalid": _("Units per site: a whole number.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank(data) or data.get("DELETE"):
            return data
        for name, text in (("muscle", _("Choose a muscle.")), ("side", _("Choose the side.")),
                           ("sites", _("Give the number of sites.")),
                           ("units_per_site", _("Give the units per site."))):
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, text)
        return data

    @staticmethod
    def is_blank(data: dict[str, Any]) -> bool:
        return all(data.get(k) in (None, "") for k in ("muscle", "side", "sites",
                                                        "units_per_site"))

    def line(self) -> ProtocolLine | None:
        """The row as the service takes it; None for a blank or removed row."""
        data = self.cleaned_data
        if self.is_blank(data) or data.get("DELETE"):
            return None
        return ProtocolLine(data["muscle"], data["side"], data["sites"], data["units_per_site"])


LineFormSet = formset_factory(LineForm, extra=0, can_delete=True, max_num=MAX_ROWS,
                              validate_max=True, absolute_max=MAX_ROWS)


def line_formset(
    data: Any = None, *, lines: list[dict[str, Any]] | None = None, blank: int = BLANK_ROWS
) -> Any:
    """Bound to the posted rows, or unbound with `lines` as initial rows and blank ones after."""
    if data is not None:
        return LineFormSet(data, prefix="rows")
    rows = list(lines or [])
    room = max(0, MAX_ROWS - len(rows))
    return formset_factory(LineForm, extra=min(blank, room), can_delete=True, max_num=MAX_ROWS,
                           absolute_max=MAX_ROWS)(initial=rows, prefix="rows")


def posted_rows(data: Any) -> list[dict[str, Any]]:
    """The rows as typed, unchecked, for showing them again with more blank rows."""
    try:
        total = min(int(data.get("rows-TOTAL_FORMS", 0)), MAX_ROWS)
    except (TypeError, ValueError):
        total = 0
    rows = []
    for n in range(total):
        row = {k: data.get(f"rows-{n}-{k}", "") for k in ("muscle", "side", "sites",
                                                           "units_per_site")}
        if any(str(v).strip() for v in row.values()) and not data.get(f"rows-{n}-DELETE"):
            rows.append(row)
    return rows
