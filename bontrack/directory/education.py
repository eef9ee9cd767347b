"""The public education pages under /om-behandlingen/: which pages there are, who reviewed them
last, and the facts they show — every number read from bontrack.clinical, so a page never
says something the clinical core would decide differently.

The review record below is demo data until a clinician signs the pages (docs/directory.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bontrack.clinical.drugs import PREVENTIVES
from bontrack.clinical.protocol import PREEMPT, PUBLIC_AREAS, Protocol
from bontrack.clinical.rules import (
    CONTINUATION_RULES,
    ICHD_3,
    IHS_DIARY_2026,
    OUTCOME_DEFAULT,
    OVERUSE_CLASSES,
    SCHEDULE_DEFAULT,
)


@dataclass(frozen=True)
class Review:
    """When a page was last reviewed by a health professional, and in which role."""

    on: dt.date
    role: Promise


@dataclass(frozen=True)
class Page:
    """One education page: its URL name, title, summary (the meta description) and review."""

    name: str
    title: Promise
    summary: Promise
    review: Review


# Demo data: no clinician has signed these pages yet (see docs/directory.md).
NEUROLOGIST_REVIEW = Review(dt.date(2026, 11, 15), _("a neurologist"))

INDEX = Page(
    "index",
    _("About botulinum-toxin treatment for chronic migraine"),
    _(
        "Plain-language pages on chronic migraine, how botulinum-toxin (Botox) treatment is "
        "given, what to expect, side effects, costs and blue prescription."
    ),
    NEUROLOGIST_REVIEW,
)

PAGES: tuple[Page, ...] = (
    Page(
        "migraine",
        _("Migraine and chronic migraine"),
        _(
            "What migraine is, when doctors call it chronic migraine, and how taking headache "
            "medicine too often can keep the headaches going."
        ),
        NEUROLOGIST_REVIEW,
    ),
    Page(
        "treatment",
        _("How the treatment is given"),
        _(
            "Small injections of botulinum toxin in the forehead, temples, back of the head, "
            "neck and shoulders: where, how many, how much and how long it takes."
        ),
        NEUROLOGIST_REVIEW,
    ),
    Page(
        "expect",
        _("What to expect after the treatment"),
        _(
            "When the treatment starts to work, how long the effect lasts, why you need more "
            "than one treatment before judging it, and what to write in your diary."
        ),
        NEUROLOGIST_REVIEW,
    ),
    Page(
        "side_effects",
        _("Side effects and warning signs"),
        _(
            "Common side effects after botulinum-toxin treatment for migraine, and the rare "
            "warning signs that mean you must call a doctor at once."
        ),
        NEUROLOGIST_REVIEW,
    ),
    Page(
        "costs",
        _("What the treatment costs"),
        _(
            "Work out the price of the medicine for a dose, from units to vials to kroner, and "
            "what you pay with blue prescription or on your own."
        ),
        NEUROLOGIST_REVIEW,
    ),
    Page(
        "criteria",
        _("Blue prescription: who can get the medicine paid for"),
        _(
            "The criteria for getting botulinum-toxin treatment for chronic migraine reimbursed "
            "on blue prescription in Norway, in plain words."
        ),
        NEUROLOGIST_REVIEW,
    ),
    Page(
        "self_check",
        _("Is this treatment for me?"),
        _(
            "Answer a few questions about your headache and see whether it fits the pattern the "
            "treatment is for. Not a diagnosis, and nothing is stored."
        ),
        NEUROLOGIST_REVIEW,
    ),
)
PAGES_BY_NAME = {page.name: page for page in (INDEX, *PAGES)}

# Words for the areas bontrack.clinical.protocol.PUBLIC_AREAS names; a test holds them equal.
AREA_LABELS: dict[str, Promise] = {
    "forehead": _("Forehead"),
    "temples": _("Temples"),
    "back of the head": _("Back of the head"),
    "neck": _("Neck"),
    "upper back and shoulders": _("Upper back and shoulders"),
}

# The ICHD-3 8.2 classes in words a patient knows; a test holds them equal to OVERUSE_CLASSES.
MEDICINE_CLASS_LABELS: dict[str, Promise] = {
    "simple_analgesic": _("Simple painkillers (paracetamol, ibuprofen, aspirin, naproxen)"),
    "triptan": _("Triptans (such as sumatriptan, rizatriptan or zolmitriptan)"),
    "ergot": _("Ergotamine"),
    "opioid": _("Codeine, tramadol or other opioids"),
    "combination_analgesic": _("Combination painkillers (several substances in one tablet)"),
}

# Drug names as patients read them on the box, in the page's language.
DRUG_LABELS: dict[str, Promise] = {
    "propranolol": _("propranolol"),
    "metoprolol": _("metoprolol"),
    "atenolol": _("atenolol"),
    "topiramate": _("topiramate"),
    "amitriptyline": _("amitriptyline"),
    "candesartan": _("candesartan"),
    "valproate": _("valproate"),
    "flunarizine": _("flunarizine"),
    "lisinopril": _("lisinopril"),
    "venlafaxine": _("venlafaxine"),
    "clonidine": _("clonidine"),
}

# What patients are told about the effect over time (CLINICAL.md §6, §10): general advice the
# reviewing clinician signs, not rules the core decides by.
SORE_DAYS = (2, 3)
ONSET_WEEKS = (1, 2)
EFFECT_WEEKS = (10, 12)
# How long the injections themselves take; general advice for the reviewer to confirm.
INJECTION_MINUTES = (15, 20)


@dataclass(frozen=True)
class Area:
    """A body area as the public names it, with the protocol's injections there."""

    key: str
    label: Promise
    sites: int
    units: int
    max_sites: int
    max_units: int

    @property
    def extra_sites(self) -> int:
        """Points the doctor may add here when following the pain."""
        return self.max_sites - self.sites


