"""Ratings and experiences: submitting them, the clinic's one reply, reports of abuse, and the
denormalised mean and count on the listing.

Two ways in:
- a verified rating comes from a logged-in patient with a signed treatment session at the
  listing's clinic; it is published at once unless the moderation check flags it;
- anyone else's rating waits for a moderator (bontrack.directory.moderation).

A patient may leave one verified rating per clinic in twelve months; a second one inside that
time is refused with the date from which a new one can be given (editing an experience after
the clinic has replied would change what the reply answers, so we do not offer it).

Only published ratings are shown or counted; refresh_listing_rating() keeps
Listing.rating_count and Listing.rating_mean equal to them and runs after every change of
status. Reading a patient's sessions to verify them is audited.

Privacy of verified ratings: the clinic must not learn which of its patients wrote one. The
patient's own audit rows (the check of their sessions, the rating itself) and the clinic's
reply row are written so that the clinic's audit log cannot tie a patient to a rating: the
patient's rows carry no clinic, the reply row carries no patient. The check runs only when a
rating is sent, never when the form is merely opened, and a verified rating stores no e-mail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bontrack.accounts import audit, roles
from bontrack.accounts.models import Role
from bontrack.directory import antispam, screening
from bontrack.directory.models import AbuseReport, Listing, Rating
from bontrack.patients.models import Patient
from bontrack.treatments.models import Session

TEXT_MAX = 2000
NAME_MAX = 60
REASON_MIN = 5
REASON_MAX = 500
NOTE_MAX = 300
# One verified rating per patient and clinic within this time.
VERIFIED_INTERVAL = dt.timedelta(days=365)
# Rate limits per sender (a keyed hash of the address, see antispam).
RATINGS_PER_HOUR = 3
REPORTS_PER_HOUR = 10
HOUR = dt.timedelta(hours=1)


class Refused(Exception):
    """A submission that cannot be accepted, with a message for the person who sent it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class RateLimited(Refused):
    """Too many submissions from one sender in a short time."""


class NotVerified(Refused):
    """The patient's rating cannot be verified (no treatment there, or rated lately)."""


def refresh_listing_rating(listing_id: int) -> Listing:
    """Set the listing's rating count and mean from its published ratings."""
    with transaction.atomic():
        # The listing row is the lock: two refreshes in a row see each other's ratings.
        listing = Listing.objects.select_for_update().get(pk=listing_id)
        found = Rating.objects.filter(
            listing_id=listing_id, status=Rating.Status.PUBLISHED
        ).aggregate(count=Count("id"), mean=Avg("stars"))
        listing.rating_count = found["count"] or 0
        listing.rating_mean = float(found["mean"]) if found["count"] else None
        listing.save(update_fields=["rating_count", "rating_mean"])
    return listing


def allowed_words(listing: Listing) -> list[str]:
    """Words the name check should not flag on this listing: its own name and town."""
    postcode = listing.postcode
    return [listing.name, postcode.place, postcode.municipality, postcode.county]


def text_flags(rating: Rating) -> list[screening.Flag]:
    return screening.screen(rating.text, allowed=allowed_words(rating.listing))


def flags_for(rating: Rating) -> list[screening.Flag]:
    """What the moderation check finds in a rating's shown-as name and its text."""
    return [*screening.screen_shown_name(rating.display_name), *text_flags(rating)]


def reply_flags(rating: Rating) -> list[screening.Flag]:
    return screening.screen(rating.reply, allowed=allowed_words(rating.listing))


def _check_fields(stars: Any, text: str, display_name: str) -> None:
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise Refused(_("Choose from 1 to 5 stars."), field="stars")
    if len(text) > TEXT_MAX:
        raise Refused(
            _("Your experience is %(n)s characters long; at most %(max)s are allowed.")
            % {"n": len(text), "max": TEXT_MAX},
            field="text",
        )
    if len(display_name) > NAME_MAX:
        raise Refused(
            _("The shown-as name may be at most %(max)s characters.") % {"max": NAME_MAX},
            field="display_name",
        )


