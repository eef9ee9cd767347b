"""Where the injection points go, drawn for the public: three simple views of the head and
shoulders with one dot per PREEMPT site (dashed rings for the follow-the-pain extras).

The outlines and the dot positions follow the session recorder's injection map
(treatments/session_map.html), in the same 200 × 240 box; the counts come from the protocol
through bontrack.directory.education.areas, so the picture changes with the protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bontrack.directory.education import Area

Point = tuple[int, int]

_FOREHEAD: tuple[Point, ...] = (
    (88, 80),
    (112, 80),
    (100, 90),
    (86, 54),
    (114, 54),
    (68, 60),
    (132, 60),
)
_LEFT_TEMPLE: tuple[Point, ...] = ((86, 78), (98, 64), (114, 62), (102, 80), (126, 76))
_LEFT_OCCIPUT: tuple[Point, ...] = ((84, 112), (70, 102), (74, 124), (88, 94))
_LEFT_NECK: tuple[Point, ...] = ((90, 150), (90, 166))
_LEFT_TRAPEZIUS: tuple[Point, ...] = ((66, 190), (48, 199), (31, 209), (72, 204), (52, 214))

# Area → (view, points for one side or the whole area, drawn on both sides?).
_PLACES: dict[str, tuple[str, tuple[Point, ...], bool]] = {
    "forehead": ("front", _FOREHEAD, False),
    "temples": ("side", _LEFT_TEMPLE, False),
    "back of the head": ("back", _LEFT_OCCIPUT, True),
    "neck": ("back", _LEFT_NECK, True),
    "upper back and shoulders": ("back", _LEFT_TRAPEZIUS, True),
}
VIEW_ORDER = ("front", "side", "back")


@dataclass(frozen=True)
class Dot:
    x: int
    y: int
    extra: bool


@dataclass
class View:
    id: str
    label: str
    description: str
    dots: list[Dot]


def _mirror(points: Sequence[Point]) -> list[Point]:
    return [(200 - x, y) for x, y in points]


def _dots(points: Sequence[Point], fixed: int, most: int) -> list[Dot]:
    return [Dot(x, y, i >= fixed) for i, (x, y) in enumerate(points[:most])]


def views(areas: Sequence[Area]) -> list[View]:
    """The three views with their dots and a sentence each for screen readers."""
    dots: dict[str, list[Dot]] = {view: [] for view in VIEW_ORDER}
    said: dict[str, list[str]] = {view: [] for view in VIEW_ORDER}
    for area in areas:
        view, points, both_sides = _PLACES[area.key]
        if view == "side" or both_sides:
            # Bilateral areas: half the sites on each side.
            fixed, most = area.sites // 2, area.max_sites // 2
        else:
            fixed, most = area.sites, area.max_sites
        dots[view] += _dots(points, fixed, most)
        if both_sides:
            dots[view] += _dots(_mirror(points), fixed, most)
        count = area.sites // 2 if view == "side" else area.sites
        said[view].append(
            ngettext(
                "%(area)s: %(count)s injection point",
                "%(area)s: %(count)s injection points",
                count,
            )
            % {"area": area.label, "count": count}
        )
    labels = {
        "front": _("From the front"),
        "side": _("From the left side"),
        "back": _("From behind"),
    }
    result = []
    for view in VIEW_ORDER:
        text = "; ".join(said[view])
        if view == "side":
            text += ". " + _("The right side is the same.")
        result.append(View(view, labels[view], f"{labels[view]}. {text}", dots[view]))
    return result
