"""Booking requests: anyone asks a listed clinic for an appointment; a coordinator of that
clinic accepts it (a patient record and an appointment) or declines it; the requester may
withdraw it from their status page while it is still new.

A request is not patient data until it is accepted, but it is personal data and may hold
health details in its message: staff reads and writes of it are audited, and no e-mail ever
repeats what the requester wrote. Every function takes keyword-only arguments and owns its
transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bontrack.accounts import access, audit, roles
from bontrack.accounts.models import Membership, Role, User
from bontrack.directory import antispam, booking_mail
from bontrack.directory.models import BookingRequest, Listing
from bontrack.patients.models import Enrolment, Patient, allow_synthetic_ids
from bontrack.patients.nin import InvalidNationalId, parse_national_id
from bontrack.treatments import scheduling
from bontrack.treatments.models import Appointment

# Who reads a clinic's booking inbox, and who may turn a request into an appointment: only
# those who may book (scheduling.book refuses everyone but coordinators and physicians).
INBOX_ROLES = (Role.COORDINATOR, Role.CLINIC_ADMIN)
ACCEPT_ROLES = (Role.COORDINATOR,)

# At most this many requests from one sender (address) or to one e-mail address per window.
RATE_LIMIT = 3
RATE_WINDOW = dt.timedelta(hours=1)
# Handled requests stay in the inbox's second list this long.
HANDLED_SHOWN_DAYS = 30

# bontrack.patients.nin explains a bad number in English; these are its reasons, for the page.
NATIONAL_ID_REASONS = (
    gettext_noop("must be exactly 11 digits"),
    gettext_noop("the first check digit is wrong"),
    gettext_noop("the second check digit is wrong"),
    gettext_noop("synthetic test numbers are not accepted here"),
    gettext_noop("the individual number does not match any birth year"),
    gettext_noop("the first six digits are not a date of birth"),
)

REQUEST_FIELDS = ("treatment", "name", "email", "phone", "preferred_times", "has_referral",
                  "message")


class BookingRequestError(ValueError):
    """A request or a decision refused; `errors` maps each field ("" for all) to the reason."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# --- The public side -----------------------------------------------------------------------


def accepts_requests(listing: Listing) -> bool:
    """Whether the listing takes booking requests in bontrack: only a bontrack clinic's."""
    clinic = listing.clinic
    return bool(listing.published and clinic is not None and clinic.is_active)


def offered_treatments(listing: Listing) -> list[tuple[str, str]]:
    """The listing's treatments as (value, label), in the order of Treatment's choices."""
    return [(o.treatment, str(o.get_treatment_display()))
            for o in listing.offerings.all().order_by("treatment")]


def rate_limited(*, sender: str, email: str = "") -> bool:
    """Whether this sender, or anyone for this e-mail address, has asked often enough lately."""
    if antispam.too_many(BookingRequest, sender, limit=RATE_LIMIT, within=RATE_WINDOW,
                         time_field="created_at"):
        return True
    if not email:
        return False
    since = timezone.now() - RATE_WINDOW
    recent = BookingRequest.objects.filter(email__iexact=email.strip(), created_at__gte=since)
    return bool(recent[:RATE_LIMIT].count() >= RATE_LIMIT)


def request_booking(
    *, listing: Listing, data: dict[str, Any], sender: str, language: str
) -> BookingRequest:
    """Store a request from the public form; the requester gets a receipt, the clinic a nudge.

    `data` is the form's cleaned data. Nothing is stored when anything is wrong."""
    if not accepts_requests(listing):
        raise BookingRequestError({"": _(
            "This clinic does not take booking requests through bontrack. Contact it by phone "
            "or e-mail instead."
        )})
    if rate_limited(sender=sender, email=str(data.get("email") or "")):
        raise BookingRequestError({"": _(
            "You have sent %(limit)s booking requests in the last hour, which is as many as we "
            "accept. Please wait an hour, or contact the clinic by phone."
        ) % {"limit": RATE_LIMIT}})
    if data.get("treatment") not in dict(offered_treatments(listing)):
        raise BookingRequestError({"treatment": _(
            "Choose one of the treatments this clinic offers."
        )})
    booking = BookingRequest(
        listing=listing,
        language=language if language in ("nb", "en") else "nb",
        sender_hash=sender,
        **{name: (data.get(name) or "").strip() for name in REQUEST_FIELDS},
    )
    try:
        booking.full_clean(exclude=["token"])
    except ValidationError as exc:
        raise BookingRequestError({
            field if field != "__all__" else "": " ".join(str(m) for m in messages)
            for field, messages in exc.message_dict.items()
        }) from None
    with transaction.atomic():
        booking.save()
        transaction.on_commit(lambda: booking_mail.send_receipt(booking))
        transaction.on_commit(lambda: booking_mail.notify_clinic(booking))
    return booking


