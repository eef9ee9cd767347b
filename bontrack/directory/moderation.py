"""The moderators' work on experiences: the queue, and what they may do with each item.

Moderators are platform administrators (bontrack.accounts.roles.is_platform_admin). For a
pending rating: approve it, reject it with a reason, or edit it (take a name or a health
detail out) and publish the edited text with a short note. The text that was taken out is
not kept anywhere; the note says only that, and roughly why, the text was edited. For a
clinic reply the moderation check held back: approve, edit and publish, or reject (the
reply is cleared, the clinic may write a new one, and whoever wrote it gets the reason by
e-mail). For a report of abuse: remove the rating or dismiss the report.

Rejected and removed ratings lose their text and e-mail address at once: they are never
shown again, and keeping what was refused would keep exactly what moderation keeps out.
Every action on a verified rating is audited with its patient (and no clinic, so the rated
clinic's audit log does not tie the patient to it), and so is reading the queue when it
holds verified ratings. The queue never shows the e-mail of a verified rating (none is kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bontrack.accounts import audit, roles
from bontrack.directory import screening
from bontrack.directory.models import AbuseReport, Rating
from bontrack.directory.ratings import (
    NOTE_MAX,
    TEXT_MAX,
    Refused,
    refresh_listing_rating,
    reply_flags,
    shown_name,
    text_flags,
)


def _moderator(user: Any) -> None:
    if not roles.is_platform_admin(user):
        raise PermissionDenied("only platform administrators moderate")


def _locked(rating_id: int) -> Rating:
    try:
        return (
            Rating.objects.select_for_update()
            .select_related("listing__postcode")
            .get(pk=rating_id)
        )
    except Rating.DoesNotExist:
        raise Refused(_("This experience no longer exists.")) from None


def _audit(user: Any, rating: Rating, what: str) -> None:
    if rating.verified:
        audit.record(
            actor=user,
            action="moderate",
            obj=rating,
            patient=rating.patient_id,
            # No clinic: the rated clinic's audit log must not tie its patient to the rating.
            clinic=None,
            reason=what,
        )


def _pending(rating_id: int) -> Rating:
    rating = _locked(rating_id)
    if rating.status != Rating.Status.PENDING:
        raise Refused(_("This experience has already been moderated."))
    return rating


def _reason(reason: str, *, field: str = "reason") -> str:
    reason = reason.strip()
    if not reason:
        raise Refused(_("Give a short reason."), field=field)
    if len(reason) > NOTE_MAX:
        raise Refused(
            _("The reason may be at most %(max)s characters.") % {"max": NOTE_MAX}, field=field
        )
    return reason


def _settle(rating: Rating, user: Any, status: str, note: str) -> None:
    rating.status = status
    rating.moderated_by = user
    rating.moderated_at = timezone.now()
    rating.moderation_note = note
    if status in (Rating.Status.REJECTED, Rating.Status.REMOVED):
        rating.text = ""
        rating.email = ""
    rating.save()
    refresh_listing_rating(rating.listing_id)


def approve(*, rating_id: int, moderator: Any) -> Rating:
    """Publish a pending rating as it was written."""
    _moderator(moderator)
    with transaction.atomic():
        rating = _pending(rating_id)
        _settle(rating, moderator, Rating.Status.PUBLISHED, "")
        _audit(moderator, rating, "approved")
    return rating


def reject(*, rating_id: int, moderator: Any, reason: str) -> Rating:
    """Refuse a pending rating; the reason is kept, the text is not."""
    _moderator(moderator)
    reason = _reason(reason)
    with transaction.atomic():
        rating = _pending(rating_id)
        _settle(rating, moderator, Rating.Status.REJECTED, reason)
        _audit(moderator, rating, "rejected")
    return rating


def publish_edited(
    *, rating_id: int, moderator: Any, text: str, display_name: str, note: str
) -> Rating:
    """Publish a pending rating with the moderator's edits (a name or a health detail taken
    out). The original wording is overwritten; the note tells why it was edited."""
    _moderator(moderator)
    text, display_name = text.strip(), display_name.strip()
    note = _reason(note, field="note")
    if len(text) > TEXT_MAX:
        raise Refused(
            _("The text may be at most %(max)s characters.") % {"max": TEXT_MAX}, field="text"
        )
    with transaction.atomic():
        rating = _pending(rating_id)
        rating.text = text
        rating.display_name = display_name[:60]
        _settle(rating, moderator, Rating.Status.PUBLISHED, note)
        _audit(moderator, rating, "edited and published")
    return rating


def _pending_reply(rating_id: int) -> Rating:
    rating = _locked(rating_id)
    if not rating.reply or rating.reply_at is not None:
        raise Refused(_("This reply has already been moderated."))
    return rating


def approve_reply(*, rating_id: int, moderator: Any, text: str | None = None) -> Rating:
    """Publish a held reply, as written or with the moderator's edits."""
    _moderator(moderator)
    with transaction.atomic():
        rating = _pending_reply(rating_id)
        if text is not None:
            text = text.strip()
            if not text:
                raise Refused(_("The edited reply is empty: reject it instead."), field="text")
            if len(text) > TEXT_MAX:
                raise Refused(
                    _("The text may be at most %(max)s characters.") % {"max": TEXT_MAX},
                    field="text",
                )
            rating.reply = text
        rating.reply_at = timezone.now()
        rating.save(update_fields=["reply", "reply_at"])
        _audit(moderator, rating, "reply published")
    return rating