def _check_rate(sender: str) -> None:
    if sender and antispam.too_many(
        Rating, sender, limit=RATINGS_PER_HOUR, within=HOUR, time_field="submitted_at"
    ):
        raise RateLimited(
            _(
                "You have already shared %(n)s experiences in the last hour. "
                "Please wait an hour before you share another."
            )
            % {"n": RATINGS_PER_HOUR}
        )


def submit_public(
    *,
    listing: Listing,
    stars: int,
    text: str,
    display_name: str = "",
    email: str = "",
    sender: str = "",
) -> Rating:
    """A rating from anyone: stored as pending, for a moderator to read first."""
    text, display_name = text.strip(), display_name.strip()
    _check_fields(stars, text, display_name)
    with transaction.atomic():
        _check_rate(sender)
        return Rating.objects.create(
            listing=listing,
            stars=stars,
            text=text,
            display_name=display_name,
            email=email.strip(),
            verified=False,
            status=Rating.Status.PENDING,
            sender_hash=sender,
        )


@dataclass(frozen=True)
class Verification:
    """Whether a patient may leave a verified rating of a listing, and if not, why."""

    ok: bool
    reason: str = ""


def _date(value: dt.datetime | dt.date) -> str:
    day = timezone.localtime(value).date() if isinstance(value, dt.datetime) else value
    return str(formats.date_format(day, "DATE_FORMAT"))


def check_verified(*, user: Any, patient: Patient, listing: Listing) -> Verification:
    """Whether `patient` (the logged-in `user`'s own record) may rate `listing` as verified.

    Reads the patient's treatment sessions, so it is audited: as the patient's own
    self-service, with no clinic on the row, so that no clinic's audit log shows it. Call it
    only when a rating is sent, never for showing the form."""
    if patient.user_id != getattr(user, "pk", None):
        raise PermissionDenied("a patient verifies only their own treatments")
    if listing.clinic_id is None:
        return Verification(False, _(
            "This clinic does not keep its treatments in bontrack, so we cannot verify that "
            "you were treated there."
        ))
    treated = Session.objects.filter(
        patient=patient, clinic_id=listing.clinic_id, state=Session.State.SIGNED
    ).exists()
    audit.record(
        actor=user,
        action="read",
        object_type="treatments.session",
        patient=patient,
        clinic=None,
        reason="verify a rating",
    )
    if not treated:
        return Verification(False, _(
            "We found no completed treatment for you at this clinic in bontrack."
        ))
    earlier = (
        Rating.objects.filter(
            listing=listing,
            patient=patient,
            verified=True,
            submitted_at__gte=timezone.now() - VERIFIED_INTERVAL,
        )
        .exclude(status=Rating.Status.REJECTED)
        .order_by("-submitted_at")
        .first()
    )
    if earlier is not None:
        return Verification(False, _(
            "You shared your experience of this clinic on %(date)s. You can share a new one "
            "from %(next)s."
        ) % {"date": _date(earlier.submitted_at),
             "next": _date(earlier.submitted_at + VERIFIED_INTERVAL)})
    return Verification(True)


def submit_verified(
    *,
    user: Any,
    patient: Patient,
    listing: Listing,
    stars: int,
    text: str,
    display_name: str = "",
    email: str = "",
    sender: str = "",
) -> Rating:
    """A rating from a patient treated at the clinic: published at once, unless the
    moderation check flags its text (then it waits for a moderator). No e-mail is kept: a
    verified rating needs none, and a moderator should not learn who the patient is.

    Raises NotVerified when the patient was not treated there or rated it in the last year."""
    del email  # accepted for a uniform call, never stored
    text, display_name = text.strip(), display_name.strip()
    _check_fields(stars, text, display_name)
    with transaction.atomic():
        # Lock the patient's row so two quick submissions cannot both pass the yearly check.
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        verdict = check_verified(user=user, patient=patient, listing=listing)
        if verdict.ok:
            return _save_verified(
                user=user, patient=patient, listing=listing, stars=stars, text=text,
                display_name=display_name, sender=sender,
            )
    # Outside the transaction, so that the audit row of the check is kept.
    raise NotVerified(verdict.reason)


