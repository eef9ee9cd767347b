"""The public side of booking requests under /klinikker/: the request form, the requester's
status page and withdrawing.

Views parse the request, run the anti-spam checks and call bontrack.directory.bookings, which
owns the rules (standalone listings, the rate limit, which treatments) and the e-mails.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from bontrack.directory import antispam, bookings
from bontrack.directory.booking_forms import BookingRequestForm
from bontrack.directory.models import BookingRequest, Listing


def _listing(slug: str) -> Listing:
    return get_object_or_404(
        Listing.objects.select_related("clinic", "postcode"), slug=slug, published=True
    )


def _stamp_for(request: HttpRequest) -> str:
    """The form's time stamp: the one sent back while it is still good, else a fresh one, so
    that a person correcting a mistake is not told they were too quick."""
    posted = request.POST.get(antispam.STAMP_FIELD, "") if request.method == "POST" else ""
    if posted and antispam.check_form({antispam.STAMP_FIELD: posted}).ok:
        return posted
    return antispam.stamp()


def _language() -> str:
    return (translation.get_language() or "nb")[:2]


@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest, slug: str) -> HttpResponse:
    listing = _listing(slug)
    treatments = bookings.offered_treatments(listing)
    if not bookings.accepts_requests(listing) or not treatments:
        # Nothing to fill in: the page says how to reach the clinic instead.
        return render(request, "directory/booking_unavailable.html", {
            "listing": listing, "standalone": not bookings.accepts_requests(listing),
            "refused": request.method == "POST",
        }, status=400 if request.method == "POST" else 200)
    if request.method != "POST":
        initial = {}
        wanted = request.GET.get("behandling", "")
        if wanted in dict(treatments):
            initial["treatment"] = wanted
        form = BookingRequestForm(listing=listing, initial=initial)
        return render(request, "directory/booking_request.html", {
            "listing": listing, "form": form, "stamp": antispam.stamp(),
            "honeypot": antispam.HONEYPOT_FIELD, "stamp_field": antispam.STAMP_FIELD,
        })
    form = BookingRequestForm(request.POST, listing=listing)
    verdict = antispam.check_form(request.POST)
    if form.is_valid() and verdict.ok:
        try:
            booking = bookings.request_booking(
                listing=listing, data=form.cleaned_data,
                sender=antispam.sender_hash(request), language=_language(),
            )
        except bookings.BookingRequestError as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, gettext(
                "Your request is sent to %(clinic)s. We have e-mailed you a receipt with the "
                "link to this page."
            ) % {"clinic": listing.name})
            return redirect("directory:booking_status", token=booking.token)
    for problem in verdict.problems:
        form.add_error(None, problem)
    return render(request, "directory/booking_request.html", {
        "listing": listing, "form": form, "stamp": _stamp_for(request),
        "honeypot": antispam.HONEYPOT_FIELD, "stamp_field": antispam.STAMP_FIELD,
    }, status=400)


@never_cache
@require_http_methods(["GET"])
def status(request: HttpRequest, token: str) -> HttpResponse:
    booking = bookings.by_token(token)
    response = render(request, "directory/booking_status.html", {
        "booking": booking,
        "listing": booking.listing,
        "new": booking.status == BookingRequest.Status.NEW,
    })
    # The page is the requester's own: keep it out of search engines and shared caches.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    booking = bookings.by_token(token)
    try:
        bookings.withdraw(booking=booking)
    except bookings.BookingRequestError as exc:
        messages.error(request, " ".join(exc.errors.values()))
    else:
        messages.success(request, gettext(
            "Your request is withdrawn. The clinic will not book an appointment from it."
        ))
    return redirect("directory:booking_status", token=booking.token)
