"""The clinic analytics page (/klinikk/analyse/): coordinators and physicians of the clinic."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bontrack.accounts.decorators import role_required
from bontrack.accounts.models import Role
from bontrack.treatments import analytics

carer_required = role_required(Role.COORDINATOR, Role.PHYSICIAN)


@carer_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    result = analytics.clinic_analytics(user=request.user)
    per_rule = [
        (rates, rates.rate(30.0), rates.rate(50.0)) for rates in result.per_rule
    ]
    return render(request, "treatments/analytics.html", {
        "a": result,
        "per_rule": per_rule,
        "responder_30": result.responder_percent[30.0],
        "responder_50": result.responder_percent[50.0],
        "preempt_50": analytics.PREEMPT_RESPONDER_50_PERCENT,
        "preempt_change": analytics.PREEMPT_2_CHANGE_HEADACHE_DAYS,
        "preempt_baseline": analytics.PREEMPT_BASELINE_HEADACHE_DAYS,
    })
