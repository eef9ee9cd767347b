"""The clinical core's findings in the reader's language.

bontrack.clinical stays English and free of Django: each finding, criterion and reason carries
a stable code and the values its English sentence was made from. Here each code gets a
translatable sentence, and muscle, side, medicine class and role ids get their words, so a
Norwegian clinician reads Norwegian. Anything without a known code (an old stored finding or
application, say) falls back to the core's English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontrack.accounts.models import Speciality
from bontrack.clinical.common import Criterion, Param, Params, Reason, parse_iso_date
from bontrack.clinical.dosing import DosingError, DosingProblem
from bontrack.clinical.ichd3 import Diagnosis
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


# The reasons of eligibility, ICHD-3 and outcome, keyed by the codes of EligibilityCode,
# Ichd3Code and OutcomeCode (and LOCAL_CODES); a test holds them equal. The English msgids say
# what the core says, so an English page reads like the CLI.
REASONS: dict[str, Promise] = {
    # Reimbursement criteria (bontrack.clinical.eligibility).
    "chronic_migraine_not_judged": _("not judged from the diary: %(explanation)s"),
    "chronic_migraine_shown": _("chronic migraine (ICHD-3 1.3) shown in the diary: "
                                "%(explanation)s"),
    "chronic_migraine_not_shown": _("chronic migraine (ICHD-3 1.3) not shown: %(explanation)s"),
    "tried_without_success": _("tried without success: %(drugs)s"),
    "not_yet_tried_without_success": _("not yet tried without success: %(drugs)s"),
    "none_tried": _("no %(group)s recorded as tried"),
    "tried_failed": _("%(drug)s (%(atc)s) failed"),
    "tried_intolerant": _("%(drug)s (%(atc)s) intolerant"),
    "tried_contraindicated": _("%(drug)s (%(atc)s) contraindicated"),
    "tried_ongoing": _("%(drug)s (%(atc)s) ongoing"),
    "tried_effective": _("%(drug)s (%(atc)s) effective"),
    "applicant_not_required": _("%(rules)s sets no applicant requirement; any physician may "
                                "apply"),
    "applicant_not_required_given": _("%(rules)s sets no applicant requirement; any physician "
                                      "may apply (applicant: %(role)s)"),
    "applicant_unknown": _("applicant role not given; a neurologist, anaesthesiologist or "
                           "hospital physician must apply"),
    "applicant_is_neurologist": _("the applicant is a neurologist"),
    "applicant_is_anaesthesiologist": _("the applicant is an anaesthesiologist"),
    "applicant_is_hospital_physician": _("the applicant is a hospital physician"),
    "applicant_gp": _("a general practitioner cannot apply; a neurologist, anaesthesiologist or "
                      "hospital physician must"),
    "preventives_tried": _("%(count)s preventive(s) tried without success (%(generics)s); "
                           "%(need)s needed"),
    "overuse_not_judged": _("medication overuse not judged: a period has too few recorded days"),
    "overuse_present": _("medication-overuse headache present in the window (%(subtypes)s); "
                         "manage the overuse first"),
    "overuse_absent": _("no medication-overuse headache in the assessment window"),
    "speciality_not_recorded": _("the physician's speciality is not recorded, so it is not "
                                 "known whether they may apply; a neurologist, "
                                 "anaesthesiologist or hospital physician must apply"),
    # ICHD-3 criteria and explanations (bontrack.clinical.ichd3).
    "period_too_few_days": _("period %(period)s (%(start)s – %(end)s): only %(recorded)s "
                             "recorded days; at least %(min)s are needed to judge it"),
    "period_headache_days": _("period %(period)s (%(start)s – %(end)s): %(days)s headache days "
                              "(%(sign)s %(need)s)"),
    "period_migraine_days": _("period %(period)s (%(start)s – %(end)s): %(days)s migraine days "
                              "(%(sign)s %(need)s)"),
    "period_tension_type_days": _("period %(period)s (%(start)s – %(end)s): %(days)s "
                                  "tension-type days (%(sign)s %(need)s)"),
    "period_overuse": _("period %(period)s (%(start)s – %(end)s): overuse (%(codes)s) — "
                        "%(classes)s; %(class_days)s days with any 8.2 class"),
    "period_no_overuse": _("period %(period)s (%(start)s – %(end)s): no overuse — %(classes)s; "
                           "%(class_days)s days with any 8.2 class"),
    "overuse_class_days": _("%(class)s %(days)s"),
    "periods_too_few_days": _("%(periods)s (at least %(min)s are needed)"),
    "period_has_only": _("period %(period)s has only %(recorded)s recorded days"),
    "headache_and_migraine_days": _(
        "headache days %(headache_days)s (≥ %(headache_days_need)s needed in each) and migraine "
        "days %(migraine_days)s (≥ %(migraine_days_need)s needed in each) in the periods of "
        "%(start)s – %(end)s"),
    "headache_days_and_overuse": _(
        "headache days %(headache_days)s (≥ %(headache_days_need)s needed in each) in the "
        "periods of %(start)s – %(end)s; overuse in %(overusing)s of %(of)s periods"),
    # Cycle outcomes and continuation (bontrack.clinical.outcome).
    "cycle_counts": _("baseline %(baseline)s headache days; weeks 9–12 %(window)s "
                      "(%(recorded)s recorded days)"),
    "headache_days_reduced": _("headache days reduced by %(percent)s %%"),
    "moderate_severe_days_reduced": _("moderate/severe days reduced by %(percent)s %%"),
    "wearing_off_not_judged": _("wearing-off not judged: too few recorded days in weeks 3–8 or "
                                "9–12"),
    "wearing_off": _("wearing-off: %(late)s headache days/week in weeks 9–12 against %(early)s "
                     "in weeks 3–8"),
    "no_wearing_off": _("no wearing-off: %(late)s headache days/week in weeks 9–12 against "
                        "%(early)s in weeks 3–8"),
    "converted_to_episodic": _("%(periods)s consecutive periods with fewer than %(below)s "
                               "headache days: converted to episodic"),
    "cycle_not_judged_yet": _("cycle %(cycle)s cannot be judged yet: its weeks 9–12 lack "
                              "recorded days"),
    "too_few_cycles": _("%(given)s cycle(s) given; judge the response after cycle "
                        "%(judge_from)s"),
    "cycle_response": _("cycle %(cycle)s: %(headache)s %% fewer headache days (%(sign)s "
                        "%(threshold)s %% %(measure)s)"),
    "cycle_response_with_moderate_severe": _(
        "cycle %(cycle)s: %(headache)s %% fewer headache days, %(moderate_severe)s %% fewer "
        "moderate/severe days (%(sign)s %(threshold)s %% %(measure)s)"),
    "responder_continue": _("responder: continue every 12 weeks"),
    "no_response_stop": _("no response after %(cycles)s cycles"),
    "cycles_allowed": _("%(rules)s allows up to %(cycles)s cycles before stopping"),
}
# Codes this project gives reasons it words itself (assessment.py), beside the core's.
LOCAL_CODES: tuple[str, ...] = ("speciality_not_recorded",)

# Words for the ids inside reasons. Drug names and ICHD-3 codes stay as they are.
GROUPS: dict[str, Promise] = {"beta_blocker": _("beta blocker")}
CLASSES: dict[str, Promise] = {
    "triptan": _("Triptans"),
    "ergot": _("Ergots"),
    "opioid": _("Opioids"),
    "simple_analgesic": _("Simple painkillers"),
    "combination_analgesic": _("Combination painkillers"),
}
MEASURES: dict[str, Promise] = {
    "headache_days": _("reduction in headache days"),
    "headache_or_moderate_severe_days": _("reduction in headache days or moderate/severe days"),
}
# An empty list or an uncounted value, by the key it stands under.
EMPTY: dict[str, Promise] = {
    "generics": _("none"),
    "classes": _("no 8.2 class"),
    "baseline": _("not counted"),
    "window": _("not counted"),
}
DIAGNOSES: dict[str, Promise] = {
    "1.3": _("Chronic migraine"),
    "8.2": _("Medication-overuse headache"),
    "2.3": _("Chronic tension-type headache pattern"),
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
    """A value as the reader sees it: ids in words, dates and decimals local, lists joined."""
    if isinstance(value, Reason):
        return reason_text(value)
    if value is None or (isinstance(value, tuple | list) and not value):
        empty = EMPTY.get(key)
        if empty is not None:
            return str(empty)
    if key == "muscle":
        return _in_sentence(str(value))
    if key == "side":
        return side_label(str(value))
    if isinstance(value, tuple | list):
        if key in ("muscles", "allowed"):
            return ", ".join(_in_sentence(str(v)) for v in value)
        separator = "; " if key == "periods" else ", "
        return separator.join(str(_word(key, v)) for v in value)
    if isinstance(value, str):
        return _id_word(key, value)
    if isinstance(value, float):
        return formats.number_format(value, decimal_pos=1)
    return value


def _id_word(key: str, value: str) -> str:
    if key in ("start", "end"):
        day = parse_iso_date(value)
        return _day(day) if day is not None else value
    if key == "role":
        return speciality_label(value).lower() or value
    if key == "group":
        return str(GROUPS.get(value, value.replace("_", " ")))
    if key == "class":
        label = CLASSES.get(value)
        return str(label).lower() if label is not None else value.replace("_", " ")
    if key == "measure":
        return str(MEASURES.get(value, value.replace("_", " ")))
    return value


def _day(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def speciality_label(role: str) -> str:
    """An applicant role id (hospital_physician) in words, or "" for an unknown one."""
    return str(Speciality(role).label) if role in Speciality.values else ""


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


def reason_text(reason: Reason) -> str:
    """A reason of eligibility, ICHD-3 or outcome, reasons inside it worded too."""
    return say(REASONS.get(reason.code), reason.params, reason.detail)


def diagnosis_summary(diagnosis: Diagnosis) -> str:
    """The one line a clinician reads first (Diagnosis.summary), in words."""
    name = DIAGNOSES.get(diagnosis.code)
    if name is None:
        return diagnosis.summary
    values = {"name": str(name), "code": diagnosis.code,
              "subtypes": ", ".join(diagnosis.subtypes)}
    if diagnosis.met is None:
        return gettext("%(name)s (%(code)s): not judged — too few recorded days") % values
    if not diagnosis.met:
        return gettext("%(name)s (%(code)s): not met") % values
    if diagnosis.subtypes:
        return gettext("%(name)s (%(code)s): met (%(subtypes)s)") % values
    return gettext("%(name)s (%(code)s): met") % values


def stored_params(params: Params) -> dict[str, Any]:
    """Params as JSON keeps them: lists for tuples, {"code", "detail", "params"} for reasons."""
    return {key: _stored(value) for key, value in params}


def _stored(value: Param) -> Any:
    if isinstance(value, Reason):
        return {"code": value.code, "detail": value.detail, "params": stored_params(value.params)}
    if isinstance(value, tuple):
        return [_stored(v) for v in value]
    return value


def loaded_params(stored: object) -> Params:
    """Params back from their JSON form; a malformed value is dropped, not guessed at."""
    if not isinstance(stored, Mapping):
        return ()
    params: list[tuple[str, Param]] = []
    for key, value in stored.items():
        try:
            params.append((str(key), _loaded(value)))
        except _Malformed:
            continue
    return tuple(params)


class _Malformed(Exception):
    """A stored value that is no param."""


def _loaded(value: object) -> Param:
    if isinstance(value, Mapping):
        return _loaded_reason(value)
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return tuple(str(v) for v in value)
        return tuple(_loaded_reason(v) for v in value)
    if value is None or isinstance(value, str | int | float):
        return value
    raise _Malformed


def _loaded_reason(value: object) -> Reason:
    if not isinstance(value, Mapping):
        raise _Malformed
    code, detail = value.get("code"), value.get("detail")
    if not isinstance(code, str) or not isinstance(detail, str):
        raise _Malformed
    return Reason(code, detail, loaded_params(value.get("params")))


def stored_criterion(criterion: Criterion) -> dict[str, Any]:
    """A criterion as an application keeps it: the contract's id, met and detail, and what the
    detail was made of, so the application reads in the reader's language later."""
    return {**criterion.to_dict(), "code": criterion.code,
            "params": stored_params(criterion.params)}


def text(item: object) -> str:
    """Any message of the core the treatment pages show, in words (the `clinical_text` filter).

    A finding, dosing problem, reason or criterion gives its sentence; a diagnosis its summary
    line (its explanation is `diagnosis.reason`); anything else with a `reason` (a labelled
    stored criterion) that reason.
    """
    if isinstance(item, Finding | Mapping):
        return finding_text(item)
    if isinstance(item, DosingProblem):
        return dosing_text(item)
    if isinstance(item, Reason):
        return reason_text(item)
    if isinstance(item, Diagnosis):
        return diagnosis_summary(item)
    reason = getattr(item, "reason", None)
    if isinstance(reason, Reason):
        return reason_text(reason)
    return str(item)
