"""Forms of the course and session pages, and where the injection map draws each site."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontrack.forms import StyledFormMixin
from bontrack.treatments.clinical_messages import muscle_label, row_label
from bontrack.treatments.models import Course, VialLot
from bontrack.treatments.sessions import CONTINUATION_RULE_NAMES, PlanRow, SessionDetails

PROTOCOL_LABELS = {
    "preempt": _("PREEMPT (fixed sites, 155 U at 31 sites)"),
    "preempt-follow-the-pain": _("PREEMPT follow-the-pain (up to 195 U at 39 sites)"),
}


# Where each PREEMPT site sits on the map: view, then (x, y) per site in a 200 × 240 box.
# Sites past the protocol's fixed count are the follow-the-pain extras. On the front view
# the patient's left is on the viewer's right; on the back view it is on the viewer's left.
_LEFT_TEMPLE = ((86, 78), (98, 64), (114, 62), (102, 80), (126, 76))
_LEFT_OCCIPUT = ((84, 112), (70, 102), (74, 124), (88, 94))
_LEFT_TRAPEZIUS = ((66, 190), (48, 199), (31, 209), (72, 204), (52, 214))


def _mirror(points: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    return tuple((200 - x, y) for x, y in points)


MAP_SITES: dict[tuple[str, str], tuple[str, tuple[tuple[int, int], ...]]] = {
    ("corrugator", "right"): ("front", ((88, 80),)),
    ("corrugator", "left"): ("front", ((112, 80),)),
    ("procerus", "midline"): ("front", ((100, 90),)),
    ("frontalis", "right"): ("front", ((86, 54), (68, 60))),
    ("frontalis", "left"): ("front", ((114, 54), (132, 60))),
    ("temporalis", "left"): ("left", _LEFT_TEMPLE),
    ("temporalis", "right"): ("right", _mirror(_LEFT_TEMPLE)),
    ("occipitalis", "left"): ("back", _LEFT_OCCIPUT),
    ("occipitalis", "right"): ("back", _mirror(_LEFT_OCCIPUT)),
    ("cervical_paraspinal", "left"): ("back", ((90, 150), (90, 166))),
    ("cervical_paraspinal", "right"): ("back", ((110, 150), (110, 166))),
    ("trapezius", "left"): ("back", _LEFT_TRAPEZIUS),
    ("trapezius", "right"): ("back", _mirror(_LEFT_TRAPEZIUS)),
}
VIEWS = (("front", _("Front")), ("left", _("Left side")), ("right", _("Right side")),
         ("back", _("Back")))


@dataclass(frozen=True)
class MapSite:
    key: str
    label: str
    index: int
    x: int
    y: int
    used: bool


def map_views(rows: Sequence[PlanRow]) -> list[dict[str, Any]]:
    """The four views of the map with the sites each row may use, the used ones first."""
    sites: dict[str, list[MapSite]] = {view: [] for view, _label in VIEWS}
    for row in rows:
        placed = MAP_SITES.get((row.muscle, row.side))
        if placed is None:
            continue
        view, points = placed
        for n, (x, y) in enumerate(points[: max(row.max_sites, row.sites)], start=1):
            sites[view].append(MapSite(row.key, row_label(row.muscle, row.side), n, x, y,
                                       n <= row.sites))
    return [{"id": view, "label": label, "sites": sites[view]} for view, label in VIEWS]


class CourseForm(StyledFormMixin, forms.Form):
    indication = forms.ChoiceField(
        label=_("Indication"), choices=Course.Indication.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose chronic migraine or a pain condition.")},
    )
    icd10 = forms.CharField(
        label=_("ICD-10 code of the pain condition"), required=False, max_length=10,
        help_text=_("Required for a pain condition, for example M79.1."),
    )
    protocol = forms.ChoiceField(label=_("Protocol"))
    planned_cycles = forms.IntegerField(
        label=_("Planned cycles"), min_value=1, max_value=40, initial=3,
        error_messages={"required": _("Enter the planned number of cycles (1–40)."),
                        "invalid": _("Enter the planned number of cycles as a whole number.")},
    )
    continuation_rules = forms.ChoiceField(
        label=_("Continuation rule set"),
        choices=[(name, name) for name in CONTINUATION_RULE_NAMES], initial="nkh-2018",
        help_text=_("The rule set the continue, pause or stop suggestion follows."),
    )
    started_on = forms.DateField(
        label=_("Start of the course"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Today, unless the course began earlier. Not a day in the future."),
        error_messages={"invalid": _("Enter the date, for example 2026-03-14.")},
    )

    def __init__(self, *args: Any, protocols: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["protocol"].choices = [  # type: ignore[attr-defined]
            (name, PROTOCOL_LABELS.get(name, name)) for name in protocols]
        today = timezone.localdate()
        self.fields["started_on"].initial = today
        self.fields["started_on"].widget.attrs["max"] = today.isoformat()


class SessionForm(StyledFormMixin, forms.Form):
    performed_on = forms.DateField(
        label=_("Date of the session"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the date, for example 2026-03-14."),
                        "invalid": _("Enter the date, for example 2026-03-14.")},
    )
    lot = forms.ModelChoiceField(
        label=_("Product and lot"), queryset=VialLot.objects.none(), required=False,
        empty_label=_("Choose a lot"),
        help_text=_("An expired lot cannot be used."),
        error_messages={"invalid_choice": _("Choose one of the clinic's lots.")},
    )
    units_per_ml = forms.DecimalField(
        label=_("Dilution (units per mL)"), min_value=Decimal("0.01"), max_digits=6,
        decimal_places=2, initial=50,
        help_text=_("200 U in 4 mL or 100 U in 2 mL saline is 50 U per mL."),
        error_messages={"required": _("Enter the dilution in units per mL.")},
    )
    local_anaesthetic = forms.BooleanField(label=_("Local anaesthetic mixed in"),
                                           required=False)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), required=False,
                                          min_value=0, max_value=600)
    observation_minutes = forms.IntegerField(label=_("Observation afterwards (minutes)"),
                                             required=False, min_value=0, max_value=600)
    observation_note = forms.CharField(label=_("How the patient was"), required=False,
                                       max_length=300)
    immediate_reactions = forms.CharField(label=_("Immediate reactions"), required=False,
                                          max_length=300)

    def __init__(self, *args: Any, rows: Sequence[PlanRow], lots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        self.fields["lot"].queryset = lots  # type: ignore[attr-defined]
        for row in self.rows:
            label = row_label(row.muscle, row.side)
            self.fields[f"sites_{row.key}"] = forms.IntegerField(
                label=gettext("%(row)s: sites") % {"row": label}, min_value=0, max_value=40,
                required=False, initial=row.sites,
                widget=forms.NumberInput(attrs={"class": "ds-input bt-map-input",
                                                "data-key": row.key, "data-kind": "sites"}),
            )
            self.fields[f"units_{row.key}"] = forms.IntegerField(
                label=gettext("%(row)s: units") % {"row": label}, min_value=0, max_value=1000,
                required=False, initial=row.units,
                widget=forms.NumberInput(attrs={"class": "ds-input bt-map-input",
                                                "data-key": row.key, "data-kind": "units",
                                                "data-muscle": row.muscle}),
            )

    def table(self) -> list[dict[str, Any]]:
        """The rows of the injection table: label, muscle, and the two fields."""
        return [{"row": row, "label": row_label(row.muscle, row.side),
                 "muscle": muscle_label(row.muscle),
                 "sites": self[f"sites_{row.key}"], "units": self[f"units_{row.key}"]}
                for row in self.rows]

    def injections(self) -> list[PlanRow]:
        data = self.cleaned_data
        return [PlanRow(row.muscle, row.side, data.get(f"sites_{row.key}") or 0,
                        data.get(f"units_{row.key}") or 0, row.max_sites) for row in self.rows]

    def submitted_rows(self) -> list[PlanRow]:
        """The rows as typed, for the map after a failed save (bad numbers count as 0)."""
        def number(name: str) -> int:
            try:
                return max(int(self.data.get(name, 0) or 0), 0)
            except (TypeError, ValueError):
                return 0
        return [PlanRow(row.muscle, row.side, number(f"sites_{row.key}"),
                        number(f"units_{row.key}"), row.max_sites) for row in self.rows]

    def details(self) -> SessionDetails:
        data = self.cleaned_data
        lot = data.get("lot")
        performed_on: dt.date = data["performed_on"]
        return SessionDetails(
            performed_on=performed_on, lot_id=lot.pk if lot else None,
            units_per_ml=data["units_per_ml"],
            local_anaesthetic=bool(data.get("local_anaesthetic")),
            duration_minutes=data.get("duration_minutes"),
            observation_minutes=data.get("observation_minutes"),
            observation_note=data.get("observation_note") or "",
            immediate_reactions=data.get("immediate_reactions") or "",
        )


class AddendumForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Addendum"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A correction or addition; the signed session itself does not change."),
        error_messages={"required": _("Write the addendum.")},
    )
