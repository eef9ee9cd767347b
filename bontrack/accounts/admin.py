"""Platform administration of clinic memberships: roles and a physician's speciality.

The clinic workspace has no staff page yet, so a physician's speciality (which decides the
applicant criterion of the reimbursement rules) is set here.
"""

from __future__ import annotations

from django.contrib import admin

from bontrack.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "clinic", "role", "speciality"]
    list_filter = ["clinic", "role", "speciality"]
    list_editable = ["speciality"]
    search_fields = ["user__email", "user__full_name", "clinic__name"]
    raw_id_fields = ["user"]
    fields = ["user", "clinic", "role", "speciality"]
