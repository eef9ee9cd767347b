"""Referrer pages (/henvisning/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bontrack.accounts.decorators import referrer_required


@referrer_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/home.html", {"referrer": request.user.referrer})  # type: ignore[union-attr]
