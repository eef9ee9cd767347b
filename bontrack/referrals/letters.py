"""The letter to the patient about the clinic's decision: right, deadline, what happens next."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone, translation

from bontrack.referrals.models import Referral, Status
from bontrack.reports.pdf import render_pdf

# Only a decision about the right is the patient's to be told by letter; a question to the
# referrer, a decline or a forward goes back through the referrer.
LETTER_STATUSES = (Status.ACCEPTED, Status.NO_RIGHT)
# Dates written out, as in a letter: "12. januar 2027", "12 January 2027".
LONG_DATE = {"nb": "j. F Y", "en": "j F Y"}


def has_letter(referral: Referral) -> bool:
    return referral.status in LETTER_STATUSES


def letter_pdf(*, referral: Referral, request: HttpRequest | None = None) -> bytes:
    """The letter as PDF, in the language the referral asked for the patient."""
    language = referral.patient_language or "nb"
    with translation.override(language):
        return render_pdf(
            "referrals/letter.html",
            {
                "referral": referral,
                "accepted": referral.status == Status.ACCEPTED,
                "patient_name": referral.patient_name
                or (referral.patient.full_name if referral.patient else ""),
                "clinic": referral.clinic,
                "made_on": timezone.localdate(),
                "letter_language": language,
                "date_format": LONG_DATE.get(language, LONG_DATE["nb"]),
            },
            request=request,
        )


def letter_filename(referral: Referral) -> str:
    return f"bontrack-brev-henvisning-{referral.pk}.pdf"
