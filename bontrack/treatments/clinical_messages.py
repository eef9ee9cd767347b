"""The clinical core's findings in the reader's language.

bontrack.clinical stays English and free of Django: each finding carries a stable code and the
values its English sentence was made from. Here each code gets a translatable sentence, and
muscle and side ids get their words, so a Norwegian clinician reads Norwegian. Anything
without a known code (an old stored finding, say) falls back to the core's English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontrack.clinical.common import Params
from bontrack.clinical.dosing import DosingError, DosingProblem
from bontrack.clinical.session_check import Finding

MUSCLES: dict[str, Promise] = {
    "corrugator": _("Corrugator"),
    "procerus": _("Procerus"),
    "frontalis": _("Frontalis"),
    "temporalis": _("Temporalis"),
    "occipitalis": _("Occipitalis"),
    "cervical_paraspinal": _("Cervical paraspinal"),
    "trapezius": _("Trapezius"),
}
SIDES: dict[str, Promise] = {"left": _("left"), "right": _("right"), "midline": _("midline"),
                             "bilateral": _("both sides")}

# Keyed by the core's codes (FindingId, DosingCode); a test holds them equal to the types.
FINDINGS: dict[str, Promise] = {
    "invalid_injection": _("%(muscle)s (%(side)s): %(units)s U at %(sites)s sites is not a "
                           "dose."),
    "units_per_site": _("%(muscle)s (%(side)s): %(per_site)s U per site exceeds %(max)s U per "
                        "site (%(rules)s)."),
    "units_per_session": _("%(units)s U in one session exceeds %(max)s U (%(rules)s)."),
    "interval": _("%(days)s days since the last session on %(last)s; at least %(min_days)s "
                  "days (%(weeks)s weeks) are required."),
    "muscle_not_in_protocol": _("%(muscle)s is not part of protocol %(protocol)s."),
    "preempt_extra_units": _("%(muscle)s: %(units)s U; PREEMPT extra units may go only to "
                             "%(allowed)s."),
    "above_protocol_max": _("%(muscle)s: %(units)s U exceeds the protocol maximum of %(max)s U."),
    "below_protocol_dose": _("%(muscle)s: %(units)s U is less than the protocol's %(dose)s U."),
    "muscle_missing": _("%(muscle)s not injected (%(protocol)s)."),
    "units_per_site_differs": _("%(muscles)s: not %(per_site)s U per site as the protocol "
                                "says."),
}

DOSING: dict[str, Promise] = {
    "units_needed": _("Units needed must be above 0, got %(units)s."),
    "no_vial_sizes": _("No vial sizes given."),
    "stock_cannot_supply": _("The vials in stock cannot supply %(units)s U."),
    "dilution": _("Dilution must be above 0 U per mL, got %(units_per_ml)s."),
    "no_price": _("Price list %(price_list)s has no price for a %(vial_units)s U vial."),
    "copayment_missing": _("Blue prescription needs co-payment rules."),
}


def muscle_label(muscle: str) -> str:
    """A muscle id (cervical_paraspinal) in words."""
    return str(MUSCLES.get(muscle, muscle.replace("_", " ").capitalize()))


def side_label(side: str) -> str:
    return str(SIDES.get(side, side))


def row_label(muscle: str, side: str) -> str:
    return gettext("%(muscle)s %(side)s") % {"muscle": muscle_label(muscle),
                                             "side": side_label(side)}


def _word(key: str, value: object) -> object:
    """A value as the reader sees it: muscle and side ids in words, lists joined."""
    if key == "muscle":
        return _in_sentence(str(value))
    if key == "side":
        return side_label(str(value))
    if isinstance(value, tuple | list):
        if key in ("muscles", "allowed"):
            return ", ".join(_in_sentence(str(v)) for v in value)
        return ", ".join(str(v) for v in value)
    return value


def _in_sentence(muscle: str) -> str:
    # Inside a sentence a muscle is a common noun (the procerus); in tables, a heading.
    return muscle_label(muscle).lower()


def _values(params: Params | Mapping[str, Any]) -> dict[str, object]:
    pairs = params.items() if isinstance(params, Mapping) else params
    values = {key: _word(key, value) for key, value in pairs}
    min_days = values.get("min_days")
    if isinstance(min_days, int):
        values["weeks"] = min_days // 7
    return values


def say(template: Promise | None, params: Params | Mapping[str, Any], english: str) -> str:
    """The translated sentence with its values, or the core's English if they do not fit."""
    if template is None:
        return english
    try:
        return str(template) % _values(params)
    except (KeyError, TypeError, ValueError):
        return english


def finding_text(finding: Finding | Mapping[str, Any]) -> str:
    """A session check finding, fresh or as stored at signing ({"id", "detail", "params"})."""
    if isinstance(finding, Finding):
        return say(FINDINGS.get(finding.id), finding.params, finding.detail)
    params = finding.get("params")
    return say(FINDINGS.get(str(finding.get("id", ""))),
               params if isinstance(params, Mapping) else {}, str(finding.get("detail", "")))


def dosing_text(problem: DosingProblem) -> str:
    return say(DOSING.get(problem.code), problem.params, problem.detail)


def dosing_error_text(error: DosingError) -> str:
    """Every problem of a vial or price calculation, in one line."""
    return "; ".join(dosing_text(p) for p in error.problems)


def stored_finding(finding: Finding) -> dict[str, Any]:
    """A finding as Session.limits_check keeps it: the English text and what it was made of."""
    return {"id": finding.id, "detail": finding.detail,
            "params": {key: list(v) if isinstance(v, tuple) else v
                       for key, v in finding.params}}


def text(item: object) -> str:
    """Any message of the core the treatment pages show, in words (the `clinical_text` filter)."""
    if isinstance(item, Finding | Mapping):
        return finding_text(item)
    if isinstance(item, DosingProblem):
        return dosing_text(item)
    return str(item)
