"""The clinic's referral inbox and one referral: what is shown, to whom, and what opening does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from bontrack.clinical.triage import NEUROLOGY_2026, ReferralFacts, suggest_priority
from bontrack.referrals import services
from bontrack.referrals.models import Event, Status
from tests.matrix.referrals_clinic import sent_referral
from tests.personas import Cast, login

INBOX = "/klinikk/henvisninger/"
OSLO = timezone.get_default_timezone()


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=OSLO)


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_it_lists_new_referrals_oldest_first_with_completeness_and_suggestion(cast: Cast) -> None:
    newer = sent_referral(cast, name="Nina Ny", individual=111,
                          sent_at=_at(dt.date(2026, 3, 10)))
    older = sent_referral(cast, name="Olav Gammel", individual=222,
                          sent_at=_at(dt.date(2026, 3, 2)))
    response = _english(login(Client(), cast.carol)).get(INBOX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Olav Gammel") < page.index("Nina Ny")
    assert "Frank Fastlege" in page
    assert "02.03.2026" in page and "10.03.2026" in page
    assert f"{services.referral_completeness(older).score} %" in page
    # The neurological additional symptoms give a right and 12 weeks.
    assert "25.05.2026" in page  # 2 March + 84 days
    assert [r.referral.pk for r in response.context["rows"]] == [older.pk, newer.pk]


@pytest.mark.django_db
def test_decided_referrals_come_after_the_new_ones(cast: Cast) -> None:
    decided = sent_referral(cast, name="Dina Avgjort", individual=333)
    services.decide(user=cast.dave, referral=decided, decision="decline", reason="Feil klinikk.")
    sent_referral(cast, name="Nils Ny", individual=444)
    page = login(Client(), cast.carol).get(INBOX).content.decode()
    assert page.index("Nils Ny") < page.index("Dina Avgjort")


@pytest.mark.django_db
def test_the_suggestion_shown_is_the_clinical_cores(cast: Cast) -> None:
    referral = sent_referral(cast, neurological_symptoms=False, failed_treatment=True,
                             sent_at=_at(dt.date(2026, 4, 1)))
    expected = suggest_priority(
        ReferralFacts(received=dt.date(2026, 4, 1), complaint="headache",
                      neurological_symptoms=False, failed_treatment=True),
        NEUROLOGY_2026,
    )
    response = _english(login(Client(), cast.dave)).get(f"{INBOX}{referral.pk}/")
    page = response.content.decode()
    assert expected.right is True and expected.deadline == dt.date(2026, 6, 24)
    assert response.context["suggestion"] == expected
    for reason in expected.reasons:
        assert reason in page
    assert expected.rules in page
    assert 'value="2026-06-24"' in page  # the deadline field starts at the suggestion


@pytest.mark.django_db
def test_the_reasons_are_shown_in_norwegian_by_default(cast: Cast) -> None:
    referral = sent_referral(cast, complaint="complex_pain")
    page = login(Client(), cast.carol).get(f"{INBOX}{referral.pk}/").content.decode()
    assert "12 uker" in page


@pytest.mark.django_db
def test_a_referral_without_the_facts_gets_no_suggested_right(cast: Cast) -> None:
    referral = sent_referral(cast, neurological_symptoms=None, failed_treatment=None)
    response = _english(login(Client(), cast.carol)).get(f"{INBOX}{referral.pk}/")
    assert response.context["suggestion"].right is None
    assert "ask the referrer" in response.content.decode()


@pytest.mark.django_db
def test_opening_a_received_referral_starts_its_assessment(cast: Cast) -> None:
    referral = sent_referral(cast)
    login(Client(), cast.carol).get(f"{INBOX}{referral.pk}/")
    referral.refresh_from_db()
    assert referral.status == Status.ASSESSING
    assert referral.events.filter(kind=Event.Kind.STATUS, status=Status.ASSESSING).count() == 1
    # Opening it again does not start it twice.
    login(Client(), cast.dave).get(f"{INBOX}{referral.pk}/")
    assert referral.events.filter(kind=Event.Kind.STATUS).count() == 1


@pytest.mark.django_db
def test_the_page_shows_the_content_by_section_and_what_is_missing(cast: Cast) -> None:
    referral = sent_referral(cast, content={"history": "Migrene siden 15-årsalderen."},
                             weight_kg=70, height_cm=175)
    response = _english(login(Client(), cast.carol)).get(f"{INBOX}{referral.pk}/")
    page = response.content.decode()
    assert "Migrene siden 15-årsalderen." in page
    assert "BMI 22.9" in page
    assert "History and earlier care" in page
    assert "Not given" in page  # substance use, for one
    assert "Sent" in page  # the timeline


@pytest.mark.django_db
def test_attachments_link_to_the_referrer_apps_download(cast: Cast) -> None:
    referral = sent_referral(cast)
    attachment = referral.attachments.create(
        file="referrals/x.pdf", original_name="fysioterapi.pdf", content_type="application/pdf",
        size=1234, sha256="0" * 64,
    )
    page = login(Client(), cast.carol).get(f"{INBOX}{referral.pk}/").content.decode()
    assert f'href="/henvisning/{referral.pk}/vedlegg/{attachment.pk}/"' in page


@pytest.mark.django_db
def test_another_clinics_physician_gets_404(cast: Cast) -> None:
    referral = sent_referral(cast)
    client = login(Client(), cast.erin)
    assert client.get(f"{INBOX}{referral.pk}/").status_code == 404
    assert "Kari Nordmann" not in client.get(INBOX).content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED


@pytest.mark.django_db
def test_the_clinic_admin_and_the_referrer_are_refused(cast: Cast) -> None:
    referral = sent_referral(cast)
    for user in (cast.ola, cast.frank, cast.alice):
        client = login(Client(), user)
        assert client.get(INBOX).status_code == 403
        assert client.get(f"{INBOX}{referral.pk}/").status_code == 403
