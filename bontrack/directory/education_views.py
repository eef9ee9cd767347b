"""The public education pages: no log-in, no patient data, nothing stored."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from bontrack.clinical.dosing import DosingError
from bontrack.clinical.protocol import PREEMPT
from bontrack.directory import education
from bontrack.directory.education_costs import estimate, load_prices, presets
from bontrack.directory.education_criteria import rule_sets
from bontrack.directory.education_forms import CostForm, SelfCheckForm, group_label
from bontrack.directory.education_illustration import views as illustration_views
from bontrack.directory.education_selfcheck import check

# The fetch() of education-calculator.js asks for the result region only.
FRAGMENT_HEADER = "X-Bontrack-Fragment"


def _ld_json(data: dict[str, Any]) -> SafeString:
    """JSON-LD safe inside <script type="application/ld+json"> (no "</script>" breakout)."""
    text = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(text)  # noqa: S308 — <, > and & are escaped above, as json_script does


def _web_page(request: HttpRequest, page: education.Page, **extra: Any) -> dict[str, Any]:
    """schema.org MedicalWebPage for an education page, with its review date."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": str(page.title),
        "description": str(page.summary),
        "url": request.build_absolute_uri(reverse(f"education:{page.name}")),
        "inLanguage": get_language(),
        "lastReviewed": page.review.on.isoformat(),
        "audience": {"@type": "Patient"},
        "about": {
            "@type": "MedicalCondition",
            "name": _("Chronic migraine"),
            "code": {"@type": "MedicalCode", "codeValue": "G43", "codingSystem": "ICD-10"},
        },
    }
    data.update(extra)
    return data


def _render(
    request: HttpRequest,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    ld: dict[str, Any] | None = None,
) -> HttpResponse:
    page = education.PAGES_BY_NAME[name]
    full = {
        "page": page,
        "pages": education.PAGES,
        "jsonld": _ld_json(_web_page(request, page, **(ld or {}))),
        **(context or {}),
    }
    return render(request, f"directory/education/{name}.html", full)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _render(request, "index")


@require_GET
def migraine(request: HttpRequest) -> HttpResponse:
    return _render(request, "migraine", {"facts": education.migraine_facts()})


def _procedure(request: HttpRequest, facts: dict[str, Any]) -> dict[str, Any]:
    """schema.org MedicalProcedure for the PREEMPT injections, numbers from the protocol."""
    where = ", ".join(str(area.label) for area in facts["areas"])
    return {
        "@type": "MedicalProcedure",
        "name": _("Botulinum-toxin injections for chronic migraine"),
        "procedureType": "https://schema.org/PercutaneousProcedure",
        "bodyLocation": where,
        "howPerformed": _(
            "About %(sites)s small injections of %(per_site)s units each, %(units)s units in "
            "all (up to %(max_units)s units), in the muscles of the head, neck and shoulders."
        )
        % facts,
        "followup": _("Repeated every %(weeks)s weeks.") % facts,
        "code": {
            "@type": "MedicalCode",
            "codeValue": "442695005",
            "codingSystem": "SNOMED CT",
        },
        "indication": {"@type": "MedicalIndication", "name": _("Chronic migraine")},
    }


@require_GET
def treatment(request: HttpRequest) -> HttpResponse:
    facts = education.treatment_facts(PREEMPT)
    return _render(
        request,
        "treatment",
        {"facts": facts, "illustration": illustration_views(facts["areas"])},
        ld={"mainEntity": _procedure(request, facts)},
    )


@require_GET
def expect(request: HttpRequest) -> HttpResponse:
    return _render(request, "expect", {"facts": education.expect_facts()})


@require_GET
def side_effects(request: HttpRequest) -> HttpResponse:
    return _render(request, "side_effects", {"facts": education.side_effect_facts()})


@require_GET
def costs(request: HttpRequest) -> HttpResponse:
    public = load_prices()
    bound = "units" in request.GET
    form = CostForm(request.GET if bound else None, initial={"units": PREEMPT.total_units})
    result = None
    problem = ""
    if bound and form.is_valid():
        units = form.cleaned_data["units"]
    elif not bound:
        units = PREEMPT.total_units
    else:
        units = None
    if units is not None:
        try:
            result = estimate(units, public)
        except DosingError as exc:
            problem = "; ".join(exc.messages)
    context: dict[str, Any] = {
        "form": form,
        "result": result,
        "problem": problem,
        "public": public,
        "presets": presets(),
        "treatment": education.treatment_facts(PREEMPT),
    }
    fragment = request.headers.get(FRAGMENT_HEADER) == "calculator"
    context["fragment"] = fragment
    if fragment:
        response = render(request, "directory/education/costs_output.html", context)
    else:
        response = _render(request, "costs", context)
    response["Vary"] = FRAGMENT_HEADER
    return response


@require_GET
def criteria(request: HttpRequest) -> HttpResponse:
    context = {"rule_sets": rule_sets(), "facts": education.migraine_facts()}
    return _render(request, "criteria", context)


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def self_check(request: HttpRequest) -> HttpResponse:
    # Answers are health information: POST keeps them out of URLs and server logs, nothing is
    # stored or logged, and never_cache keeps the result out of any cache.
    form = SelfCheckForm(request.POST if request.method == "POST" else None)
    result = check(form.answers()) if request.method == "POST" and form.is_valid() else None
    tried = [(group_label(c.id), c.met) for c in result.preventive_criteria] if result else []
    context = {
        "form": form,
        "result": result,
        "tried": tried,
        "facts": education.migraine_facts(),
    }
    return _render(request, "self_check", context)
