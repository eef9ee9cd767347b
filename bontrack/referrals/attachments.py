"""Attachments to a referral: only PDF and images, size and count limited, hashed, scanned.

The type is read from the file's first bytes, never trusted from its name or the browser:
an executable renamed `report.pdf` is refused.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from bontrack.accounts import audit
from bontrack.referrals.models import Attachment, Referral

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_REFERRAL = 10
# Magic bytes → (content type, the file name endings that go with it).
SIGNATURES: tuple[tuple[bytes, str, tuple[str, ...]], ...] = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
)
DEFAULT_SCANNER = "bontrack.referrals.attachments.mark_clean"

Scanner = Callable[..., str]


class AttachmentError(ValueError):
    """A file that cannot be attached; the message says why, to the person who chose it."""


def mark_clean(upload: UploadedFile[Any], *, sha256: str, content_type: str) -> str:
    """The default scanner: no virus scanner is configured, so every file counts as clean."""
    return str(Attachment.Scan.CLEAN)


def scanner() -> Scanner:
    """The callable named by BONTRACK_ATTACHMENT_SCANNER; it returns an `Attachment.Scan`."""
    named: str | Scanner = getattr(settings, "BONTRACK_ATTACHMENT_SCANNER", DEFAULT_SCANNER)
    return import_string(named) if isinstance(named, str) else named


def sniff(upload: UploadedFile[Any]) -> str:
    """The content type the file's bytes say it is; AttachmentError if not one we take."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    suffix = PurePath(upload.name or "").suffix.lower()
    for magic, content_type, suffixes in SIGNATURES:
        if head.startswith(magic):
            if suffix not in suffixes:
                raise AttachmentError(_(
                    "The file is a %(kind)s but is named %(name)s. Rename it and try again."
                ) % {"kind": content_type.split("/")[1].upper(), "name": upload.name})
            return content_type
    raise AttachmentError(_(
        "%(name)s is not a PDF, PNG or JPEG file. Only reports as PDF and images as PNG or "
        "JPEG can be attached."
    ) % {"name": upload.name})


def _sha256(upload: UploadedFile[Any]) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def store(*, user: Any, referral: Referral, upload: UploadedFile[Any]) -> Attachment:
    """Check, scan and keep one file on the referrer's own draft."""
    if referral.referrer.user_id != user.pk or not referral.is_draft:
        raise PermissionDenied("only the referrer's own draft takes attachments")
    if upload.size is None or upload.size == 0:
        raise AttachmentError(_("The file is empty."))
    if upload.size > MAX_BYTES:
        raise AttachmentError(_(
            "%(name)s is %(size).1f MB; the limit is 10 MB per file."
        ) % {"name": upload.name, "size": upload.size / 1024 / 1024})
    if referral.attachments.count() >= MAX_PER_REFERRAL:
        raise AttachmentError(_("A referral can have at most 10 attachments."))
    content_type = sniff(upload)
    sha256 = _sha256(upload)
    verdict = scanner()(upload, sha256=sha256, content_type=content_type)
    if verdict == Attachment.Scan.INFECTED:
        raise AttachmentError(_(
            "The virus scan rejected %(name)s. The file was not attached."
        ) % {"name": upload.name})
    original = PurePath(upload.name or "file").name[-200:]
    # The stored name says nothing about the patient; the original is kept in the row.
    upload.name = f"{uuid.uuid4().hex}{PurePath(original).suffix.lower()}"
    with transaction.atomic():
        attachment = Attachment(
            referral=referral, original_name=original, content_type=content_type,
            size=upload.size, sha256=sha256, scan=verdict,
        )
        attachment.file.save(upload.name, upload, save=False)
        try:
            attachment.save()
            audit.record(actor=user, action="create", obj=attachment,
                         clinic=referral.clinic_id, reason="referral attachment")
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def remove(*, user: Any, attachment: Attachment) -> None:
    """Take a file off the referrer's own draft, and off the disk."""
    referral = attachment.referral
    if referral.referrer.user_id != user.pk or not referral.is_draft:
        raise PermissionDenied("only the referrer's own draft can lose attachments")
    with transaction.atomic():
        audit.record(actor=user, action="update", obj=attachment, clinic=referral.clinic_id,
                     reason="referral attachment removed")
        attachment.delete()
    attachment.file.delete(save=False)
