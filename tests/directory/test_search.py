"""Directory search: filters, sorting with ties and missing figures, staleness, advertising,
paging, the postcode table, and bad input refused with messages that name the field."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from bontrack.directory.models import Listing, Postcode, Treatment
from bontrack.directory.search import AD_SLOTS, PAGE_SIZE, SearchParams, Sort, search
from tests.directory.factories import days_ago, ensure_postcode, make_listing, make_offering

pytestmark = pytest.mark.django_db

PAIN = Treatment.PAIN
MIGRAINE = Treatment.CHRONIC_MIGRAINE


def names(result_rows: list) -> list[str]:
    return [row.listing.name for row in result_rows]


def found(**params: object) -> list[str]:
    return names(search(SearchParams(**params)).results)  # type: ignore[arg-type]


def advertise(listing: Listing, days: int = 30) -> Listing:
    listing.advertised_until = timezone.localdate() + dt.timedelta(days=days)
    listing.save()
    return listing


# --- Filtering ------------------------------------------------------------------------------


def test_it_lists_only_published_listings() -> None:
    make_offering(make_listing(name="Synlig"))
    make_offering(make_listing(name="Skjult", published=False))
    assert found() == ["Synlig"]


def test_it_filters_by_treatment() -> None:
    both = make_listing(name="Begge")
    make_offering(both)
    make_offering(both, treatment=PAIN, price_from=2000)
    make_offering(make_listing(name="Bare migrene"))
    assert found(treatment=PAIN) == ["Begge"]
    assert found(treatment=MIGRAINE) == ["Bare migrene", "Begge"]


def test_it_filters_by_county_and_by_town() -> None:
    make_offering(make_listing(name="Oslo-klinikken", postcode="0150"))
    make_offering(make_listing(name="Bergensklinikken", postcode="5003"))
    make_offering(make_listing(name="Hamarklinikken", postcode="2317"))
    assert found(county="Vestland") == ["Bergensklinikken"]
    assert found(place="Hamar") == ["Hamarklinikken"]
    assert found(county="Oslo", place="Bergen") == []


def test_highest_price_and_longest_wait_must_hold_for_the_same_offering() -> None:
    mixed = make_listing(name="Blandet")
    make_offering(mixed, price_from=1500, wait_weeks=20)
    make_offering(mixed, treatment=PAIN, price_from=5000, wait_weeks=1)
    make_offering(make_listing(name="Rimelig og rask"), price_from=2000, wait_weeks=2)
    assert found(max_price=2500, max_wait=4) == ["Rimelig og rask"]
    assert found(max_price=2500) == ["Blandet", "Rimelig og rask"]


def test_a_price_limit_leaves_out_clinics_that_give_no_price() -> None:
    make_offering(make_listing(name="Uten pris"), price_from=None)
    make_offering(make_listing(name="Med pris"), price_from=3000)
    assert found(max_price=4000) == ["Med pris"]
    assert found() == ["Med pris", "Uten pris"]


def test_lowest_rating_leaves_out_lower_and_unrated_clinics() -> None:
    make_offering(make_listing(name="Godt likt", rating_mean=4.6, rating_count=12))
    make_offering(make_listing(name="Middels", rating_mean=3.2, rating_count=8))
    make_offering(make_listing(name="Ikke vurdert"))
    assert found(min_rating=4.0) == ["Godt likt"]


def test_clinics_without_offerings_show_until_a_treatment_is_chosen() -> None:
    make_listing(name="Tom")
    make_offering(make_listing(name="Aktiv"))
    assert found() == ["Aktiv", "Tom"]
    assert found(treatment=MIGRAINE) == ["Aktiv"]


# --- Sorting, ties and missing figures ------------------------------------------------------


def test_price_sort_puts_the_cheapest_first_and_clinics_without_a_price_last() -> None:
    make_offering(make_listing(name="A uten pris"), price_from=None)
    make_offering(make_listing(name="B dyr"), price_from=5200)
    make_offering(make_listing(name="C billig"), price_from=1900)
    assert found(sort=Sort.PRICE) == ["C billig", "B dyr", "A uten pris"]


def test_equal_prices_are_ordered_by_name_then_by_id() -> None:
    first_twin = make_listing(name="Tvilling")
    second_twin = make_listing(name="Tvilling")
    make_offering(second_twin, price_from=3000)
    make_offering(first_twin, price_from=3000)
    make_offering(make_listing(name="Alfa"), price_from=3000)
    result = search(SearchParams(sort=Sort.PRICE)).results
    assert [(r.listing.name, r.listing.pk) for r in result] == [
        ("Alfa", result[0].listing.pk),
        ("Tvilling", first_twin.pk),
        ("Tvilling", second_twin.pk),
    ]


def test_wait_sort_puts_the_shortest_wait_first_and_unknown_waits_last() -> None:
    make_offering(make_listing(name="Ukjent"), wait_weeks=None)
    make_offering(make_listing(name="Lang"), wait_weeks=12)
    make_offering(make_listing(name="Kort"), wait_weeks=1)
    make_offering(make_listing(name="Også kort"), wait_weeks=1)
    assert found(sort=Sort.WAIT) == ["Kort", "Også kort", "Lang", "Ukjent"]


def test_rating_sort_puts_the_best_first_then_the_most_rated_and_unrated_last() -> None:
    make_offering(make_listing(name="Urangert"))
    make_offering(make_listing(name="Fire få", rating_mean=4.0, rating_count=2))
    make_offering(make_listing(name="Fire mange", rating_mean=4.0, rating_count=40))
    make_offering(make_listing(name="Fem", rating_mean=5.0, rating_count=1))
    assert found(sort=Sort.RATING) == ["Fem", "Fire mange", "Fire få", "Urangert"]


def test_names_sort_in_norwegian_alphabetical_order() -> None:
    for name in ("Åsen klinikk", "Ørsta klinikk", "Ærlig klinikk", "zeta klinikk", "Oslo klinikk"):
        make_offering(make_listing(name=name))
    assert found() == [
        "Oslo klinikk",
        "zeta klinikk",
        "Ærlig klinikk",
        "Ørsta klinikk",
        "Åsen klinikk",
    ]


def test_distance_sort_measures_from_the_visitors_postcode() -> None:
    for name, code in (("Tromsø", "9008"), ("Bergen", "5003"), ("Oslo", "0450"), ("Hamar", "2317")):
        make_offering(make_listing(name=name, postcode=code))
    origin = ensure_postcode("0150")
    result = search(SearchParams(sort=Sort.DISTANCE, origin=origin)).results
    assert names(result) == ["Oslo", "Hamar", "Bergen", "Tromsø"]
    assert result[0].distance_km is not None and result[0].distance_km < 5
    assert 290 < (result[2].distance_km or 0) < 330  # Oslo–Bergen as the crow flies
    assert 1100 < (result[3].distance_km or 0) < 1200


def test_clinics_at_the_same_distance_are_ordered_by_name() -> None:
    make_offering(make_listing(name="Nabo B", postcode="5003"))
    make_offering(make_listing(name="Nabo A", postcode="5003"))
    origin = ensure_postcode("0150")
    assert found(sort=Sort.DISTANCE, origin=origin) == ["Nabo A", "Nabo B"]


def test_sorting_by_distance_without_a_postcode_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="postcode"):
        search(SearchParams(sort=Sort.DISTANCE))


# --- Staleness ------------------------------------------------------------------------------


def test_prices_and_waits_older_than_35_days_are_flagged_stale() -> None:
    make_offering(
        make_listing(name="Fersk"), price_confirmed_on=days_ago(35), wait_updated_on=days_ago(0)
    )
    make_offering(
        make_listing(name="Gammel"), price_confirmed_on=days_ago(36), wait_updated_on=days_ago(90)
    )
    make_offering(make_listing(name="Udatert"), price_confirmed_on=None, wait_updated_on=None)
    rows = {r.listing.name: r for r in search(SearchParams()).results}
    assert (rows["Fersk"].price_stale, rows["Fersk"].wait_stale) == (False, False)
    assert (rows["Gammel"].price_stale, rows["Gammel"].wait_stale) == (True, True)
    assert (rows["Udatert"].price_stale, rows["Udatert"].wait_stale) == (True, True)


def test_stale_figures_are_marked_on_the_page(client: Client) -> None:
    make_offering(make_listing(name="Gammel"), price_confirmed_on=days_ago(60))
    body = client.get("/klinikker/").content.decode()
    assert "kan være utdatert" in body
    assert f"bekreftet {days_ago(60):%d.%m.%Y}" in body


def test_a_stale_figure_still_sorts_by_its_value() -> None:
    cheap = make_listing(name="Gammel billig")
    make_offering(cheap, price_from=1000, price_confirmed_on=days_ago(99))
    make_offering(make_listing(name="Fersk dyr"), price_from=4000)
    assert found(sort=Sort.PRICE) == ["Gammel billig", "Fersk dyr"]


# --- Advertising ----------------------------------------------------------------------------


def test_without_a_chosen_sort_advertisers_get_a_labelled_block_and_keep_their_place() -> None:
    make_offering(make_listing(name="Alfa"))
    make_offering(advertise(make_listing(name="Omega")))
    result = search(SearchParams())
    assert names(result.advertisements) == ["Omega"]
    assert names(result.results) == ["Alfa", "Omega"]
    assert [r.advertised for r in result.results] == [False, True]


def test_a_chosen_sort_never_moves_an_advertiser() -> None:
    make_offering(make_listing(name="Billig"), price_from=1000)
    make_offering(advertise(make_listing(name="Dyr annonsør")), price_from=9000)
    for sort in (Sort.PRICE, Sort.WAIT, Sort.RATING):
        result = search(SearchParams(sort=sort))
        assert result.advertisements == []
    assert found(sort=Sort.PRICE) == ["Billig", "Dyr annonsør"]


def test_the_order_is_the_same_whether_or_not_a_clinic_pays() -> None:
    for i, price in enumerate((4000, 2000, 3000)):
        make_offering(make_listing(name=f"Klinikk {i}"), price_from=price)
    before = found(sort=Sort.PRICE)
    advertise(Listing.objects.get(name="Klinikk 0"))
    assert found(sort=Sort.PRICE) == before
    assert found() == ["Klinikk 0", "Klinikk 1", "Klinikk 2"]


def test_at_most_two_advertisers_show_and_they_take_turns_by_day() -> None:
    for name in ("A", "B", "C"):
        make_offering(advertise(make_listing(name=f"Annonsør {name}")))
    monday = dt.date(2026, 11, 30)
    shown_on = {
        day: tuple(names(search(SearchParams(), today=day).advertisements))
        for day in (monday + dt.timedelta(days=n) for n in range(3))
    }
    assert all(len(shown) == AD_SLOTS for shown in shown_on.values())
    assert len(set(shown_on.values())) == 3  # each day a different pair
    assert len(search(SearchParams(), today=monday).results) == 3


def test_advertisers_outside_the_filters_and_expired_ones_are_not_shown() -> None:
    make_offering(advertise(make_listing(name="Bergen annonse", postcode="5003")))
    expired = make_listing(name="Utløpt", advertised_until=days_ago(1))
    make_offering(expired)
    result = search(SearchParams(county="Oslo"))
    assert result.advertisements == []
    assert [r.advertised for r in result.results] == [False]


def test_advertisements_are_labelled_on_the_page_in_both_languages(client: Client) -> None:
    make_offering(advertise(make_listing(name="Betalende")))
    body = client.get("/klinikker/").content.decode()
    assert body.count(">Annonse<") == 2  # in the block and in its place in the list
    assert "Annonser</h3>" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/klinikker/"})
    english = client.get("/klinikker/").content.decode()
    assert english.count(">Advertisement<") == 2
    assert client.get("/klinikker/?sort=price").content.decode().count(">Advertisement<") == 1


# --- Paging ---------------------------------------------------------------------------------


def test_results_come_twenty_to_a_page() -> None:
    for i in range(PAGE_SIZE + 5):
        make_offering(make_listing(name=f"Klinikk {i:02d}"))
    first = search(SearchParams())
    second = search(SearchParams(page=2))
    assert (first.total, first.pages, len(first.results)) == (25, 2, PAGE_SIZE)
    assert names(second.results) == [f"Klinikk {i:02d}" for i in range(20, 25)]
    assert search(SearchParams(page=99)).page == 2  # past the end: the last page


def test_the_pager_keeps_the_filters(client: Client) -> None:
    for i in range(PAGE_SIZE + 1):
        make_offering(make_listing(name=f"Klinikk {i:02d}"))
    body = client.get("/klinikker/?sort=price&treatment=bont_chronic_migraine").content.decode()
    assert 'href="?treatment=bont_chronic_migraine&amp;sort=price&amp;page=2"' in body
    page_two = client.get("/klinikker/?sort=price&page=2").content.decode()
    assert "Klinikk 20" in page_two and "Klinikk 00" not in page_two


# --- The page -------------------------------------------------------------------------------


def test_the_page_shows_what_a_visitor_compares(client: Client) -> None:
    listing = make_listing(
        name="Fjordklinikken",
        slug="fjordklinikken",
        kind=Listing.Kind.PUBLIC,
        blue_prescription=True,
        postcode="5003",
        rating_mean=4.25,
        rating_count=17,
    )
    make_offering(listing, price_from=3450, wait_weeks=6)
    make_offering(make_listing(name="Ny klinikk"))
    body = client.get("/klinikker/?postcode=0150").content.decode()
    assert 'href="/klinikker/fjordklinikken/"' in body
    assert "Offentlig" in body or "offentlig" in body
    assert "Blå resept kan gjelde" in body
    assert "Bergen, Vestland" in body
    assert "3\u00a0450\u00a0kr" in body
    assert "6 uker" in body
    assert "4,3 av 5 (17 vurderinger)" in body
    assert "ingen vurderinger ennå" in body
    assert "omtrent 30" in body and "km unna" in body  # Oslo–Bergen
    assert "2 klinikker passer." in body


def test_a_plain_get_gets_the_whole_page_and_htmx_gets_the_results(client: Client) -> None:
    make_offering(make_listing(name="Eneste"))
    page = client.get("/klinikker/?treatment=bont_chronic_migraine")
    assert page.status_code == 200
    assert "<html" in page.content.decode() and 'id="search-form"' in page.content.decode()
    assert "HX-Request" in page["Vary"]
    partial = client.get("/klinikker/?treatment=bont_chronic_migraine", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert partial.status_code == 200
    assert "<html" not in body and "Eneste" in body
    assert 'hx-swap-oob="innerHTML:#result-count"' in body
    restore = client.get(
        "/klinikker/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("max_price=-1", "Høyeste pris må være et helt antall kroner fra 0 til 100 000"),
        ("max_price=abc", "«abc» er det ikke"),
        ("max_wait=abc", "Lengste ventetid må være et helt antall uker fra 0 til 260"),
        ("max_wait=261", "Lengste ventetid"),
        ("min_rating=7", "Laveste vurdering: «7» er ikke et av valgene"),
        ("treatment=laser", "Behandling: «laser» er ikke en behandling vi viser"),
        ("county=Viken", "Fylke: «Viken» er ikke et norsk fylke"),
        ("place=Atlantis", "Sted: ingen klinikk er oppført i «Atlantis»"),
        ("sort=cheapest", "Sorter etter: «cheapest»"),
        ("postcode=0000", "Postnummer 0000 er ikke et norsk postnummer vi kjenner"),
        ("postcode=12a", "Postnummeret ditt må være fire sifre"),
        ("sort=distance", "For å sortere etter avstand, oppgi postnummeret ditt"),
        ("page=abc", "Siden må være et helt tall fra 1"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(
    client: Client, query: str, message: str
) -> None:
    make_offering(make_listing(name="Finnes"))
    response = client.get(f"/klinikker/?{query}")
    body = response.content.decode().replace("&quot;", '"')
    assert response.status_code == 400
    assert message in body, body[body.find("error-summary") - 200 :][:1500]
    assert "Finnes" not in body  # no half-done search is shown
    partial = client.get(f"/klinikker/?{query}", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200  # htmx only swaps in 2xx answers
    assert message in partial.content.decode()


def test_postcode_0000_is_refused_in_english_too(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/klinikker/"})
    body = client.get("/klinikker/?postcode=0000").content.decode()
    assert "Postcode 0000 is not a Norwegian postcode we know" in body
    assert 'href="#id_postcode"' in body


def test_a_postcode_may_be_typed_with_spaces(client: Client) -> None:
    make_offering(make_listing(name="Nær"))
    response = client.get("/klinikker/?postcode=+01+50+&sort=distance")
    assert response.status_code == 200
    assert "under 1 km unna" in response.content.decode()


def test_cached_results_are_reused_and_renewed_when_a_listing_changes(
    client: Client, settings: object, django_assert_max_num_queries: object
) -> None:
    settings.DIRECTORY_CACHE_SECONDS = 60  # type: ignore[attr-defined]
    listing = make_listing(name="Før")
    make_offering(listing)
    assert "Før" in client.get("/klinikker/?sort=wait").content.decode()
    with django_assert_max_num_queries(0):  # type: ignore[operator]
        cached = client.get("/klinikker/?sort=wait")
    assert "Før" in cached.content.decode()
    listing.name = "Etter"
    listing.save()
    assert "Etter" in client.get("/klinikker/?sort=wait").content.decode()


def test_a_cached_page_carries_each_visitors_own_csrf_token(settings: object) -> None:
    settings.DIRECTORY_CACHE_SECONDS = 60  # type: ignore[attr-defined]
    make_offering(make_listing(name="Hurtig"))
    Client().get("/klinikker/")  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    body = visitor.get("/klinikker/").content.decode()
    assert "placeholder" not in body
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token is not None
    switched = visitor.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/klinikker/", "csrfmiddlewaretoken": token.group(1)},
    )
    assert switched.status_code == 302
    assert "Find a clinic" in visitor.get("/klinikker/").content.decode()


def test_a_planted_query_string_never_reaches_another_visitors_cached_page(
    settings: object,
) -> None:
    settings.DIRECTORY_CACHE_SECONDS = 60  # type: ignore[attr-defined]
    make_offering(make_listing(name="Hurtig"))
    Client().get('/klinikker/?utm_source="planted"')
    body = Client().get("/klinikker/").content.decode()
    assert "planted" not in body


def test_a_logged_in_user_never_gets_an_anonymous_cached_page(
    client: Client, settings: object
) -> None:
    from bontrack.accounts.models import User

    settings.DIRECTORY_CACHE_SECONDS = 60  # type: ignore[attr-defined]
    make_offering(make_listing(name="Felles"))
    Client().get("/klinikker/")
    user = User.objects.create_user(email="kari@example.invalid", password=None, full_name="Kari")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get("/klinikker/").content.decode()
    assert "Kari" in body and "Felles" in body


# --- The postcode table ---------------------------------------------------------------------


def test_the_postcode_table_covers_every_county_and_the_hospital_towns() -> None:
    from bontrack.directory.search import COUNTIES

    assert Postcode.objects.count() >= 150
    assert set(Postcode.objects.values_list("county", flat=True).distinct()) == set(COUNTIES)
    places = set(Postcode.objects.values_list("place", flat=True))
    for town in ("Oslo", "Bergen", "Trondheim", "Tromsø", "Bodø", "Kirkenes", "Førde", "Gol"):
        assert town in places
    assert not Postcode.objects.filter(code="0000").exists()


def test_loading_the_postcode_table_again_changes_nothing() -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("bontrack.directory.migrations.0002_postcodes")
    before = list(Postcode.objects.values_list("code", "place", "latitude").order_by("code"))
    Postcode.objects.filter(code="0150").update(place="Feil")
    migration.load(apps, None)
    after = list(Postcode.objects.values_list("code", "place", "latitude").order_by("code"))
    assert after == before
