"""Short readable English reports for the command line."""

from __future__ import annotations

from bontrack.clinical.assessment import Assessment
from bontrack.clinical.eligibility import Eligibility
from bontrack.clinical.ichd3 import Diagnosis
from bontrack.clinical.protocol import Protocol


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "not judged"}[value]


def _diagnosis_lines(dx: Diagnosis) -> list[str]:
    lines = [
        f"{dx.name} (ICHD-3 {dx.code}): {_yes_no(dx.met)}"
        + (f" — {', '.join(dx.subtypes)}" if dx.met and dx.subtypes else "")
    ]
    if dx.met is not True:
        lines += [f"  - {c.detail}" for c in dx.criteria if c.met is not True]
    return lines


def assessment_text(result: Assessment) -> str:
    """The assessment as a few lines a clinician can read."""
    lines = [
        f"Diary assessment (rules {result.rules})",
        f"Window {result.window_start.isoformat()} – {result.as_of.isoformat()}",
    ]
    for i, p in enumerate(result.periods, start=1):
        meds = ", ".join(f"{k} {v}" for k, v in p.acute_medication_days.items())
        lines.append(
            f"Period {i} {p.start.isoformat()} – {p.end.isoformat()}: "
            f"{p.recorded_days} recorded, {p.headache_days} headache, "
            f"{p.migraine_days} migraine, {p.moderate_severe_days} moderate/severe days; "
            f"acute medication on {p.any_acute_medication_days} days"
            + (f" ({meds})" if meds else "")
        )
    lines += _diagnosis_lines(result.chronic_migraine)
    lines += _diagnosis_lines(result.medication_overuse)
    if result.tension_type.met:
        lines.append("Chronic tension-type headache pattern (ICHD-3 2.3): yes (information)")
    for t in result.treatments:
        base = "not counted" if t.baseline_headache_days is None else t.baseline_headache_days
        win = "not counted" if t.window_headache_days is None else t.window_headache_days
        change = (
            "reduction not computed"
            if t.reduction_percent is None
            else f"reduction {t.reduction_percent} %"
        )
        lines.append(
            f"Treatment {t.cycle} on {t.date.isoformat()}: baseline {base} headache days; "
            f"weeks 9–12 ({t.window.start.isoformat()} – {t.window.end.isoformat()}, "
            f"{t.window.recorded_days} recorded days) {win}; {change}"
        )
    return "\n".join(lines) + "\n"


def eligibility_text(result: Eligibility) -> str:
    """Eligibility as a verdict line and one line per criterion."""
    verdict = {True: "eligible", False: "not eligible", None: "undecided (missing facts)"}
    lines = [f"Eligibility under {result.rules}: {verdict[result.eligible]}"]
    mark = {True: "met", False: "NOT met", None: "unknown"}
    lines += [f"  {c.id}: {mark[c.met]} — {c.detail}" for c in result.criteria]
    return "\n".join(lines) + "\n"


def protocol_text(protocol: Protocol) -> str:
    """The protocol as a table of muscles, units and sites."""
    lines = [f"Protocol {protocol.name} ({protocol.units_per_site} U per site)"]
    if protocol.description:
        lines.append(protocol.description)
    lines.append(f"{'muscle':<22}{'units':>6}{'sites':>6}{'max U':>7}{'max sites':>10}  sides")
    for m in protocol.muscles:
        side = "both" if m.bilateral else "midline/one"
        lines.append(
            f"{m.muscle:<22}{m.units:>6}{m.sites:>6}{m.max_units:>7}{m.max_sites:>10}  {side}"
        )
    lines.append(
        f"{'total':<22}{protocol.total_units:>6}{protocol.total_sites:>6}"
        f"{protocol.max_total_units:>7}{protocol.max_total_sites:>10}"
    )
    return "\n".join(lines) + "\n"
