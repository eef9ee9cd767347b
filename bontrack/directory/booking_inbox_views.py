"""The clinic's booking inbox under /klinikk/bestillinger/: new requests, each request's page,
accepting (identity confirmed, patient enrolled, appointment booked) and declining.

Coordinators and clinic admins of the listing's clinic read the inbox; only coordinators
accept, because accepting books an appointment. bontrack.directory.bookings owns the rules
and the audit (reading a request is an audited access).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from bontrack.accounts.decorators import role_required
from bontrack.accounts.models import Role
from bontrack.directory import bookings
from bontrack.directory.booking_forms import AcceptForm, DeclineForm
from bontrack.directory.models import BookingRequest
from bontrack.treatments import scheduling

inbox_required = role_required(Role.COORDINATOR, Role.CLINIC_ADMIN)


@inbox_required
def inbox(request: HttpRequest) -> HttpResponse:
    found = bookings.inbox(user=request.user)
    clinics = {b.listing_id for b in [*found.waiting, *found.handled]}
    return render(request, "directory/booking_inbox.html", {
        "waiting": found.waiting, "handled": found.handled, "several_listings": len(clinics) > 1,
    })


def _detail(request: HttpRequest, booking: BookingRequest, *, accept_form: AcceptForm | None = None,
            decline_form: DeclineForm | None = None, status: int = 200) -> HttpResponse:
    new = booking.status == BookingRequest.Status.NEW
    may_accept = new and bookings.can_accept(request.user, booking)
    context: dict[str, Any] = {
        "booking": booking,
        "new": new,
        "may_accept": may_accept,
        "accept_form": accept_form or (AcceptForm(booking=booking) if may_accept else None),
        "decline_form": decline_form or (DeclineForm() if new else None),
        "failed": accept_form if accept_form is not None else decline_form,
        "sees_patient": booking.patient_id is not None
        and booking.listing.clinic_id in scheduling.calendar_clinic_ids(request.user),
    }
    return render(request, "directory/booking_detail.html", context, status=status)


@inbox_required
def detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    return _detail(request, bookings.booking_for(request.user, booking_id))


def _refused_as_handled(request: HttpRequest, booking: BookingRequest) -> HttpResponse | None:
    if booking.status == BookingRequest.Status.NEW:
        return None
    messages.error(request, gettext("This request is no longer waiting: it is %(status)s.")
                   % {"status": booking.get_status_display().lower()})
    return redirect("workspace:bookings:request", booking_id=booking.pk)


def _tell_contact_differences(request: HttpRequest, booking: BookingRequest,
                              form: AcceptForm) -> None:
    """An existing record is never changed from a request: show the coordinator the phone and
    e-mail they confirmed that the record lacks or has otherwise, to update it by hand."""
    patient = booking.patient
    assert patient is not None
    typed = form.identity()
    differing = [
        f"{label}: {value}"
        for label, value, kept in (
            (gettext("phone"), typed.phone.strip(), patient.phone),
            (gettext("e-mail"), typed.email.strip(), patient.email),
        )
        if value and value != kept
    ]
    if differing:
        messages.warning(request, gettext(
            "The patient's record was not changed. The contact details you confirmed differ "
            "from it (%(details)s): open the record and update it by hand if they are right."
        ) % {"details": "; ".join(differing)})


@require_POST
@inbox_required
def accept(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = bookings.booking_for(request.user, booking_id, action="update")
    if not bookings.can_accept(request.user, booking):
        raise PermissionDenied("only the clinic's coordinators accept booking requests")
    handled = _refused_as_handled(request, booking)
    if handled is not None:
        return handled
    form = AcceptForm(request.POST, booking=booking)
    if form.is_valid():
        data = form.cleaned_data
        try:
            bookings.accept(
                user=request.user, booking=booking, identity=form.identity(),
                physician=data["physician"], kind=data["kind"], starts_at=form.starts_at(),
                minutes=data["minutes"], note=data["note"] or "",
            )
        except (bookings.BookingRequestError, scheduling.BookingError) as exc:
            form.add_service_errors(exc.errors)
        else:
            local = timezone.localtime(booking.appointment.starts_at)  # type: ignore[union-attr]
            messages.success(request, gettext(
                "Accepted: %(name)s is booked on %(when)s, and the requester is told by e-mail."
            ) % {"name": booking.patient.full_name,  # type: ignore[union-attr]
                 "when": f"{local:%d.%m.%Y %H:%M}"})
            _tell_contact_differences(request, booking, form)
            return redirect("workspace:bookings:request", booking_id=booking.pk)
    booking.refresh_from_db()
    return _detail(request, booking, accept_form=form, status=400)


@require_POST
@inbox_required
def decline(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = bookings.booking_for(request.user, booking_id, action="update")
    handled = _refused_as_handled(request, booking)
    if handled is not None:
        return handled
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            bookings.decline(user=request.user, booking=booking,
                             reason=form.cleaned_data["reason"])
        except bookings.BookingRequestError as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, gettext(
                "Declined. The requester is told by e-mail and reads your message on their "
                "status page."
            ))
            return redirect("workspace:bookings:inbox")
    booking.refresh_from_db()
    return _detail(request, booking, decline_form=form, status=400)