def areas(protocol: Protocol = PREEMPT) -> list[Area]:
    """The protocol's muscles grouped into the areas the public knows, in protocol order."""
    grouped: dict[str, list[int]] = {}
    for dose in protocol.muscles:
        key = PUBLIC_AREAS[dose.muscle]
        sums = grouped.setdefault(key, [0, 0, 0, 0])
        for i, value in enumerate((dose.sites, dose.units, dose.max_sites, dose.max_units)):
            sums[i] += value
    return [Area(key, AREA_LABELS[key], *sums) for key, sums in grouped.items()]


def drugs_in_group(group: str) -> list[Promise]:
    """The preventives of a group (beta_blocker, …) as patients read their names."""
    return [DRUG_LABELS[d.generic] for d in PREVENTIVES if d.group == group]


def overuse_rows() -> list[dict[str, Any]]:
    """ICHD-3 8.2 thresholds per medicine class, then the rule for a mix of classes."""
    rows: list[dict[str, Any]] = [
        {"label": MEDICINE_CLASS_LABELS[name], "days": ICHD_3.overuse_days[name]}
        for name in OVERUSE_CLASSES
    ]
    rows.append(
        {
            "label": _("Several of these together, none of them often enough alone"),
            "days": ICHD_3.mixed_overuse_days,
        }
    )
    return rows


def migraine_facts() -> dict[str, Any]:
    """The ICHD-3 thresholds the migraine page puts into words."""
    return {
        "headache_days": ICHD_3.chronic_headache_days,
        "migraine_days": ICHD_3.chronic_migraine_days,
        # A "month" is a 28-day period and "more than 3 months" three of them (CLINICAL.md §3).
        "months": IHS_DIARY_2026.window_periods,
        "headache_hours": IHS_DIARY_2026.headache_min_hours,
        "characteristics": IHS_DIARY_2026.migraine_min_characteristics,
        "overuse": overuse_rows(),
    }


def interval_weeks() -> int:
    """Weeks between treatments."""
    return SCHEDULE_DEFAULT.min_interval_days // 7


def treatment_facts(protocol: Protocol = PREEMPT) -> dict[str, Any]:
    """Where, how many and how much, computed from the PREEMPT protocol."""
    return {
        "areas": areas(protocol),
        "sites": protocol.total_sites,
        "units": protocol.total_units,
        "max_sites": protocol.max_total_sites,
        "max_units": protocol.max_total_units,
        "per_site": protocol.units_per_site,
        "weeks": interval_weeks(),
        "minutes_min": INJECTION_MINUTES[0],
        "minutes_max": INJECTION_MINUTES[1],
    }


def expect_facts() -> dict[str, Any]:
    """The effect over time and when the result is judged (rule set nkh-2018)."""
    rules = CONTINUATION_RULES["nkh-2018"]
    return {
        "sore_min": SORE_DAYS[0],
        "sore_max": SORE_DAYS[1],
        "onset_min": ONSET_WEEKS[0],
        "onset_max": ONSET_WEEKS[1],
        "effect_min": EFFECT_WEEKS[0],
        "effect_max": EFFECT_WEEKS[1],
        "weeks": interval_weeks(),
        "judge_from": rules.judge_from_cycle,
        "judge_by": rules.stop_after_cycles,
        "percent": rules.responder_percent,
        "baseline_weeks": OUTCOME_DEFAULT.baseline_days // 7,
    }


def side_effect_facts() -> dict[str, Any]:
    return {"sore_min": SORE_DAYS[0], "sore_max": SORE_DAYS[1]}


def joined(words: Sequence[object], last: str) -> str:
    """`a, b or c` — the list of words with `last` ("or", "and") before the final one."""
    items = [str(w) for w in words]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
