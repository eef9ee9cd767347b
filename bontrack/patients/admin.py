"""Platform administration of patients' requests. Patient records themselves are not here:
platform administrators see no patient data by default."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bontrack.patients import gdpr
from bontrack.patients.models import ErasureRequest


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["id", "requested_at", "status", "decided_at"]
    list_filter = ["status"]
    ordering = ["-requested_at"]
    # The patient and their message stay out of the admin: identifying the patient is the
    # clinic's part of the review; the admin only carries out a reviewed request.
    fields = ["requested_at", "status", "decided_at", "decision_note"]
    readonly_fields = ["requested_at", "status", "decided_at", "decision_note"]
    actions = ["carry_out_erasure"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Carry out erasure"), permissions=["change"])
    def carry_out_erasure(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]) -> None:
        done = 0
        for erasure in queryset.order_by("pk"):
            try:
                gdpr.erase_patient(request=erasure, by=request.user)
            except gdpr.ErasureError as exc:
                self.message_user(request, str(exc), messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d erasure carried out.", "%(count)d erasures carried out.", done)
                % {"count": done},
                messages.SUCCESS,
            )
