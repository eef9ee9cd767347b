"""Clinic profiles: the public page /klinikker/<slug>/ and the clinic admin's editing under
/klinikk/profil/. The work is in bontrack.directory.profiles and profile_public."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from bontrack.accounts.decorators import role_required
from bontrack.accounts.models import Role
from bontrack.directory import profiles
from bontrack.directory.models import Listing
from bontrack.directory.profile_forms import ProfileForms
from bontrack.directory.profile_public import profile_page, published_listing

admin_required = role_required(Role.CLINIC_ADMIN)
EDIT = "workspace:workspace_profile_urls:edit"
# Which of an admin's listings the page is about, when they administer several clinics.
CHOICE = "oppforing"


@require_GET
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        listing = published_listing(slug)
    except Listing.DoesNotExist:
        raise Http404("no published clinic at this address") from None
    page = profile_page(listing, absolute_url=request.build_absolute_uri(request.path))
    return render(
        request,
        "directory/profile.html",
        {"page": page, "listing": listing, "ratings": page.ratings},
    )


def _chosen(request: HttpRequest) -> tuple[Listing | None, list[Listing]]:
    listings = profiles.admin_listings(request.user)
    wanted = request.POST.get(CHOICE) or request.GET.get(CHOICE)
    if not wanted:
        return (listings[0] if listings else None), listings
    chosen = next((item for item in listings if item.slug == wanted), None)
    if chosen is None:
        raise Http404("not a listing of a clinic you administer")
    return chosen, listings


def _edit_url(listing: Listing, several: bool) -> str:
    url = reverse(EDIT)
    return f"{url}?{CHOICE}={listing.slug}" if several else url


def _form_page(
    request: HttpRequest,
    listing: Listing,
    listings: list[Listing],
    forms: ProfileForms,
    status: int = 200,
) -> HttpResponse:
    errors = forms.error_list()
    return render(
        request,
        "directory/profile_edit.html",
        {
            "listing": listing,
            "listings": listings,
            "choice": CHOICE,
            "forms": forms,
            "offering_forms": forms.offerings,
            "hours_forms": forms.hours,
            "error_list": errors,
        },
        status=status,
    )


@admin_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest) -> HttpResponse:
    listing, listings = _chosen(request)
    if listing is None:
        return render(request, "directory/profile_none.html")
    several = len(listings) > 1
    if request.method == "GET":
        return _form_page(request, listing, listings, ProfileForms(listing))
    if request.POST.get("action") == "confirm":
        count = profiles.confirm_unchanged(user=request.user, listing_id=listing.pk)
        if count:
            messages.success(
                request, gettext("Prices and waiting times are confirmed as of today.")
            )
        else:
            messages.info(request, gettext("They were already confirmed today."))
        return redirect(_edit_url(listing, several))
    forms = ProfileForms(listing, request.POST)
    if not forms.is_valid():
        return _form_page(request, listing, listings, forms, status=400)
    try:
        count = profiles.save_profile(
            user=request.user, listing_id=listing.pk, data=forms.cleaned()
        )
    except profiles.ProfileInputError as exc:
        forms.add_errors(exc.errors)
        return _form_page(request, listing, listings, forms, status=400)
    if count:
        messages.success(
            request,
            ngettext(
                "The profile is saved: %(n)s change.",
                "The profile is saved: %(n)s changes.",
                count,
            )
            % {"n": count},
        )
    else:
        messages.info(request, gettext("Nothing was changed."))
    return redirect(_edit_url(listing, several))


@admin_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    listing, listings = _chosen(request)
    if listing is None:
        return render(request, "directory/profile_none.html")
    page = Paginator(profiles.changes_of(listing), 50).get_page(request.GET.get("side"))
    return render(
        request,
        "directory/profile_history.html",
        {
            "listing": listing,
            "listings": listings,
            "choice": CHOICE,
            "page": page,
            "rows": profiles.history_rows(page.object_list),
        },
    )