def _save_verified(
    *, user: Any, patient: Patient, listing: Listing, stars: int, text: str,
    display_name: str, sender: str,
) -> Rating:
    """Store the checked rating (in the caller's transaction) and audit it as the patient's
    own, with no clinic on the row."""
    _check_rate(sender)
    rating = Rating(
        listing=listing,
        stars=stars,
        text=text,
        display_name=display_name,
        email="",
        verified=True,
        patient=patient,
        sender_hash=sender,
    )
    flagged = bool(flags_for(rating))
    rating.status = Rating.Status.PENDING if flagged else Rating.Status.PUBLISHED
    rating.save()
    audit.record(
        actor=user,
        action="create",
        obj=rating,
        patient=patient,
        clinic=None,
        reason="verified rating" + (", held for moderation" if flagged else ""),
    )
    if not flagged:
        refresh_listing_rating(listing.pk)
    return rating


def is_listing_admin(user: Any, listing: Listing) -> bool:
    return listing.clinic_id is not None and listing.clinic_id in roles.clinic_ids(
        user, Role.CLINIC_ADMIN
    )


def admin_listings(user: Any) -> list[Listing]:
    """The listings whose clinic `user` administers."""
    clinics = roles.clinic_ids(user, Role.CLINIC_ADMIN)
    return list(Listing.objects.filter(clinic_id__in=clinics).select_related("postcode"))


def reply(*, rating_id: int, user: Any, text: str) -> Rating:
    """The clinic's one reply to a published rating: out at once, or held for a moderator
    when the moderation check flags it. A reply the moderator rejected may be written anew."""
    text = text.strip()
    if not text:
        raise Refused(_("Write the reply before you send it."), field="text")
    if len(text) > TEXT_MAX:
        raise Refused(
            _("The reply is %(n)s characters long; at most %(max)s are allowed.")
            % {"n": len(text), "max": TEXT_MAX},
            field="text",
        )
    with transaction.atomic():
        rating = (
            Rating.objects.select_for_update()
            .select_related("listing__postcode")
            .get(pk=rating_id)
        )
        if not is_listing_admin(user, rating.listing):
            raise PermissionDenied("only the clinic's administrator replies")
        if rating.status != Rating.Status.PUBLISHED:
            raise Refused(_("Only published experiences can be answered."))
        if rating.reply:
            raise Refused(_("The clinic has already replied to this experience."))
        rating.reply = text
        rating.reply_by = user
        flagged = bool(reply_flags(rating))
        rating.reply_at = None if flagged else timezone.now()
        rating.save(update_fields=["reply", "reply_by", "reply_at"])
        if rating.verified:
            # The clinic's own row: it must not name the patient who wrote the rating.
            audit.record(
                actor=user,
                action="reply",
                obj=rating,
                patient=None,
                clinic=rating.listing.clinic_id,
                reason="clinic reply" + (", held for moderation" if flagged else ""),
            )
    return rating


def report(*, rating_id: int, reason: str, sender: str = "") -> AbuseReport:
    """Anyone reports a published rating; the moderators see it in their queue."""
    reason = reason.strip()
    if len(reason) < REASON_MIN:
        raise Refused(
            _("Tell us in a few words what is wrong (at least %(min)s characters).")
            % {"min": REASON_MIN},
            field="reason",
        )
    if len(reason) > REASON_MAX:
        raise Refused(
            _("The reason may be at most %(max)s characters.") % {"max": REASON_MAX},
            field="reason",
        )
    with transaction.atomic():
        rating = Rating.objects.select_for_update().filter(pk=rating_id).first()
        if rating is None or rating.status != Rating.Status.PUBLISHED:
            raise Refused(_("This experience is no longer published."))
        if sender and antispam.too_many(
            AbuseReport, sender, limit=REPORTS_PER_HOUR, within=HOUR, time_field="created_at"
        ):
            raise RateLimited(
                _(
                    "You have sent %(n)s reports in the last hour. "
                    "Please wait an hour before you send another."
                )
                % {"n": REPORTS_PER_HOUR}
            )
        return AbuseReport.objects.create(rating=rating, reason=reason, sender_hash=sender)