def by_token(token: str) -> BookingRequest:
    """The request behind a status-page link; 404 for any other string."""
    try:
        return BookingRequest.objects.select_related(
            "listing", "listing__postcode", "appointment", "appointment__physician"
        ).get(token=token)
    except BookingRequest.DoesNotExist:
        raise Http404("no such booking request") from None


def _locked(booking: BookingRequest) -> BookingRequest:
    """The request's row, locked: a double click or two staff at once act only once."""
    fresh = BookingRequest.objects.select_for_update().get(pk=booking.pk)
    booking.status = fresh.status
    return booking


def _not_new(booking: BookingRequest) -> BookingRequestError:
    return BookingRequestError({"": _(
        "This request is no longer waiting: it is %(status)s."
    ) % {"status": booking.get_status_display().lower()}})


def withdraw(*, booking: BookingRequest) -> BookingRequest:
    """The requester takes a new request back; an answered one cannot be withdrawn here."""
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status != BookingRequest.Status.NEW:
            raise _not_new(booking)
        booking.status = BookingRequest.Status.WITHDRAWN
        booking.handled_at = timezone.now()
        booking.save(update_fields=["status", "handled_at"])
        audit.record(actor=None, action="withdraw", obj=booking, clinic=booking.listing.clinic_id,
                     reason="withdrawn by the requester")
        transaction.on_commit(lambda: booking_mail.send_status(booking))
    return booking


# --- The clinic's inbox --------------------------------------------------------------------


def inbox_clinic_ids(user: Any) -> set[int]:
    """The clinics whose booking inbox `user` reads."""
    return roles.clinic_ids(user, *INBOX_ROLES)


def can_accept(user: Any, booking: BookingRequest) -> bool:
    clinic_id = booking.listing.clinic_id
    return clinic_id is not None and clinic_id in roles.clinic_ids(user, *ACCEPT_ROLES)


def _scoped(user: Any) -> QuerySet[BookingRequest]:
    return BookingRequest.objects.filter(
        listing__clinic_id__in=inbox_clinic_ids(user)
    ).select_related("listing")


def new_count(user: Any) -> int:
    """How many requests wait in `user`'s inbox (a count reads nobody's details)."""
    clinics = inbox_clinic_ids(user)
    if not clinics:
        return 0
    return _scoped(user).filter(status=BookingRequest.Status.NEW).count()


@dataclass(frozen=True)
class Inbox:
    waiting: list[BookingRequest]
    handled: list[BookingRequest]


def inbox(*, user: Any, now: dt.datetime | None = None) -> Inbox:
    """New requests, oldest first, then those handled lately; one audit row per clinic."""
    now = now or timezone.now()
    waiting = list(_scoped(user).filter(status=BookingRequest.Status.NEW).order_by("created_at"))
    handled = list(
        _scoped(user)
        .exclude(status=BookingRequest.Status.NEW)
        .filter(created_at__gte=now - dt.timedelta(days=HANDLED_SHOWN_DAYS))
        .order_by(F("handled_at").desc(nulls_last=True), "-created_at")[:100]
    )
    with transaction.atomic():
        for clinic_id in sorted(inbox_clinic_ids(user)):
            audit.record(actor=user, action="list", object_type="directory.bookingrequest",
                         clinic=clinic_id, reason="booking inbox")
    return Inbox(waiting, handled)


