"""Checks a planned treatment session against a protocol and the label limits rule set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bontrack.clinical.common import Params
from bontrack.clinical.protocol import Protocol, Side
from bontrack.clinical.rules import LABEL_LIMITS, SessionLimits


@dataclass(frozen=True, slots=True)
class Injection:
    """Units given into one muscle on one side at a number of sites in a session."""

    muscle: str
    side: Side
    sites: int
    units: int


# Every finding a check can report; the id is stable, so a user interface can word it.
FindingId = Literal[
    "invalid_injection",
    "units_per_site",
    "units_per_session",
    "interval",
    "muscle_not_in_protocol",
    "preempt_extra_units",
    "above_protocol_max",
    "below_protocol_dose",
    "muscle_missing",
    "units_per_site_differs",
]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with a planned session; hard stops block it, warnings ask for a look.

    `detail` is the English sentence; `params` holds the values it was made from.
    """

    id: FindingId
    detail: str
    params: Params


@dataclass(frozen=True, slots=True)
class SessionCheck:
    """The result of checking a session; it may go ahead only without hard stops."""

    limits: str
    hard_stops: tuple[Finding, ...]
    warnings: tuple[Finding, ...]

    @property
    def allowed(self) -> bool:
        """True when nothing blocks the session."""
        return not self.hard_stops


def _per_site(injections: Sequence[Injection], limits: SessionLimits) -> list[Finding]:
    found = []
    for inj in injections:
        if inj.sites <= 0 or inj.units < 0:
            found.append(
                Finding(
                    "invalid_injection",
                    f"{inj.muscle} ({inj.side}): {inj.units} U at {inj.sites} sites is not a dose",
                    (
                        ("muscle", inj.muscle),
                        ("side", inj.side),
                        ("units", inj.units),
                        ("sites", inj.sites),
                    ),
                )
            )
        elif inj.units > limits.max_units_per_site * inj.sites:
            found.append(
                Finding(
                    "units_per_site",
                    f"{inj.muscle} ({inj.side}): {inj.units / inj.sites:g} U per site exceeds "
                    f"{limits.max_units_per_site} U per site ({limits.name})",
                    (
                        ("muscle", inj.muscle),
                        ("side", inj.side),
                        ("per_site", f"{inj.units / inj.sites:g}"),
                        ("max", limits.max_units_per_site),
                        ("rules", limits.name),
                    ),
                )
            )
    return found


def _against_protocol(
    injections: Sequence[Injection], protocol: Protocol, limits: SessionLimits
) -> tuple[list[Finding], list[Finding]]:
    """Deviations from a protocol: over its maximum or off-protocol extras stop; less warns."""
    stops: list[Finding] = []
    warns: list[Finding] = []
    given: dict[str, int] = {}
    for inj in injections:
        given[inj.muscle] = given.get(inj.muscle, 0) + inj.units
    for muscle, units in given.items():
        dose = protocol.dose_for(muscle)
        if dose is None:
            warns.append(
                Finding(
                    "muscle_not_in_protocol",
                    f"{muscle} is not part of protocol {protocol.name}",
                    (("muscle", muscle), ("protocol", protocol.name)),
                )
            )
            continue
        if (
            protocol.kind == "preempt"
            and units > dose.units
            and (muscle not in limits.preempt_extra_muscles)
        ):
            stops.append(
                Finding(
                    "preempt_extra_units",
                    f"{muscle}: {units} U; PREEMPT extra units may go only to "
                    f"{', '.join(sorted(limits.preempt_extra_muscles))}",
                    (
                        ("muscle", muscle),
                        ("units", units),
                        ("allowed", tuple(sorted(limits.preempt_extra_muscles))),
                    ),
                )
            )
        elif units > dose.max_units:
            stops.append(
                Finding(
                    "above_protocol_max",
                    f"{muscle}: {units} U exceeds the protocol maximum of {dose.max_units} U",
                    (("muscle", muscle), ("units", units), ("max", dose.max_units)),
                )
            )
        elif units < dose.units:
            warns.append(
                Finding(
                    "below_protocol_dose",
                    f"{muscle}: {units} U is less than the protocol's {dose.units} U",
                    (("muscle", muscle), ("units", units), ("dose", dose.units)),
                )
            )
    for dose in protocol.muscles:
        if dose.muscle not in given:
            warns.append(
                Finding(
                    "muscle_missing",
                    f"{dose.muscle} not injected ({protocol.name})",
                    (("muscle", dose.muscle), ("protocol", protocol.name)),
                )
            )
    if protocol.units_per_site:
        odd = sorted(
            {
                i.muscle
                for i in injections
                if i.sites > 0 and i.units != protocol.units_per_site * i.sites
            }
        )
        if odd:
            warns.append(
                Finding(
                    "units_per_site_differs",
                    f"{', '.join(odd)}: not {protocol.units_per_site} U per site "
                    "as the protocol says",
                    (("muscles", tuple(odd)), ("per_site", protocol.units_per_site)),
                )
            )
    return stops, warns


def check_session(
    injections: Sequence[Injection],
    *,
    on: date,
    last_session: date | None = None,
    protocol: Protocol | None = None,
    limits: SessionLimits = LABEL_LIMITS,
) -> SessionCheck:
    """Check units per site, units per session, interval and protocol deviations."""
    stops = _per_site(injections, limits)
    warns: list[Finding] = []
    total = sum(i.units for i in injections)
    if total > limits.max_units_per_session:
        stops.append(
            Finding(
                "units_per_session",
                f"{total} U in one session exceeds "
                f"{limits.max_units_per_session} U ({limits.name})",
                (("units", total), ("max", limits.max_units_per_session), ("rules", limits.name)),
            )
        )
    if last_session is not None:
        gap = (on - last_session).days
        if gap < limits.min_interval_days:
            stops.append(
                Finding(
                    "interval",
                    f"{gap} days since the last session on {last_session.isoformat()}; at least "
                    f"{limits.min_interval_days} days (12 weeks) are required",
                    (
                        ("days", gap),
                        ("last", last_session.isoformat()),
                        ("min_days", limits.min_interval_days),
                    ),
                )
            )
    if protocol is not None:
        more_stops, more_warns = _against_protocol(injections, protocol, limits)
        stops += more_stops
        warns += more_warns
    return SessionCheck(limits.name, tuple(stops), tuple(warns))
