"""The clinic's experiences at /klinikk/erfaringer/: the clinic administrator reads the
published experiences of their clinic's listing and replies once to each."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from bontrack.accounts.decorators import role_required
from bontrack.accounts.models import Role
from bontrack.directory import ratings
from bontrack.directory.models import Rating
from bontrack.directory.rating_forms import ReplyForm

admin_required = role_required(Role.CLINIC_ADMIN)
INDEX = "workspace:clinic_ratings:index"


def _page(request: HttpRequest, failed: ReplyForm | None = None, failed_pk: int | None = None,
          status: int = 200) -> HttpResponse:
    listings = ratings.clinic_ratings(user=request.user)

    def form_for(pk: int) -> ReplyForm:
        return failed if failed is not None and pk == failed_pk else ReplyForm(rating_id=pk)

    entries = [
        (entry.listing, [
            (row, form_for(row.shown.pk) if row.reply_state == "none" else None)
            for row in entry.ratings
        ])
        for entry in listings
    ]
    return render(
        request,
        "directory/rating_clinic.html",
        {"entries": entries, "failed": failed, "failed_pk": failed_pk},
        status=status,
    )


@admin_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@admin_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    rating = Rating.objects.filter(pk=pk).select_related("listing").first()
    if rating is None or not ratings.is_listing_admin(request.user, rating.listing):
        raise Http404("no experience of your clinic with this number")
    form = ReplyForm(request.POST, rating_id=pk)
    if not form.is_valid():
        return _page(request, form, pk, status=400)
    try:
        saved = ratings.reply(rating_id=pk, user=request.user, text=form.cleaned_data["text"])
    except ratings.Refused as exc:
        if exc.field is None:
            messages.error(request, exc.message)
            return redirect(INDEX)
        form.add_error("text", exc.message)
        return _page(request, form, pk, status=400)
    if saved.reply_at is None:
        messages.info(request, gettext(
            "Your reply may mention a name or a health detail, so a moderator reads it before "
            "it is published."
        ))
    else:
        messages.success(request, gettext("Your reply is published."))
    return redirect(INDEX)