def booking_for(user: Any, booking_id: Any, *, action: str = "read") -> BookingRequest:
    """One request to the user's clinics, audited; 404 otherwise (no hint that it exists)."""
    try:
        booking = _scoped(user).select_related(
            "appointment", "appointment__physician", "handled_by"
        ).get(pk=int(booking_id))
    except (BookingRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("no such booking request") from None
    audit.record(actor=user, action=action, obj=booking, patient=booking.patient_id,
                 clinic=booking.listing.clinic_id)
    return booking


def physicians_at(clinic_id: int | None) -> QuerySet[User]:
    """The physicians an accepted request can be booked with: those of the listing's clinic."""
    if clinic_id is None:
        return User.objects.none()
    ids = Membership.objects.filter(
        clinic_id=clinic_id, role=Role.PHYSICIAN, clinic__is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email")


@dataclass(frozen=True)
class Identity:
    """Who the requester is, as the coordinator has confirmed it (by phone, say)."""

    full_name: str
    national_id: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _check_identity(identity: Identity) -> tuple[str, dt.date]:
    """The identity number (or "") and the date of birth, or the reasons they are not usable."""
    errors: dict[str, str] = {}
    if not identity.full_name.strip():
        errors["full_name"] = _("Write the patient's full name.")
    number, birth_date = "", identity.birth_date
    if identity.national_id.strip():
        try:
            parsed = parse_national_id(identity.national_id,
                                       allow_synthetic=allow_synthetic_ids())
        except InvalidNationalId as exc:
            errors["national_id"] = _("Not a valid national identity number: %(why)s.") % {
                "why": _(str(exc)) if str(exc) in NATIONAL_ID_REASONS else str(exc)}
        else:
            number = parsed.number
            if birth_date is not None and birth_date != parsed.birth_date:
                errors["birth_date"] = _(
                    "The date of birth does not match the identity number."
                )
            birth_date = parsed.birth_date
    if birth_date is None and "national_id" not in errors:
        errors["birth_date"] = _(
            "Give the date of birth or the national identity number: one of them is needed to "
            "tell patients apart."
        )
    elif birth_date is not None and not (
        dt.date(1900, 1, 1) <= birth_date <= timezone.localdate()
    ):
        errors["birth_date"] = _("The date of birth must be between 1900 and today.")
    if errors:
        raise BookingRequestError(errors)
    assert birth_date is not None
    return number, birth_date


# The one answer to a number that belongs to no patient of the clinic but may not be registered
# from a request: it says nothing about whether, or where, a record with that number exists.
NUMBER_REFUSED = gettext_noop(
    "This identity number cannot be registered from a booking request. Register the patient "
    "through a referral, or ask a physician."
)


class _LookupRefused(BookingRequestError):
    """A refusal after looking up an identity number; audited once the transaction is undone."""

    def __init__(self, errors: dict[str, str], *, reason: str, patient: Patient | None = None
                 ) -> None:
        super().__init__(errors)
        self.reason = reason
        self.patient = patient


def _new_patient(*, name: str, number: str, birth_date: dt.date, identity: Identity,
                 language: str, lookup: str) -> Patient:
    try:
        with transaction.atomic():
            return Patient.objects.create(
                full_name=name,
                national_id=number or None,
                birth_date=birth_date,
                phone=identity.phone.strip(),
                email=identity.email.strip(),
                preferred_language=language if language in ("nb", "en") else "nb",
            )
    except IntegrityError:
        # Someone registered the number a moment ago: the same neutral answer as above.
        raise _LookupRefused({"national_id": _(NUMBER_REFUSED)},
                             reason=f"{lookup}; refused, not a patient of this clinic") from None


def _find_or_create_patient(
    *, user: Any, identity: Identity, clinic_id: int, language: str, booking_id: int
) -> tuple[Patient, bool]:
    """The patient the request is about: with an identity number, this clinic's patient with
    that number, or else a new record if nobody in bontrack has the number; without a number,
    always a new record.

    A request proves nothing about who sent it, so it never reaches a record outside the
    clinic (another clinic's patient is enrolled through a referral, or by a physician), and
    name and date of birth never pick an existing record: two people may share both. E-mail
    and phone never identify anyone either: families share them."""
    number, birth_date = _check_identity(identity)
    name = " ".join(identity.full_name.split())
    lookup = f"booking request {booking_id}: identity number looked up on acceptance"
    if number:
        own = access.patients_for(user).filter(
            enrolments__clinic_id=clinic_id, national_id=number, erased_at__isnull=True
        ).first()
        if own is not None:
            if not _same_name(own.full_name, name):
                # The clinic's own patient, whom the coordinator may open anyway.
                raise _LookupRefused({"national_id": _(
                    "The name does not match your clinic's patient with this identity number. "
                    "Check the number and the name with the requester."
                )}, reason=f"{lookup}; refused, the name differs", patient=own)
            return own, False
        if Patient.objects.filter(national_id=number).exists():
            raise _LookupRefused({"national_id": _(NUMBER_REFUSED)},
                                 reason=f"{lookup}; refused, not a patient of this clinic")
    patient = _new_patient(name=name, number=number, birth_date=birth_date, identity=identity,
                           language=language, lookup=lookup)
    return patient, True


def accept(
    *,
    user: Any,
    booking: BookingRequest,
    identity: Identity,
    physician: User,
    kind: str,
    starts_at: dt.datetime,
    minutes: int,
    note: str = "",
) -> BookingRequest:
    """Accept a new request: the patient is found among the clinic's own or created and
    enrolled, the appointment booked through the calendar (with its checks against double
    booking), the requester told. An existing record is never changed: the contact details
    typed here go only into a new one.

    Any refusal leaves nothing behind: no patient, no enrolment, no appointment. A refused
    identity number is still audited, after the rollback."""
    if booking.listing.clinic_id is None:
        raise BookingRequestError({"": _(
            "This clinic is not run in bontrack, so its requests cannot be accepted here."
        )})
    if not can_accept(user, booking):
        raise PermissionDenied("only the clinic's coordinators accept booking requests")
    clinic_id = booking.listing.clinic_id
    if len(note) > 500:
        raise BookingRequestError({"note": _("The message can be at most 500 characters.")})
    try:
        return _accept(user=user, booking=booking, identity=identity, clinic_id=clinic_id,
                       physician=physician, kind=kind, starts_at=starts_at, minutes=minutes,
                       note=note)
    except _LookupRefused as exc:
        audit.record(actor=user, action="search", object_type="patients.patient",
                     patient=exc.patient, clinic=clinic_id, reason=exc.reason)
        raise BookingRequestError(exc.errors) from None


def _accept(
    *, user: Any, booking: BookingRequest, identity: Identity, clinic_id: int,
    physician: User, kind: str, starts_at: dt.datetime, minutes: int, note: str,
) -> BookingRequest:
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status != BookingRequest.Status.NEW:
            raise _not_new(booking)
        patient, created = _find_or_create_patient(
            user=user, identity=identity, clinic_id=clinic_id, language=booking.language,
            booking_id=booking.pk,
        )
        source = f"from booking request {booking.pk}"
        if created:
            Enrolment.objects.create(patient=patient, clinic_id=clinic_id)
            audit.record(actor=user, action="create", obj=patient, patient=patient,
                         clinic=clinic_id, reason=source)
        else:
            audit.record(actor=user, action="read", obj=patient, patient=patient,
                         clinic=clinic_id, reason=f"matched {source}")
        appointment = scheduling.book(
            user=user, patient=patient, physician=physician, kind=kind,
            starts_at=starts_at, minutes=minutes, note=_("Booking request %(number)s") % {
                "number": booking.pk},
        )
        booking.status = BookingRequest.Status.ACCEPTED
        booking.status_note = note.strip()
        booking.handled_at = timezone.now()
        booking.handled_by = user
        booking.patient = patient
        booking.appointment = appointment
        booking.save(update_fields=["status", "status_note", "handled_at", "handled_by",
                                    "patient", "appointment"])
        audit.record(actor=user, action="accept", obj=booking, patient=patient,
                     clinic=clinic_id, reason=f"appointment {appointment.pk}")
        transaction.on_commit(lambda: booking_mail.send_status(booking))
    return booking


def decline(*, user: Any, booking: BookingRequest, reason: str) -> BookingRequest:
    """Decline a new request with a message the requester reads on their status page."""
    clinic_id = booking.listing.clinic_id
    if clinic_id is None or clinic_id not in inbox_clinic_ids(user):
        raise PermissionDenied("only the clinic's staff decline its booking requests")
    reason = reason.strip()
    if not reason:
        raise BookingRequestError({"reason": _(
            "Write a short message to the requester: why, and where they might turn instead."
        )})
    if len(reason) > 500:
        raise BookingRequestError({"reason": _("The message can be at most 500 characters.")})
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status != BookingRequest.Status.NEW:
            raise _not_new(booking)
        booking.status = BookingRequest.Status.DECLINED
        booking.status_note = reason
        booking.handled_at = timezone.now()
        booking.handled_by = user
        booking.save(update_fields=["status", "status_note", "handled_at", "handled_by"])
        audit.record(actor=user, action="decline", obj=booking, clinic=clinic_id)
        transaction.on_commit(lambda: booking_mail.send_status(booking))
    return booking


def appointment_kinds() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Appointment.Kind.choices]
