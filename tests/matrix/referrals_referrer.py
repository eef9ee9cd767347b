"""Access-matrix rows for the referrer's pages (/henvisning/). Frank's referrals are made
inside the path functions, so every persona meets the same one."""

from __future__ import annotations

from django.core.files.base import ContentFile

from bontrack.referrals import services
from bontrack.referrals.models import Attachment, Referral, Status
from tests.matrix.base import Row, for_group
from tests.personas import Cast
from tests.referrals.test_referrer_form import HANNE

FRANK = {"frank"}
MATRIX_FILE = "referrals/matrix-test.pdf"
ESSENTIALS = {
    "reason": "Assess for botulinum toxin.",
    "diagnoses": "G43.7 chronic migraine",
    "symptoms": "One-sided throbbing headache, 18 days a month.",
    "medication": "Propranolol 80 mg, no effect.",
}


def _draft(cast: Cast) -> Referral:
    return services.save_draft(user=cast.frank, data={
        "clinic": cast.clinic_a, "patient_national_id": HANNE, "patient_name": "Hanne Moe",
        "complaint": "headache", "content": dict(ESSENTIALS),
    })


def _draft_url(cast: Cast, tail: str = "") -> str:
    return f"/henvisning/{_draft(cast).pk}/{tail}"


def _returned(cast: Cast) -> str:
    referral = services.send(user=cast.frank, referral=_draft(cast))
    services.decide(user=cast.carol, referral=referral, decision="return",
                    reason="Which preventives were tried?")
    return f"/henvisning/{referral.pk}/svar/"


def _attachment(cast: Cast) -> str:
    """A report on a sent referral to clinic A: its referrer and clinic A's staff may read it."""
    referral = services.send(user=cast.frank, referral=_draft(cast))
    item = Attachment(referral=referral, original_name="report.pdf",
                      content_type="application/pdf", size=9, sha256="0" * 64, scan="clean")
    storage = item.file.storage
    if not storage.exists(MATRIX_FILE):
        storage.save(MATRIX_FILE, ContentFile(b"%PDF-1.7\n"))
    item.file.name = MATRIX_FILE
    item.save()
    assert referral.status == Status.RECEIVED
    return f"/henvisning/{referral.pk}/vedlegg/{item.pk}/"


ROWS: list[Row] = [
    Row("henvisning/ny/", lambda c: "/henvisning/ny/", for_group(FRANK, 200)),
    Row("henvisning/ny/", lambda c: "/henvisning/ny/", for_group(FRANK, 302), method="post",
        data=lambda c: {"patient_language": "nb", "patient_name": "Per Hansen"}),
    Row("henvisning/<int:referral_id>/", _draft_url, for_group(FRANK, 200)),
    Row("henvisning/<int:referral_id>/", _draft_url, for_group(FRANK, 302), method="post",
        data=lambda c: {"patient_language": "nb", "patient_name": "Hanne Moe"}),
    Row("henvisning/<int:referral_id>/fullstendighet/",
        lambda c: _draft_url(c, "fullstendighet/"), for_group(FRANK, 200), method="post",
        data=lambda c: {"patient_language": "nb", "reason": "Assessment."}),
    Row("henvisning/<int:referral_id>/send/", lambda c: _draft_url(c, "send/"),
        for_group(FRANK, 302), method="post"),
    Row("henvisning/<int:referral_id>/svar/", _returned, for_group(FRANK, 302), method="post",
        data=lambda c: {"text": "Propranolol and topiramate, both without effect."}),
    # No file chosen: the page comes back with the message, and nothing is stored.
    Row("henvisning/<int:referral_id>/vedlegg/", lambda c: _draft_url(c, "vedlegg/"),
        for_group(FRANK, 200), method="post"),
    Row("henvisning/<int:referral_id>/vedlegg/<int:attachment_id>/", _attachment,
        for_group({"frank", "carol", "dave"}, 200, erin=404, ola=404)),
]
