"""Attachments and bad input: refused with a clear message, and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bontrack.accounts.models import AuditEvent
from bontrack.referrals.models import Attachment, Referral
from tests.personas import Cast, login
from tests.referrals.test_referrer_form import complete, draft, form_data, frank

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def attachment_dir(tmp_path: Path) -> Iterator[Path]:
    """Keep the test's files out of var/: point the attachment storage at a temporary dir."""
    storage = Attachment._meta.get_field("file").storage
    saved = dict(storage.__dict__)
    storage._location = str(tmp_path)  # type: ignore[attr-defined]
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    yield tmp_path
    storage.__dict__.clear()
    storage.__dict__.update(saved)


def upload(client: Client, referral: Referral, name: str, data: bytes) -> Any:
    return client.post(f"/henvisning/{referral.pk}/vedlegg/",
                       {"file": SimpleUploadedFile(name, data, "application/pdf")})


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_pdf_is_attached_hashed_and_kept_outside_the_web_root(
    cast: Cast, attachment_dir: Path
) -> None:
    referral = draft(cast, form_data(cast))
    response = upload(frank(cast), referral, "Fysioterapeut rapport.pdf", PDF)
    assert response.status_code == 302
    item = Attachment.objects.get(referral=referral)
    assert item.content_type == "application/pdf" and item.scan == "clean"
    assert item.original_name == "Fysioterapeut rapport.pdf" and item.size == len(PDF)
    assert len(item.sha256) == 64
    # The stored name says nothing about the patient or the report.
    assert "rapport" not in item.file.name
    assert stored_files(attachment_dir) == [attachment_dir / item.file.name]


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_stored(
    cast: Cast, attachment_dir: Path
) -> None:
    referral = draft(cast, form_data(cast))
    response = upload(frank(cast), referral, "report.pdf", EXE)
    assert response.status_code == 200
    assert ("report.pdf is not a PDF, PNG or JPEG file" in response.content.decode())
    assert not Attachment.objects.exists() and not stored_files(attachment_dir)


def test_a_png_named_pdf_is_refused(cast: Cast, attachment_dir: Path) -> None:
    referral = draft(cast, form_data(cast))
    response = upload(frank(cast), referral, "scan.pdf", PNG)
    assert "The file is a PNG but is named scan.pdf" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_10_mb_is_refused_and_nothing_is_stored(
    cast: Cast, attachment_dir: Path
) -> None:
    referral = draft(cast, form_data(cast))
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = upload(frank(cast), referral, "mri.pdf", big)
    assert "mri.pdf is 10.0 MB; the limit is 10 MB per file." in response.content.decode()
    assert not Attachment.objects.exists() and not stored_files(attachment_dir)


def test_at_most_ten_files_per_referral(cast: Cast) -> None:
    referral = draft(cast, form_data(cast))
    client = frank(cast)
    for n in range(10):
        assert upload(client, referral, f"r{n}.pdf", PDF).status_code == 302
    response = upload(client, referral, "r10.pdf", PDF)
    assert "at most 10 attachments" in response.content.decode()
    assert Attachment.objects.count() == 10


def test_the_scanning_hook_can_reject_a_file(cast: Cast, settings: Any) -> None:
    settings.BONTRACK_ATTACHMENT_SCANNER = lambda upload, **kw: "infected"
    referral = draft(cast, form_data(cast))
    response = upload(frank(cast), referral, "report.pdf", PDF)
    assert "The virus scan rejected report.pdf" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_referrer_and_the_receiving_clinic_download_it_safely(cast: Cast) -> None:
    referral = draft(cast, complete(cast))
    client = frank(cast)
    upload(client, referral, "report.pdf", PDF)
    client.post(f"/henvisning/{referral.pk}/send/", {})
    item = Attachment.objects.get()
    url = f"/henvisning/{referral.pk}/vedlegg/{item.pk}/"
    for user in (cast.frank, cast.carol, cast.dave):
        response = login(Client(), user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="export", object_id=str(item.pk)).count() == 3
    for user in (cast.erin, cast.ola):
        assert login(Client(), user).get(url).status_code == 404
    assert login(Client(), cast.alice).get(url).status_code == 403


def test_a_draft_s_attachment_is_not_seen_by_the_clinic(cast: Cast) -> None:
    referral = draft(cast, form_data(cast))
    upload(frank(cast), referral, "report.pdf", PDF)
    item = Attachment.objects.get()
    url = f"/henvisning/{referral.pk}/vedlegg/{item.pk}/"
    assert login(Client(), cast.carol).get(url).status_code == 404


def test_the_referrer_can_remove_an_attachment_from_a_draft(
    cast: Cast, attachment_dir: Path
) -> None:
    referral = draft(cast, form_data(cast))
    upload(frank(cast), referral, "report.pdf", PDF)
    item = Attachment.objects.get()
    response = frank(cast).post(f"/henvisning/{referral.pk}/vedlegg/{item.pk}/")
    assert response.status_code == 302
    assert not Attachment.objects.exists() and not stored_files(attachment_dir)


def test_an_invalid_national_identity_number_is_refused_and_nothing_stored(cast: Cast) -> None:
    response = frank(cast).post("/henvisning/ny/", form_data(
        cast, patient_national_id="12345678901"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not a valid national identity number" in html
    assert 'aria-invalid="true"' in html
    assert not Referral.objects.exists()


def test_weight_zero_is_refused_and_nothing_stored(cast: Cast) -> None:
    referral = draft(cast, form_data(cast, weight_kg="70"))
    response = frank(cast).post(f"/henvisning/{referral.pk}/", form_data(cast, weight_kg="0"))
    assert response.status_code == 200
    assert "Weight must be at least 1 kg." in response.content.decode()
    referral.refresh_from_db()
    assert referral.weight_kg == 70
