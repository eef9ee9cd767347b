"""The patient's own data (/portal/mine-data/): download it all, or ask for erasure."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from bontrack.accounts.decorators import patient_required
from bontrack.patients import gdpr


class ErasureRequestForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the clinic (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "ds-input"}),
    )
    # Erasure cannot be undone: one stray click must not ask for it.
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that erasure cannot be undone and that I can no longer log in "
            "with this account."
        ),
        required=True,
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )


@patient_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    open_request = gdpr.open_erasure_request(user=request.user)
    context = {"open_request": open_request, "form": ErasureRequestForm()}
    return render(request, "patients/my_data.html", context)


@patient_required
@require_POST
@never_cache
def download(request: HttpRequest) -> HttpResponse:
    filename, content = gdpr.export_patient_data(user=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@patient_required
@require_POST
def ask_for_erasure(request: HttpRequest) -> HttpResponse:
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        context = {"open_request": None, "form": form}
        return render(request, "patients/my_data.html", context, status=400)
    already = gdpr.open_erasure_request(user=request.user)
    erasure = gdpr.request_erasure(user=request.user, message=form.cleaned_data["message"])
    if already is not None:
        when = formats.date_format(erasure.requested_at, "DATE_FORMAT")
        messages.info(
            request,
            _("You already asked for erasure on %(date)s. The clinic is reviewing it.")
            % {"date": when},
        )
    else:
        messages.success(
            request,
            _(
                "We have received your request for erasure. The clinic will review it and "
                "contact you."
            ),
        )
    return redirect("gdpr:index")
