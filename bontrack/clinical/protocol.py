"""Injection protocols as data: PREEMPT fixed, PREEMPT follow-the-pain and custom protocols."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

Kind = Literal["preempt", "custom"]
Side = Literal["left", "right", "midline", "bilateral"]


@dataclass(frozen=True, slots=True)
class MuscleDose:
    """Units and sites for one muscle or area; bilateral doses are the sum of both sides."""

    muscle: str
    units: int
    sites: int
    max_units: int
    max_sites: int
    bilateral: bool

    def to_dict(self) -> dict[str, Any]:
        """The muscle entry as `protocol show --json` spells it."""
        return {
            "muscle": self.muscle,
            "units": self.units,
            "sites": self.sites,
            "max_units": self.max_units,
            "max_sites": self.max_sites,
            "bilateral": self.bilateral,
        }


@dataclass(frozen=True, slots=True)
class Protocol:
    """A named injection protocol; Botox is dosed in units, never mg."""

    name: str
    units_per_site: int
    muscles: tuple[MuscleDose, ...]
    kind: Kind = "custom"
    description: str = ""

    @property
    def total_units(self) -> int:
        """Units of the standard dose."""
        return sum(m.units for m in self.muscles)

    @property
    def total_sites(self) -> int:
        """Injection sites of the standard dose."""
        return sum(m.sites for m in self.muscles)

    @property
    def max_total_units(self) -> int:
        """Units when every muscle gets its maximum."""
        return sum(m.max_units for m in self.muscles)

    @property
    def max_total_sites(self) -> int:
        """Sites when every muscle gets its maximum."""
        return sum(m.max_sites for m in self.muscles)

    def dose_for(self, muscle: str) -> MuscleDose | None:
        """The dose line for a muscle id, if the protocol has one."""
        return next((m for m in self.muscles if m.muscle == muscle), None)

    def to_dict(self) -> dict[str, Any]:
        """The exact `protocol show --json` object of DESIGN.md."""
        return {
            "name": self.name,
            "units_per_site": self.units_per_site,
            "muscles": [m.to_dict() for m in self.muscles],
            "total_units": self.total_units,
            "total_sites": self.total_sites,
            "max_total_units": self.max_total_units,
            "max_total_sites": self.max_total_sites,
        }


# Words the public sees for each PREEMPT muscle (CLINICAL.md §5).
PUBLIC_AREAS: MappingProxyType[str, str] = MappingProxyType(
    {
        "corrugator": "forehead",
        "procerus": "forehead",
        "frontalis": "forehead",
        "temporalis": "temples",
        "occipitalis": "back of the head",
        "cervical_paraspinal": "neck",
        "trapezius": "upper back and shoulders",
    }
)

# CLINICAL.md §5 table, in its order: (muscle, fixed U, fixed sites, max U, max sites, bilateral).
_PREEMPT_TABLE: tuple[tuple[str, int, int, int, int, bool], ...] = (
    ("corrugator", 10, 2, 10, 2, True),
    ("procerus", 5, 1, 5, 1, False),
    ("frontalis", 20, 4, 20, 4, True),
    ("temporalis", 40, 8, 50, 10, True),
    ("occipitalis", 30, 6, 40, 8, True),
    ("cervical_paraspinal", 20, 4, 20, 4, True),
    ("trapezius", 30, 6, 50, 10, True),
)

PREEMPT = Protocol(
    name="preempt",
    units_per_site=5,
    muscles=tuple(MuscleDose(m, u, s, mu, ms, b) for m, u, s, mu, ms, b in _PREEMPT_TABLE),
    kind="preempt",
    description="PREEMPT fixed-site, fixed-dose paradigm: 155 U at 31 sites every 12 weeks",
)

# The full follow-the-pain dose: every optional site used, so standard dose equals maximum.
PREEMPT_FOLLOW_THE_PAIN = Protocol(
    name="preempt-follow-the-pain",
    units_per_site=5,
    muscles=tuple(MuscleDose(m, mu, ms, mu, ms, b) for m, _u, _s, mu, ms, b in _PREEMPT_TABLE),
    kind="preempt",
    description=(
        "PREEMPT with all follow-the-pain sites: up to 195 U at 39 sites; the extra 40 U go "
        "only to temporalis, occipitalis and trapezius"
    ),
)

BUILTIN_PROTOCOLS: MappingProxyType[str, Protocol] = MappingProxyType(
    {p.name: p for p in (PREEMPT, PREEMPT_FOLLOW_THE_PAIN)}
)

ProtocolLookup = Callable[[str], "Protocol | None"]


@dataclass(frozen=True, slots=True)
class CustomSite:
    """One line of a custom pain protocol: a muscle or area, its side, sites and units per site."""

    muscle: str
    side: Side
    sites: int
    units_per_site: int

    @property
    def units(self) -> int:
        """Units for this line."""
        return self.sites * self.units_per_site


def custom_protocol(name: str, lines: Sequence[CustomSite], description: str = "") -> Protocol:
    """A per-patient protocol; lines for the same muscle merge, both sides make it bilateral."""
    merged: dict[str, list[CustomSite]] = {}
    for line in lines:
        merged.setdefault(line.muscle, []).append(line)
    doses = []
    for muscle, group in merged.items():
        units = sum(g.units for g in group)
        sites = sum(g.sites for g in group)
        sides = {g.side for g in group}
        bilateral = "bilateral" in sides or {"left", "right"} <= sides
        doses.append(MuscleDose(muscle, units, sites, units, sites, bilateral))
    per_site = {line.units_per_site for line in lines}
    units_per_site = per_site.pop() if len(per_site) == 1 else 0
    return Protocol(name, units_per_site, tuple(doses), "custom", description)


def find_protocol(name: str, lookup: ProtocolLookup | None = None) -> Protocol | None:
    """A built-in protocol by name, else one the lookup (clinic-saved protocols) returns."""
    builtin = BUILTIN_PROTOCOLS.get(name.strip().lower())
    if builtin is not None:
        return builtin
    return lookup(name) if lookup is not None else None
