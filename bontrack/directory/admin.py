"""Platform administration of the public directory.

The platform admin creates listings (also for clinics that do not use bontrack), links them
to a bontrack clinic, publishes them and sets paid placement (advertised_until). Their changes
are kept in the listing's history like a clinic admin's. Ratings and booking requests are
shown read-only and without the fields that identify a person or hold their message:
moderation and the clinic's inbox have their own pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontrack.directory import profiles
from bontrack.directory.models import (
    AbuseReport,
    BookingRequest,
    Listing,
    Offering,
    Postcode,
    ProfileChange,
    Rating,
)
from bontrack.directory.slugs import RESERVED_SLUGS

# What the history compares on a platform admin's save.
TRACKED = (
    "slug",
    "name",
    "kind",
    "clinic",
    "published",
    "advertised_until",
    "blue_prescription",
    "staff_roles",
    "opening_hours",
    "postcode",
    "latitude",
    "longitude",
    *profiles.TEXT_FIELDS,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ListingForm(forms.ModelForm):  # type: ignore[type-arg]
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Listing
        fields = [
            "slug",
            "name",
            "kind",
            "clinic",
            "published",
            "advertised_until",
            "description",
            "description_en",
            "staff_roles",
            "blue_prescription",
            "street_address",
            "postcode",
            "latitude",
            "longitude",
            "where_to_meet",
            "parking",
            "public_transport",
            "phone",
            "email",
            "website",
            "opening_hours",
        ]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                gettext("“%(slug)s” is used by the directory's own pages; choose another.")
                % {"slug": slug}
            )
        return slug


class OfferingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Offering
    extra = 0
    fields = [
        "treatment",
        "price_from",
        "price_confirmed_on",
        "wait_weeks",
        "wait_updated_on",
        "note",
    ]


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ListingForm
    inlines = [OfferingInline]
    list_display = [
        "name",
        "kind",
        "place",
        "county",
        "clinic",
        "published",
        "advertised_until",
        "rating_count",
        "updated_at",
    ]
    list_filter = ["kind", "published", "blue_prescription", "postcode__county"]
    search_fields = ["name", "slug", "postcode__place", "postcode__code"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["postcode"]
    readonly_fields = ["rating_count", "rating_mean", "created_at", "updated_at"]
    date_hierarchy = "updated_at"

    @admin.display(description=_("place"), ordering="postcode__place")
    def place(self, obj: Listing) -> str:
        return obj.postcode.place

    @admin.display(description=_("county"), ordering="postcode__county")
    def county(self, obj: Listing) -> str:
        return obj.postcode.county

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("postcode", "clinic")

    def save_model(self, request: HttpRequest, obj: Listing, form: Any, change: bool) -> None:
        before = (
            profiles.snapshot(Listing.objects.get(pk=obj.pk), TRACKED)
            if change and obj.pk
            else dict.fromkeys(TRACKED, "")
        )
        super().save_model(request, obj, form, change)
        profiles.record_admin_change(user=request.user, listing=obj, before=before)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        listing: Listing = form.instance
        changed: list[tuple[str, Any, Any]] = []
        for row in formset.forms:
            if not row.has_changed() or row.instance is None:
                continue
            treatment = row.cleaned_data.get("treatment") or row.instance.treatment
            deleted = bool(row.cleaned_data.get("DELETE"))
            for name in row.changed_data if not deleted else profiles.OFFERING_FIELDS:
                if name in profiles.OFFERING_FIELDS:
                    new = None if deleted else row.cleaned_data.get(name)
                    changed.append((f"offering:{treatment}:{name}", row.initial.get(name), new))
        super().save_formset(request, form, formset, change)
        profiles.record_field_changes(user=request.user, listing=listing, changes=changed)


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "place", "municipality", "county"]
    list_filter = ["county"]
    search_fields = ["code", "place", "municipality"]


@admin.register(ProfileChange)
class ProfileChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "listing", "field", "old", "new", "changed_by"]
    list_filter = ["changed_at"]
    search_fields = ["listing__name", "field"]
    list_select_related = ["listing", "changed_by"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["submitted_at", "listing", "stars", "verified", "status", "moderated_at"]
    list_filter = ["status", "verified", "stars"]
    search_fields = ["listing__name"]
    # The author's e-mail, the patient link and the sender hash stay out of the admin.
    fields = [
        "listing",
        "stars",
        "text",
        "display_name",
        "verified",
        "status",
        "submitted_at",
        "moderated_at",
        "moderation_note",
        "reply",
        "reply_at",
    ]
    list_select_related = ["listing"]


@admin.register(AbuseReport)
class AbuseReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "rating", "handled_at", "outcome"]
    list_filter = ["handled_at"]
    fields = ["rating", "reason", "created_at", "handled_at", "outcome"]


@admin.register(BookingRequest)
class BookingRequestAdmin(ReadOnlyAdmin):
    # A booking request is personal data the clinic handles in its inbox; the platform admin
    # sees only that it exists and how it went, not who asked or what they wrote.
    list_display = ["created_at", "listing", "treatment", "status", "handled_at"]
    list_filter = ["status", "treatment"]
    search_fields = ["listing__name"]
    fields = ["listing", "treatment", "status", "created_at", "handled_at", "language"]
    list_select_related = ["listing"]
