"""Sharing an experience: verified from a treated patient, or held for moderation; spam,
rate limits and oversized input refused with a clear message; the clinic replies once;
anyone may report a published experience."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from bontrack.accounts import access
from bontrack.accounts.models import AuditEvent
from bontrack.directory import antispam, ratings
from bontrack.directory.models import AbuseReport, Rating
from bontrack.patients.gdpr import _access_log_rows as _own_access_log_rows
from bontrack.treatments.models import Session
from tests.directory.rating_helpers import (
    GOOD_TEXT,
    clinic_listing,
    make_rating,
    rating_data,
    report_data,
)
from tests.matrix.treatments_portal import signed_session
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db


def _new_url(cast: Cast) -> str:
    return f"/klinikker/{clinic_listing(cast.clinic_a).slug}/erfaring/ny/"


def _profile(cast: Cast) -> str:
    return Client().get(f"/klinikker/{clinic_listing(cast.clinic_a).slug}/").content.decode()


def test_a_visitors_experience_waits_for_a_moderator_and_is_not_shown(cast: Cast) -> None:
    response = Client().post(_new_url(cast), rating_data(display_name="Kari"))
    assert response.status_code == 302
    assert response["Location"].endswith("/erfaring/takk/?venter=1")
    rating = Rating.objects.get()
    assert (rating.status, rating.verified, rating.patient) == ("pending", False, None)
    thanks = Client().get(response["Location"]).content.decode()
    assert "venter på en moderator" in thanks
    assert GOOD_TEXT not in _profile(cast)
    listing = clinic_listing(cast.clinic_a)
    listing.refresh_from_db()
    assert listing.rating_count == 0


def test_a_patient_treated_at_the_clinic_publishes_a_verified_experience_at_once(
    cast: Cast,
) -> None:
    signed_session(cast)
    client = login(Client(), cast.alice)
    page = client.get(_new_url(cast)).content.decode()
    assert "merket «Verifisert pasient»" in page
    assert 'name="email"' not in page
    response = client.post(_new_url(cast), rating_data(stars="5", email="alice@example.org"))
    assert response["Location"].endswith("/erfaring/takk/?publisert=1")
    rating = Rating.objects.get()
    assert (rating.status, rating.verified, rating.patient, rating.email) == (
        "published", True, cast.alice_patient, ""
    )
    listing = clinic_listing(cast.clinic_a)
    listing.refresh_from_db()
    assert (listing.rating_count, listing.rating_mean) == (1, 5.0)
    profile = _profile(cast)
    assert GOOD_TEXT in profile
    assert "Verifisert pasient" in profile
    assert "Alice" not in profile and "Aas" not in profile


def test_reading_the_patients_sessions_to_verify_them_is_audited(cast: Cast) -> None:
    signed_session(cast)
    login(Client(), cast.alice).post(_new_url(cast), rating_data())
    rating = Rating.objects.get()
    sessions_read = AuditEvent.objects.filter(
        actor=cast.alice, object_type="treatments.session", patient=cast.alice_patient
    )
    assert sessions_read.exists()
    assert AuditEvent.objects.filter(
        action="create", object_type="directory.rating", object_id=str(rating.pk),
        patient=cast.alice_patient,
    ).exists()


def test_a_patient_without_a_signed_treatment_there_is_held_for_moderation(cast: Cast) -> None:
    client = login(Client(), cast.bob)
    response = client.post(_new_url(cast), rating_data(), follow=True)
    assert "fant ingen gjennomført behandling" in response.content.decode()
    rating = Rating.objects.get()
    assert (rating.status, rating.verified, rating.patient) == ("pending", False, None)


@pytest.mark.parametrize("where", ["draft", "other clinic"])
def test_only_a_signed_session_at_the_listings_clinic_verifies(cast: Cast, where: str) -> None:
    session = signed_session(cast)
    if where == "draft":
        Session.objects.filter(pk=session.pk).update(state=Session.State.DRAFT)
    else:
        Session.objects.filter(pk=session.pk).update(clinic=cast.clinic_b)
    with pytest.raises(ratings.Refused, match="ingen gjennomført behandling"):
        ratings.submit_verified(
            user=cast.alice, patient=cast.alice_patient, listing=clinic_listing(cast.clinic_a),
            stars=4, text=GOOD_TEXT,
        )
    assert not Rating.objects.exists()


def test_a_listing_outside_bontrack_cannot_be_rated_as_verified(cast: Cast) -> None:
    signed_session(cast)
    listing = clinic_listing(cast.clinic_a)
    listing.clinic = None
    listing.save()
    verdict = ratings.check_verified(user=cast.alice, patient=cast.alice_patient, listing=listing)
    assert not verdict.ok and "fører ikke behandlingene sine i bontrack" in verdict.reason


def test_one_verified_experience_per_clinic_in_twelve_months(cast: Cast) -> None:
    signed_session(cast)
    listing = clinic_listing(cast.clinic_a)

    def submit() -> Rating:
        return ratings.submit_verified(
            user=cast.alice, patient=cast.alice_patient, listing=listing, stars=4, text=GOOD_TEXT
        )

    first = submit()
    with pytest.raises(ratings.Refused, match="Du kan dele en ny fra"):
        submit()
    Rating.objects.filter(pk=first.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=366)
    )
    assert submit().status == "published"
    assert Rating.objects.filter(patient=cast.alice_patient).count() == 2


def test_the_form_tells_a_patient_who_rated_recently_when_they_may_again(cast: Cast) -> None:
    signed_session(cast)
    client = login(Client(), cast.alice)
    client.post(_new_url(cast), rating_data())
    page = client.post(_new_url(cast), rating_data(), follow=True).content.decode()
    assert "Du kan dele en ny fra" in page
    assert Rating.objects.filter(verified=False, status="pending", patient=None).count() == 1


def test_a_verified_experience_that_names_someone_waits_for_a_moderator(cast: Cast) -> None:
    signed_session(cast)
    client = login(Client(), cast.alice)
    response = client.post(_new_url(cast), rating_data(text="Dr. Hansen var flink og rolig."))
    assert response["Location"].endswith("?venter=1")
    rating = Rating.objects.get()
    assert (rating.status, rating.verified) == ("pending", True)
    assert "Hansen" not in _profile(cast)


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(cast: Cast) -> None:
    response = Client().post(_new_url(cast), rating_data(**{antispam.HONEYPOT_FIELD: "x"}))
    assert response.status_code == 400
    assert "fylt ut automatisk" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_form_sent_back_too_quickly_is_refused(cast: Cast) -> None:
    data = rating_data(**{antispam.STAMP_FIELD: antispam.stamp()})
    response = Client().post(_new_url(cast), data)
    assert response.status_code == 400
    assert "for raskt" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_form_without_its_stamp_is_refused(cast: Cast) -> None:
    data = rating_data()
    del data[antispam.STAMP_FIELD]
    assert Client().post(_new_url(cast), data).status_code == 400
    assert not Rating.objects.exists()


def test_a_fourth_experience_within_the_hour_is_refused_with_a_clear_message(
    cast: Cast,
) -> None:
    client = Client()
    for _ in range(ratings.RATINGS_PER_HOUR):
        assert client.post(_new_url(cast), rating_data()).status_code == 302
    response = client.post(_new_url(cast), rating_data())
    assert response.status_code == 429
    assert "Vent en time" in response.content.decode()
    assert Rating.objects.count() == ratings.RATINGS_PER_HOUR


def test_a_five_megabyte_message_is_refused_with_a_clear_translated_page(cast: Cast) -> None:
    # Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE; bontrack's 400 handler
    # (bontrack.errors) answers 413 with a page that says what to do.
    browser = Client(enforce_csrf_checks=True)
    browser.get(_new_url(cast))
    token = browser.cookies["csrftoken"].value
    for client, extra in ((Client(), {}), (browser, {"csrfmiddlewaretoken": token})):
        data = rating_data(text="x" * 5 * 1024 * 1024, **extra)
        response = client.post(_new_url(cast), data)
        assert response.status_code == 413
        page = response.content.decode()
        assert "Det du sendte, er for stort" in page
    assert not Rating.objects.exists()


def test_a_text_over_2000_characters_is_refused_naming_the_field(cast: Cast) -> None:
    response = Client().post(_new_url(cast), rating_data(text="a" * 2001))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Din erfaring: Erfaringen din kan være høyst 2000 tegn lang; den er 2001." in page
    assert 'href="#id_text"' in page
    assert not Rating.objects.exists()


@pytest.mark.parametrize("stars", ["", "0", "6", "fire"])
def test_stars_outside_one_to_five_are_refused(cast: Cast, stars: str) -> None:
    response = Client().post(_new_url(cast), rating_data(stars=stars))
    assert response.status_code == 400
    assert "Velg hvor mange stjerner du gir, fra 1 til 5." in response.content.decode()
    assert 'href="#id_stars_0"' in response.content.decode()
    assert not Rating.objects.exists()


def test_an_unknown_or_hidden_clinic_has_no_form(cast: Cast) -> None:
    assert Client().get("/klinikker/finnes-ikke/erfaring/ny/").status_code == 404
    listing = clinic_listing(cast.clinic_a)
    listing.published = False
    listing.save()
    assert Client().get(_new_url(cast)).status_code == 404


def test_anyone_may_report_a_published_experience(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a))
    url = f"/klinikker/erfaring/{rating.pk}/meld/"
    assert GOOD_TEXT in Client().get(url).content.decode()
    response = Client().post(url, report_data())
    assert response.status_code == 302
    report = AbuseReport.objects.get()
    assert (report.rating, report.handled_at) == (rating, None)
    assert "Takk for at du sa fra" in Client().get(response["Location"]).content.decode()


def test_a_pending_experience_cannot_be_reported_or_seen(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a), status=Rating.Status.PENDING)
    assert Client().get(f"/klinikker/erfaring/{rating.pk}/meld/").status_code == 404


def test_a_report_needs_a_reason_and_passes_the_spam_checks(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a))
    url = f"/klinikker/erfaring/{rating.pk}/meld/"
    empty = Client().post(url, report_data(reason=""))
    assert empty.status_code == 400
    assert "Fortell med noen få ord hva som er galt." in empty.content.decode()
    assert Client().post(url, report_data(**{antispam.HONEYPOT_FIELD: "x"})).status_code == 400
    assert not AbuseReport.objects.exists()


def test_reports_are_limited_to_ten_an_hour(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a))
    url = f"/klinikker/erfaring/{rating.pk}/meld/"
    client = Client()
    for _ in range(ratings.REPORTS_PER_HOUR):
        assert client.post(url, report_data()).status_code == 302
    response = client.post(url, report_data())
    assert response.status_code == 429
    assert "Vent en time" in response.content.decode()
    assert AbuseReport.objects.count() == ratings.REPORTS_PER_HOUR


def test_the_clinic_admin_replies_once_and_the_reply_is_shown(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a))
    client = login(Client(), cast.ola)
    page = client.get("/klinikk/erfaringer/").content.decode()
    assert GOOD_TEXT in page
    url = f"/klinikk/erfaringer/{rating.pk}/svar/"
    response = client.post(url, {"text": "Takk for tilbakemeldingen, velkommen tilbake!"})
    assert response.status_code == 302
    assert "Takk for tilbakemeldingen" in _profile(cast)
    again = client.post(url, {"text": "Et svar til."}, follow=True)
    assert "Klinikken har allerede svart" in again.content.decode()
    rating.refresh_from_db()
    assert rating.reply == "Takk for tilbakemeldingen, velkommen tilbake!"


def test_a_reply_that_names_someone_waits_for_a_moderator(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a))
    client = login(Client(), cast.ola)
    client.post(f"/klinikk/erfaringer/{rating.pk}/svar/",
                {"text": "Sykepleier Kari Olsen tar gjerne kontakt."})
    rating.refresh_from_db()
    assert rating.reply and rating.reply_at is None
    assert "Kari Olsen" not in _profile(cast)
    assert "Venter på en moderator" in client.get("/klinikk/erfaringer/").content.decode()


def test_only_the_clinics_own_admin_may_reply(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a))
    url = f"/klinikk/erfaringer/{rating.pk}/svar/"
    assert login(Client(), cast.dave).post(url, {"text": "Takk!"}).status_code == 403
    assert login(Client(), cast.pat).post(url, {"text": "Takk!"}).status_code == 403
    other = make_rating(clinic_listing(cast.clinic_b))
    response = login(Client(), cast.ola).post(
        f"/klinikk/erfaringer/{other.pk}/svar/", {"text": "Takk!"}
    )
    assert response.status_code == 404
    rating.refresh_from_db()
    other.refresh_from_db()
    assert rating.reply == other.reply == ""


def test_an_empty_or_too_long_reply_is_refused_naming_the_field(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a))
    client = login(Client(), cast.ola)
    url = f"/klinikk/erfaringer/{rating.pk}/svar/"
    too_long = client.post(url, {"text": "a" * 2001})
    assert too_long.status_code == 400
    assert "Klinikkens svar: Svaret kan være høyst 2000 tegn" in too_long.content.decode()
    assert client.post(url, {"text": ""}).status_code == 400
    rating.refresh_from_db()
    assert rating.reply == ""


def test_the_profile_shows_mean_distribution_stars_in_words_and_links(cast: Cast) -> None:
    listing = clinic_listing(cast.clinic_a)
    for stars in (5, 5, 4, 2):
        make_rating(listing, stars=stars, display_name="Per" if stars == 2 else "")
    make_rating(listing, stars=1, status=Rating.Status.PENDING, text="Venter fortsatt her.")
    make_rating(listing, stars=3, verified=True, patient=cast.alice_patient)
    ratings.refresh_listing_rating(listing.pk)
    page = _profile(cast)
    assert "3,8 av 5" in page
    assert "fra 5 erfaringer" in page
    assert "4 av 5 stjerner" in page and "★★★★☆" in page
    assert "2 stjerner" in page and "20 %" in page
    assert "Venter fortsatt her." not in page
    assert "Verifisert pasient" in page and "betyr at den som skrev" in page
    assert "Anonym" in page and "Per" in page
    assert f"/klinikker/erfaring/{Rating.objects.filter(stars=4).get().pk}/meld/" in page
    assert f"/klinikker/{listing.slug}/erfaring/ny/" in page


def test_no_health_details_reach_an_email(cast: Cast) -> None:
    Client().post(_new_url(cast), rating_data(text="Jeg bruker sumatriptan og har depresjon."))
    assert not mail.outbox


def test_a_person_correcting_a_mistake_keeps_the_stamp_of_the_first_showing(cast: Cast) -> None:
    data = rating_data(text="")
    page = Client().post(_new_url(cast), data).content.decode()
    assert f'value="{data[antispam.STAMP_FIELD]}"' in page


# Privacy of verified ratings: the clinic's audit log never ties a patient to a rating.


def _ola_sees(cast: Cast) -> tuple[str, list[AuditEvent]]:
    page = login(Client(), cast.ola).get("/klinikk/logg/").content.decode()
    return page, list(access.audit_events_for_clinic_admin(cast.ola))


def test_the_clinic_audit_log_never_names_the_patient_behind_a_verified_rating(
    cast: Cast,
) -> None:
    signed_session(cast)
    alice = login(Client(), cast.alice)
    alice.get(_new_url(cast))
    alice.post(_new_url(cast), rating_data(text="Dr. Hansen var flink."))
    rating = Rating.objects.get()
    assert (rating.verified, rating.status) == (True, "pending")
    moderator = login(Client(), cast.pat)
    moderator.post(f"/moderering/erfaring/{rating.pk}/", {"action": "approve"})
    ratings.reply(rating_id=rating.pk, user=cast.ola, text="Takk for tilbakemeldingen.")
    about_rating = AuditEvent.objects.filter(
        object_type__in=["directory.rating", "treatments.session"]
    )
    assert about_rating.count() >= 4  # the check, the rating, the moderation, the reply
    page, rows = _ola_sees(cast)
    seen = {row.pk for row in rows}
    for row in about_rating:
        if row.patient_id is not None:
            assert row.pk not in seen and row.clinic_id is None
    reply_row = AuditEvent.objects.get(action="reply")
    assert reply_row.patient_id is None and reply_row.pk in seen
    for row in rows:
        assert row.actor_id != cast.alice.pk
    assert cast.alice.email not in page
    assert str(cast.alice) not in page


def test_opening_another_clinics_form_writes_nothing_for_that_clinic(cast: Cast) -> None:
    signed_session(cast)
    other = clinic_listing(cast.clinic_b)
    before = AuditEvent.objects.count()
    page = login(Client(), cast.alice).get(f"/klinikker/{other.slug}/erfaring/ny/")
    assert page.status_code == 200
    assert not AuditEvent.objects.filter(clinic=cast.clinic_b).exists()
    assert not AuditEvent.objects.filter(
        pk__gt=0, reason="verify a rating"
    ).exists()
    # Opening the form reads nothing of the patient's: only the log-in wrote rows.
    assert not AuditEvent.objects.filter(actor=cast.alice).exclude(
        action__in=["login", "login_success", "log_in"]
    ).filter(seq__gt=before).exists()


def test_a_patient_sending_a_rating_elsewhere_leaves_no_row_with_that_clinic(
    cast: Cast,
) -> None:
    signed_session(cast)
    other = clinic_listing(cast.clinic_b)
    login(Client(), cast.alice).post(f"/klinikker/{other.slug}/erfaring/ny/", rating_data())
    assert Rating.objects.get().verified is False
    assert not AuditEvent.objects.filter(clinic=cast.clinic_b).exists()
    assert AuditEvent.objects.filter(
        actor=cast.alice, reason="verify a rating", clinic=None, patient=cast.alice_patient
    ).exists()


def test_the_patient_still_finds_their_own_rows_in_their_access_log(cast: Cast) -> None:
    # The rows carry the patient (but no clinic), so the patient's own log (the access log
    # in their data export) keeps them; /portal/innsyn/ lists only what others did.
    signed_session(cast)
    login(Client(), cast.alice).post(_new_url(cast), rating_data())
    own = _own_access_log_rows(cast.alice_patient)
    assert any(row["action"] == "read" and row["reason"] == "verify a rating" for row in own)
    assert any(row["action"] == "create" and row["reason"] == "verified rating" for row in own)
    assert all(row["clinic"] == "" for row in own if "rating" in row["reason"])