@dataclass(frozen=True)
class StarRow:
    """One line of the distribution: how many gave this many stars."""

    stars: int
    count: int
    percent: int


@dataclass(frozen=True)
class ShownRating:
    """A published rating as the public sees it: never the patient, never pending text."""

    pk: int
    stars: int
    text: str
    # The chosen name, or "Anonymous"; empty for a verified patient who chose none (the
    # badge says who they are).
    name: str
    shown_as: str
    verified: bool
    submitted_at: dt.datetime
    edited: bool
    reply: str
    reply_at: dt.datetime | None


@dataclass(frozen=True)
class Section:
    """The experiences section of a clinic's profile."""

    listing: Listing
    count: int
    mean: float | None
    distribution: list[StarRow]
    ratings: list[ShownRating]


def shown_name(rating: Rating) -> str:
    if rating.display_name:
        return rating.display_name
    return _("Verified patient") if rating.verified else _("Anonymous")


def show(rating: Rating) -> ShownRating:
    published_reply = bool(rating.reply and rating.reply_at)
    return ShownRating(
        pk=rating.pk,
        stars=rating.stars,
        text=rating.text,
        name=rating.display_name or ("" if rating.verified else _("Anonymous")),
        shown_as=shown_name(rating),
        verified=rating.verified,
        submitted_at=rating.submitted_at,
        edited=bool(rating.moderation_note),
        reply=rating.reply if published_reply else "",
        reply_at=rating.reply_at if published_reply else None,
    )


def section(listing: Listing, ratings: Any = None, *, limit: int = 20) -> Section:
    """Mean, count, distribution and the newest published ratings of `listing`.

    `ratings` (the profile page's list) is used when given; anything not published in it is
    left out, so a pending text can never reach the page."""
    if ratings is None:
        ratings = Rating.objects.filter(listing=listing, status=Rating.Status.PUBLISHED)[:limit]
    counts: dict[int, int] = {
        row["stars"]: row["n"]
        for row in Rating.objects.filter(listing=listing, status=Rating.Status.PUBLISHED)
        .order_by()
        .values("stars")
        .annotate(n=Count("id"))
    }
    total = sum(counts.values())
    rows = [
        StarRow(stars, counts.get(stars, 0), round(100 * counts.get(stars, 0) / total) if total
                else 0)
        for stars in range(5, 0, -1)
    ]
    shown = [
        show(r) for r in ratings
        if isinstance(r, Rating)
        and r.status == Rating.Status.PUBLISHED
        and r.listing_id == listing.pk
    ]
    return Section(listing, listing.rating_count, listing.rating_mean, rows, shown)


@dataclass(frozen=True)
class ClinicRating:
    """A published rating as the clinic's administrator sees it, with its reply's state."""

    shown: ShownRating
    # "none" (may reply), "held" (waiting for a moderator) or "published".
    reply_state: str
    reply_text: str
    note: str


@dataclass(frozen=True)
class ClinicListing:
    listing: Listing
    ratings: list[ClinicRating]


def clinic_ratings(*, user: Any, limit: int = 200) -> list[ClinicListing]:
    """The published ratings of the listings `user` administers, newest first (audited as a
    list when any of them is verified)."""
    result = []
    verified = False
    for listing in admin_listings(user):
        rows = []
        published = Rating.objects.filter(
            listing=listing, status=Rating.Status.PUBLISHED
        ).order_by("-submitted_at", "-id")[:limit]
        for rating in published:
            verified = verified or rating.verified
            state = "none" if not rating.reply else ("published" if rating.reply_at else "held")
            rows.append(ClinicRating(show(rating), state, rating.reply, rating.moderation_note))
        result.append(ClinicListing(listing, rows))
    if verified:
        audit.record(
            actor=user,
            action="list",
            object_type="directory.rating",
            clinic=result[0].listing.clinic_id,
            reason="clinic's experiences",
        )
    return result