def reject_reply(*, rating_id: int, moderator: Any, reason: str) -> Rating:
    """Clear a held reply; its writer gets the reason by e-mail and may write a new one."""
    _moderator(moderator)
    reason = _reason(reason)
    with transaction.atomic():
        rating = _pending_reply(rating_id)
        writer = rating.reply_by
        rating.reply, rating.reply_by, rating.reply_at = "", None, None
        rating.save(update_fields=["reply", "reply_by", "reply_at"])
        _audit(moderator, rating, "reply rejected")
    if writer is not None and writer.email:
        with translation.override(getattr(writer, "preferred_language", "") or "nb"):
            subject = render_to_string(
                "directory/email/rating_reply_rejected_subject.txt", {"rating": rating}
            ).strip()
            body = render_to_string(
                "directory/email/rating_reply_rejected.txt",
                {"rating": rating, "reason": reason,
                 "link": f"{settings.BONTRACK_BASE_URL}/klinikk/erfaringer/"},
            )
        send_mail(" ".join(subject.split()), body, None, [writer.email])
    return rating


def _open_report(report_id: int) -> AbuseReport:
    report = (
        AbuseReport.objects.select_for_update()
        .select_related("rating__listing")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.handled_at is not None:
        raise Refused(_("This report has already been handled."))
    return report


def remove_rating(*, report_id: int, moderator: Any, reason: str) -> Rating:
    """Take a reported rating down; every open report on it is closed with the reason."""
    _moderator(moderator)
    reason = _reason(reason)
    with transaction.atomic():
        report = _open_report(report_id)
        rating = _locked(report.rating_id)
        _settle(rating, moderator, Rating.Status.REMOVED, reason)
        AbuseReport.objects.filter(rating=rating, handled_at__isnull=True).update(
            handled_at=timezone.now(), handled_by=moderator, outcome=f"removed: {reason}"
        )
        _audit(moderator, rating, "removed after a report")
    return rating


def dismiss_report(*, report_id: int, moderator: Any, reason: str = "") -> AbuseReport:
    """Close a report and leave the rating as it is."""
    _moderator(moderator)
    reason = reason.strip()[:NOTE_MAX - 11]
    with transaction.atomic():
        report = _open_report(report_id)
        report.handled_at = timezone.now()
        report.handled_by = moderator
        report.outcome = f"dismissed: {reason}" if reason else "dismissed"
        report.save(update_fields=["handled_at", "handled_by", "outcome"])
        _audit(moderator, report.rating, "report dismissed")
    return report


@dataclass(frozen=True)
class Item:
    """One thing waiting for a moderator, with what the check found in it."""

    rating: Rating
    shown_as: str
    flags: list[screening.Flag]
    parts: list[screening.Part]
    report: AbuseReport | None = None


@dataclass(frozen=True)
class Queue:
    ratings: list[Item]
    replies: list[Item]
    reports: list[Item]

    @property
    def empty(self) -> bool:
        return not (self.ratings or self.replies or self.reports)


def queue(*, moderator: Any) -> Queue:
    """Pending ratings (oldest first), held replies and open reports, each with its flags."""
    _moderator(moderator)
    pending = Rating.objects.filter(status=Rating.Status.PENDING).select_related(
        "listing__postcode"
    ).order_by("submitted_at", "id")
    held = (
        Rating.objects.filter(status=Rating.Status.PUBLISHED, reply_at__isnull=True)
        .exclude(reply="")
        .select_related("listing__postcode")
        .order_by("submitted_at", "id")
    )
    open_reports = (
        AbuseReport.objects.filter(handled_at__isnull=True, rating__status=Rating.Status.PUBLISHED)
        .select_related("rating__listing__postcode")
        .order_by("created_at", "id")
    )
    ratings = [_item(rating) for rating in pending]
    replies = []
    for rating in held:
        flags = reply_flags(rating)
        replies.append(
            Item(rating, shown_name(rating), flags, screening.highlight(rating.reply, flags))
        )
    reports = [_item(report.rating, report) for report in open_reports]
    if any(item.rating.verified for item in (*ratings, *replies, *reports)):
        audit.record(
            actor=moderator, action="list", object_type="directory.rating",
            reason="moderation queue",
        )
    return Queue(ratings, replies, reports)



def _item(rating: Rating, report: AbuseReport | None = None) -> Item:
    # Flags in the shown-as name are listed; those in the text are also highlighted in it.
    in_text = text_flags(rating)
    flags = [*screening.screen_shown_name(rating.display_name), *in_text]
    return Item(rating, shown_name(rating), flags, screening.highlight(rating.text, in_text),
                report)
