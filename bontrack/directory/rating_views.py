"""Public pages for experiences: share one (/klinikker/<slug>/erfaring/ny/), report one
(/klinikker/erfaring/<id>/meld/), and the thank-you pages after each.

A logged-in patient treated at the clinic in bontrack gets a verified rating from the same
form; everyone else's waits for a moderator. The work is in bontrack.directory.ratings.

Opening the form reads nothing about the patient and writes no audit row: whether a rating
can be verified is checked only when it is sent, so a patient who merely looks at a clinic's
form leaves no trace that the clinic could see. The patient's form asks for no e-mail.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from bontrack.accounts import access, roles
from bontrack.directory import antispam, ratings
from bontrack.directory.models import Listing, Rating
from bontrack.directory.rating_forms import RatingForm, ReportForm

PUBLISHED = "publisert"
PENDING = "venter"


def _listing(slug: str) -> Listing:
    listing = Listing.objects.filter(slug=slug, published=True).select_related("postcode").first()
    if listing is None:
        raise Http404("no published clinic at this address")
    return listing


def _outside_bontrack(listing: Listing) -> ratings.Verification | None:
    """What the form can say before anything is checked: a clinic that does not keep its
    treatments in bontrack cannot give verified ratings (a fact about the listing only)."""
    if listing.clinic_id is not None:
        return None
    return ratings.Verification(False, gettext(
        "This clinic does not keep its treatments in bontrack, so we cannot verify that "
        "you were treated there."
    ))


def _spam_problems(request: HttpRequest) -> tuple[str, ...]:
    return antispam.check_form(request.POST).problems


def _kept_stamp(request: HttpRequest, problems: tuple[str, ...]) -> str:
    """A person correcting a mistake keeps the stamp of when the form was first shown."""
    return "" if problems else str(request.POST.get(antispam.STAMP_FIELD, ""))


def _form_page(
    request: HttpRequest,
    listing: Listing,
    form: RatingForm,
    status: int = 200,
    stamp: str = "",
) -> HttpResponse:
    return render(
        request,
        "directory/rating_form.html",
        {
            "listing": listing,
            "form": form,
            "is_patient": roles.is_patient(request.user),
            "outside": _outside_bontrack(listing),
            "stamp": stamp or antispam.stamp(),
            "login_url": f"{reverse('accounts:login')}?next={request.path}",
            "profile_url": reverse("directory:profile", args=[listing.slug]),
        },
        status=status,
    )


def _form(request: HttpRequest, data: Any = None) -> RatingForm:
    if roles.is_patient(request.user):
        return RatingForm(data, patient=True)
    return RatingForm(data, anonymous_label=gettext("Anonymous"))


def _submit(request: HttpRequest, listing: Listing, data: dict[str, Any]) -> Rating:
    """A patient's rating is verified if it can be (checked now, audited as their own
    self-service); otherwise, like anyone's, it waits for a moderator, and the patient is
    told why it was not verified."""
    if not roles.is_patient(request.user):
        return ratings.submit_public(**data)
    data["email"] = ""
    patient = access.own_patient(request.user)
    try:
        return ratings.submit_verified(user=request.user, patient=patient, **data)
    except ratings.NotVerified as exc:
        messages.info(request, gettext(
            "%(reason)s Your experience is not marked as verified, and a moderator reads it "
            "before it is published."
        ) % {"reason": exc.message})
    return ratings.submit_public(**data)


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, slug: str) -> HttpResponse:
    listing = _listing(slug)
    if request.method == "GET":
        return _form_page(request, listing, _form(request))
    form = _form(request, request.POST)
    valid = form.is_valid()
    problems = _spam_problems(request)
    for problem in problems:
        form.add_error(None, problem)
    if problems or not valid:
        return _form_page(request, listing, form, status=400,
                          stamp=_kept_stamp(request, problems))
    data: dict[str, Any] = {
        "listing": listing,
        "stars": form.cleaned_data["stars"],
        "text": form.cleaned_data["text"],
        "display_name": form.cleaned_data["display_name"],
        "email": form.cleaned_data.get("email", ""),
        "sender": antispam.sender_hash(request),
    }
    try:
        rating = _submit(request, listing, data)
    except ratings.RateLimited as exc:
        form.add_error(None, exc.message)
        return _form_page(request, listing, form, status=429,
                          stamp=_kept_stamp(request, ()))
    except ratings.Refused as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _form_page(request, listing, form, status=400,
                          stamp=_kept_stamp(request, ()))
    outcome = PUBLISHED if rating.status == Rating.Status.PUBLISHED else PENDING
    url = reverse("directory:rating_thanks", args=[listing.slug])
    return redirect(f"{url}?{outcome}=1")


@require_GET
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    listing = _listing(slug)
    return render(
        request,
        "directory/rating_thanks.html",
        {
            "listing": listing,
            "published": PUBLISHED in request.GET,
            "profile_url": reverse("directory:profile", args=[listing.slug]),
        },
    )


def _published(pk: int) -> Rating:
    rating = (
        Rating.objects.filter(pk=pk, status=Rating.Status.PUBLISHED, listing__published=True)
        .select_related("listing")
        .first()
    )
    if rating is None:
        raise Http404("no published experience with this number")
    return rating


def _report_page(
    request: HttpRequest, rating: Rating, form: ReportForm, status: int = 200, stamp: str = ""
) -> HttpResponse:
    return render(
        request,
        "directory/rating_report.html",
        {
            "rating": ratings.show(rating),
            "listing": rating.listing,
            "form": form,
            "stamp": stamp or antispam.stamp(),
            "profile_url": reverse("directory:profile", args=[rating.listing.slug]),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _published(pk)
    if request.method == "GET":
        return _report_page(request, rating, ReportForm())
    form = ReportForm(request.POST)
    valid = form.is_valid()
    problems = _spam_problems(request)
    for problem in problems:
        form.add_error(None, problem)
    if problems or not valid:
        return _report_page(request, rating, form, status=400,
                            stamp=_kept_stamp(request, problems))
    try:
        ratings.report(
            rating_id=rating.pk,
            reason=form.cleaned_data["reason"],
            sender=antispam.sender_hash(request),
        )
    except ratings.RateLimited as exc:
        form.add_error(None, exc.message)
        return _report_page(request, rating, form, status=429, stamp=_kept_stamp(request, ()))
    except ratings.Refused as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _report_page(request, rating, form, status=400, stamp=_kept_stamp(request, ()))
    return redirect(f"{reverse('directory:rating_reported')}?klinikk={rating.listing.slug}")


@require_GET
def reported(request: HttpRequest) -> HttpResponse:
    listing = Listing.objects.filter(slug=request.GET.get("klinikk", ""), published=True).first()
    return render(request, "directory/rating_reported.html", {"listing": listing})
