"""Moderation: the check flags names and health details, the moderator approves, rejects or
edits out, handles held replies and reports; the listing's figures always equal its
published ratings."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from bontrack.accounts.models import AuditEvent
from bontrack.directory import moderation, ratings, screening
from bontrack.directory.models import AbuseReport, Rating
from tests.directory.rating_helpers import (
    GOOD_TEXT,
    clinic_listing,
    fresh_aggregate,
    make_rating,
    rating_data,
    report_data,
)
from tests.matrix.treatments_portal import signed_session
from tests.personas import Cast, login

QUEUE = "/moderering/"


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(flag.kind, flag.words) for flag in screening.screen(text)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Dr. Hansen var grundig.", "Dr. Hansen"),
        ("Takk til doktor Berg for god hjelp.", "doktor Berg"),
        ("Legen var fin, og sykepleier Kari Olsen også.", "sykepleier Kari Olsen"),
        ("Jeg ble tatt imot av Ingrid Dahl i resepsjonen.", "Ingrid Dahl"),
        ("I was seen by Dr Smith.", "Dr Smith"),
        ("lege hansen var grundig.", "lege hansen"),
        ("Takk til Dr.Hansen for god hjelp.", "Dr.Hansen"),
        ("dr.hansen ringte meg.", "dr.hansen"),
        ("SYKEPLEIER OLSEN var blid.", "SYKEPLEIER OLSEN"),
        ("Jeg møtte doktor berg.", "doktor berg"),
    ],
)
def test_the_check_flags_likely_names_of_people(text: str, words: str) -> None:
    assert ("name", words) in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Det var en god opplevelse. Legen forklarte alt.",
        "Kort ventetid og vennlige folk.",
        "Behandlingen hjalp mot migrenen min etter to runder.",
        "Vi kom hit 12.03.2024 og betalte 3 500 kroner.",
    ],
)
def test_the_check_leaves_ordinary_sentences_alone(text: str) -> None:
    assert screening.screen(text) == []


def test_the_clinics_own_name_and_town_are_not_taken_for_a_person() -> None:
    text = "Jeg var på Oslo Hodepinesenter i fjor."
    assert _kinds(text) == [("name", "Oslo Hodepinesenter")]
    assert screening.screen(text, allowed=["Oslo Hodepinesenter"]) == []


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("Jeg har depresjon i tillegg.", "health", "depresjon"),
        ("Sumatriptan virket ikke lenger.", "health", "Sumatriptan"),
        ("Jeg sluttet med topiramat.", "health", "topiramat"),
        ("Fødselsnummeret mitt er 170580 12345.", "national_id", "170580 12345"),
        ("Ring meg på 912 34 567.", "phone", "912 34 567"),
        ("Ring +47 22334455 i dag.", "phone", "+47 22334455"),
        ("Skriv til kari.nordmann@example.no da.", "email", "kari.nordmann@example.no"),
    ],
)
def test_the_check_flags_health_details_and_contact_details(
    text: str, kind: str, words: str
) -> None:
    assert (kind, words) in _kinds(text)


def test_an_eleven_digit_number_is_an_identity_number_not_a_phone() -> None:
    assert _kinds("Nummer 17058012345.") == [("national_id", "17058012345")]


def test_a_full_name_as_shown_as_is_flagged_a_first_name_is_not() -> None:
    assert [f.kind for f in screening.screen_shown_name("Kari Nordmann")] == ["name"]
    assert screening.screen_shown_name("Kari") == []


def test_highlighting_marks_exactly_the_flagged_words() -> None:
    text = "Dr. Hansen ga meg sumatriptan."
    parts = screening.highlight(text, screening.screen(text))
    assert [(p.text, p.flagged) for p in parts] == [
        ("Dr. Hansen", True), (" ga meg ", False), ("sumatriptan", True), (".", False)
    ]


@pytest.mark.django_db
def test_only_the_platform_admin_opens_the_queue(cast: Cast) -> None:
    assert Client().get(QUEUE).status_code == 302
    for user in (cast.alice, cast.ola, cast.dave):
        assert login(Client(), user).get(QUEUE).status_code == 403
    assert login(Client(), cast.pat).get(QUEUE).status_code == 200


@pytest.mark.django_db
def test_the_queue_shows_why_each_text_was_flagged_with_the_words_highlighted(
    cast: Cast,
) -> None:
    listing = clinic_listing(cast.clinic_a)
    make_rating(listing, status=Rating.Status.PENDING,
                text="Dr. Hansen var flink, men jeg bruker fortsatt sumatriptan.",
                email="skriver@example.org")
    page = login(Client(), cast.pat).get(QUEUE).content.decode()
    assert '<mark class="bt-flagged">' in page
    assert "Dr. Hansen</mark>" in page and "sumatriptan</mark>" in page
    assert "ser ut som navnet på en person" in page
    assert "er en helseopplysning" in page
    assert "mailto:skriver@example.org" in page


@pytest.mark.django_db
def test_approving_publishes_and_updates_the_listings_figures(cast: Cast) -> None:
    listing = clinic_listing(cast.clinic_a)
    Client().post(f"/klinikker/{listing.slug}/erfaring/ny/", rating_data(stars="3"))
    rating = Rating.objects.get()
    response = login(Client(), cast.pat).post(
        f"{QUEUE}erfaring/{rating.pk}/", {"action": "approve"}
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    listing.refresh_from_db()
    assert (rating.status, rating.moderated_by) == ("published", cast.pat)
    assert (listing.rating_count, listing.rating_mean) == (1, 3.0)
    assert GOOD_TEXT in Client().get(f"/klinikker/{listing.slug}/").content.decode()


@pytest.mark.django_db
def test_rejecting_needs_a_reason_and_keeps_nothing_of_the_text(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a), status=Rating.Status.PENDING,
                         email="a@example.org")
    client = login(Client(), cast.pat)
    url = f"{QUEUE}erfaring/{rating.pk}/"
    missing = client.post(url, {"action": "reject", "reason": " "})
    assert missing.status_code == 400
    page = missing.content.decode()
    assert "Skriv en kort begrunnelse." in page
    assert f'href="#rating-{rating.pk}-reject-reason"' in page
    rating.refresh_from_db()
    assert rating.status == "pending"
    client.post(url, {"action": "reject", "reason": "Handler om en annen klinikk."})
    rating.refresh_from_db()
    assert (rating.status, rating.text, rating.email) == ("rejected", "", "")
    assert rating.moderation_note == "Handler om en annen klinikk."


@pytest.mark.django_db
def test_the_moderator_edits_a_name_out_and_the_original_is_kept_nowhere(cast: Cast) -> None:
    listing = clinic_listing(cast.clinic_a)
    rating = make_rating(listing, status=Rating.Status.PENDING,
                         text="Doktor Hansen var grundig og forklarte alt.")
    login(Client(), cast.pat).post(f"{QUEUE}erfaring/{rating.pk}/", {
        "action": "edit", "text": "Legen var grundig og forklarte alt.",
        "display_name": "", "note": "Et navn ble tatt ut.",
    })
    rating.refresh_from_db()
    assert rating.status == "published"
    assert rating.text == "Legen var grundig og forklarte alt."
    assert rating.moderation_note == "Et navn ble tatt ut."
    assert not Rating.objects.filter(text__contains="Hansen").exists()
    page = Client().get(f"/klinikker/{listing.slug}/").content.decode()
    assert "Hansen" not in page
    assert "Forkortet eller redigert av en moderator" in page
    assert "Et navn ble tatt ut." not in page


@pytest.mark.django_db
def test_an_item_already_handled_is_not_handled_twice(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a), status=Rating.Status.PENDING)
    client = login(Client(), cast.pat)
    client.post(f"{QUEUE}erfaring/{rating.pk}/", {"action": "approve"})
    again = client.post(f"{QUEUE}erfaring/{rating.pk}/",
                        {"action": "reject", "reason": "For sent."}, follow=True)
    assert "Denne erfaringen er allerede moderert." in again.content.decode()
    rating.refresh_from_db()
    assert rating.status == "published"


@pytest.mark.django_db
def test_nobody_but_the_platform_admin_may_moderate(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a), status=Rating.Status.PENDING)
    for user in (cast.ola, cast.alice):
        response = login(Client(), user).post(
            f"{QUEUE}erfaring/{rating.pk}/", {"action": "approve"}
        )
        assert response.status_code == 403
    assert Client().post(f"{QUEUE}erfaring/{rating.pk}/", {"action": "approve"}).status_code == 302
    rating.refresh_from_db()
    assert rating.status == "pending"


@pytest.mark.django_db
def test_a_held_reply_is_published_or_rejected_with_an_email_to_its_writer(cast: Cast) -> None:
    listing = clinic_listing(cast.clinic_a)
    first = make_rating(listing)
    second = make_rating(listing, stars=2)
    for rating in (first, second):
        ratings.reply(rating_id=rating.pk, user=cast.ola, text="Spør etter sykepleier Kari Olsen.")
    client = login(Client(), cast.pat)
    page = client.get(QUEUE).content.decode()
    assert "Kari Olsen</mark>" in page
    client.post(f"{QUEUE}svar/{first.pk}/", {"action": "edit", "text": "Ring oss gjerne."})
    first.refresh_from_db()
    assert (first.reply, first.reply_at is not None) == ("Ring oss gjerne.", True)
    client.post(f"{QUEUE}svar/{second.pk}/",
                {"action": "reject", "reason": "Svaret nevner en ansatt ved navn."})
    second.refresh_from_db()
    assert (second.reply, second.reply_by, second.reply_at) == ("", None, None)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.ola.email]
    assert "Svaret nevner en ansatt ved navn." in message.body
    assert GOOD_TEXT not in message.body
    # The clinic may write a new reply to the one that was rejected.
    assert ratings.reply(rating_id=second.pk, user=cast.ola, text="Takk!").reply_at is not None


@pytest.mark.django_db
def test_a_report_leads_to_removal_and_the_figures_follow(cast: Cast) -> None:
    listing = clinic_listing(cast.clinic_a)
    keep = make_rating(listing, stars=5)
    bad = make_rating(listing, stars=1, text="Dette handler om noe helt annet.")
    ratings.refresh_listing_rating(listing.pk)
    Client().post(f"/klinikker/erfaring/{bad.pk}/meld/", report_data())
    Client().post(f"/klinikker/erfaring/{bad.pk}/meld/", report_data(reason="Falsk erfaring."))
    client = login(Client(), cast.pat)
    page = client.get(QUEUE).content.decode()
    assert "Teksten handler om en annen klinikk." in page
    first = AbuseReport.objects.order_by("pk").first()
    assert first is not None
    response = client.post(f"{QUEUE}melding/{first.pk}/",
                           {"action": "remove", "reason": "Ikke om denne klinikken."})
    assert response.status_code == 302
    bad.refresh_from_db()
    listing.refresh_from_db()
    assert bad.status == "removed" and bad.text == ""
    assert not AbuseReport.objects.filter(handled_at__isnull=True).exists()
    assert (listing.rating_count, listing.rating_mean) == (1, 5.0)
    assert "Dette handler om noe helt annet." not in Client().get(
        f"/klinikker/{listing.slug}/").content.decode()
    keep.refresh_from_db()
    assert keep.status == "published"


@pytest.mark.django_db
def test_a_dismissed_report_leaves_the_experience_published(cast: Cast) -> None:
    rating = make_rating(clinic_listing(cast.clinic_a))
    report = ratings.report(rating_id=rating.pk, reason="Liker den ikke.")
    login(Client(), cast.pat).post(f"{QUEUE}melding/{report.pk}/", {"action": "dismiss"})
    report.refresh_from_db()
    rating.refresh_from_db()
    assert report.handled_by == cast.pat and report.outcome == "dismissed"
    assert rating.status == "published"


@pytest.mark.django_db
def test_moderating_a_verified_rating_is_audited_with_its_patient(cast: Cast) -> None:
    signed_session(cast)
    listing = clinic_listing(cast.clinic_a)
    rating = ratings.submit_verified(user=cast.alice, patient=cast.alice_patient,
                                     listing=listing, stars=4, text="Doktor Berg var flink.")
    assert rating.status == "pending"
    client = login(Client(), cast.pat)
    client.get(QUEUE)
    assert AuditEvent.objects.filter(actor=cast.pat, action="list",
                                     object_type="directory.rating").exists()
    client.post(f"{QUEUE}erfaring/{rating.pk}/", {"action": "approve"})
    assert AuditEvent.objects.filter(actor=cast.pat, action="moderate",
                                     patient=cast.alice_patient).exists()
    page = client.get(f"/klinikker/{listing.slug}/").content.decode()
    assert "Alice" not in page


@pytest.mark.django_db
def test_the_listings_figures_equal_a_fresh_count_after_every_step(cast: Cast) -> None:
    signed_session(cast)
    listing = clinic_listing(cast.clinic_a)
    public = Client()
    pat = cast.pat

    def check() -> None:
        listing.refresh_from_db()
        assert (listing.rating_count, listing.rating_mean) == fresh_aggregate(listing)

    check()
    for stars in ("5", "2", "4"):
        public.post(f"/klinikker/{listing.slug}/erfaring/ny/", rating_data(stars=stars))
        check()
    pending = list(Rating.objects.filter(status="pending").order_by("pk"))
    moderation.approve(rating_id=pending[0].pk, moderator=pat)
    check()
    moderation.reject(rating_id=pending[1].pk, moderator=pat, reason="Ikke relevant.")
    check()
    moderation.publish_edited(rating_id=pending[2].pk, moderator=pat, text="Greit nok.",
                              display_name="", note="Forkortet.")
    check()
    verified = ratings.submit_verified(user=cast.alice, patient=cast.alice_patient,
                                       listing=listing, stars=1, text="Lang ventetid.")
    assert verified.status == "published"
    check()
    report = ratings.report(rating_id=verified.pk, reason="Urettferdig.")
    moderation.dismiss_report(report_id=report.pk, moderator=pat)
    check()
    report = ratings.report(rating_id=pending[0].pk, reason="Falsk.")
    moderation.remove_rating(report_id=report.pk, moderator=pat, reason="Falsk.")
    check()
    assert listing.rating_count == 2
    assert listing.rating_mean == pytest.approx((4 + 1) / 2)


@pytest.mark.parametrize(
    "text", ["Jeg var hos lege og fikk hjelp.", "Fastlege i kommunen henviste meg."]
)
def test_a_lowercase_title_before_an_everyday_word_is_not_a_name(text: str) -> None:
    assert [flag for flag in screening.screen(text) if flag.kind == "name"] == []


@pytest.mark.django_db
def test_the_queue_never_shows_an_email_for_a_verified_rating(cast: Cast) -> None:
    signed_session(cast)
    listing = clinic_listing(cast.clinic_a)
    verified = ratings.submit_verified(user=cast.alice, patient=cast.alice_patient,
                                       listing=listing, stars=4, text="Doktor Berg var flink.",
                                       email="alice@example.org")
    assert (verified.status, verified.email) == ("pending", "")
    # Even an address stored by some older path is never shown for a verified rating.
    Rating.objects.filter(pk=verified.pk).update(email="alice@example.org")
    ratings.submit_public(listing=listing, stars=3, text="Doktor Lie var fin.",
                          email="visitor@example.org")
    page = login(Client(), cast.pat).get(QUEUE).content.decode()
    assert "alice@example.org" not in page
    assert "visitor@example.org" in page
