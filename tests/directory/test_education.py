"""The education pages under /om-behandlingen/: every page in both languages, reviewed, and
every number equal to what bontrack.clinical decides."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from bontrack.clinical.dosing import choose_vials, patient_share, session_cost
from bontrack.clinical.protocol import PREEMPT, PUBLIC_AREAS
from bontrack.clinical.rules import ICHD_3, IHS_DIARY_2026, OVERUSE_CLASSES, REIMBURSEMENT_RULES
from bontrack.directory import education
from bontrack.directory.education_costs import MAX_UNITS, MIN_UNITS, load_prices
from bontrack.directory.education_criteria import BUILDERS

pytestmark = pytest.mark.django_db

NAMES = [page.name for page in (education.INDEX, *education.PAGES)]


def _get(client: Client, name: str, language: str = "nb", **params: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse(f"education:{name}"), params)
    assert response.status_code == 200
    return response.content.decode()


def _text(body: str) -> str:
    """The page's visible words, tags dropped and spaces (incl. no-break) collapsed."""
    words = html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\xa0", " ")
    return re.sub(r"\s+", " ", words)


def _between(body: str, start: str, end: str) -> str:
    return body[body.index(start) : body.index(end, body.index(start))]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_every_page_opens_in_both_languages_with_its_review_line(
    client: Client, name: str, language: str
) -> None:
    body = _get(client, name, language)
    assert f'<html lang="{language}"' in body
    reviewed = _text(_between(body, "data-reviewed", "</p>"))
    want = "Sist faglig gjennomgått" if language == "nb" else "Last professionally reviewed"
    assert want in reviewed
    assert ("nevrolog" if language == "nb" else "a neurologist") in reviewed
    assert '<time datetime="2026-11-15">' in body


def test_the_norwegian_pages_speak_norwegian(client: Client) -> None:
    body = _text(_get(client, "migraine"))
    assert "Når er migrene kronisk?" in body
    assert "When is migraine chronic?" not in body


def test_every_page_has_its_own_title_and_description(client: Client) -> None:
    titles, descriptions = set(), set()
    for name in NAMES:
        body = _get(client, name)
        titles.add(re.search(r"<title>(.*?)</title>", body, re.S).group(1).strip())  # type: ignore[union-attr]
        descriptions.add(re.search(r'<meta name="description" content="([^"]*)"', body).group(1))  # type: ignore[union-attr]
    assert len(titles) == len(NAMES)
    assert len(descriptions) == len(NAMES)


def _json_ld(body: str) -> dict[str, object]:
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert raw is not None
    return json.loads(raw.group(1))  # type: ignore[no-any-return]


def test_each_page_describes_itself_as_a_reviewed_medical_web_page(client: Client) -> None:
    for name in NAMES:
        data = _json_ld(_get(client, name, "en"))
        assert data["@type"] == "MedicalWebPage"
        assert data["lastReviewed"] == "2026-11-15"
        assert str(data["url"]).endswith(reverse(f"education:{name}"))


def test_the_treatment_page_carries_a_medical_procedure_from_the_protocol(client: Client) -> None:
    procedure = _json_ld(_get(client, "treatment", "en"))["mainEntity"]
    assert isinstance(procedure, dict)
    assert procedure["@type"] == "MedicalProcedure"
    assert f"About {PREEMPT.total_sites} small injections" in procedure["howPerformed"]
    assert f"{PREEMPT.total_units} units in all" in procedure["howPerformed"]
    assert procedure["code"]["codeValue"] == "442695005"


def test_the_migraine_page_states_the_ichd3_thresholds_of_the_core(client: Client) -> None:
    body = _text(_get(client, "migraine", "en"))
    assert f"headache on {ICHD_3.chronic_headache_days} days a month or more" in body
    assert f"at least {ICHD_3.chronic_migraine_days} of these days" in body
    assert f"more than {IHS_DIARY_2026.window_periods} months" in body
    assert f"lasts {IHS_DIARY_2026.headache_min_hours:.0f} hours or more" in body


def test_the_migraine_page_lists_every_overuse_threshold(client: Client) -> None:
    body = _get(client, "migraine", "en")
    table = _text(_between(body, 'data-facts="overuse"', "</table>"))
    for name in OVERUSE_CLASSES:
        label = str(education.MEDICINE_CLASS_LABELS[name])
        assert f"{label} {ICHD_3.overuse_days[name]} or more" in table
    assert f"{ICHD_3.mixed_overuse_days} or more" in table


def test_every_public_area_of_the_protocol_has_words() -> None:
    assert set(PUBLIC_AREAS.values()) == set(education.AREA_LABELS)
    assert set(OVERUSE_CLASSES) == set(education.MEDICINE_CLASS_LABELS)


def test_the_treatment_page_counts_sites_and_units_from_the_protocol(client: Client) -> None:
    body = _get(client, "treatment", "en")
    table = _between(body, 'data-facts="areas"', "</table>")
    assert f'data-total="sites">{PREEMPT.total_sites}<' in table
    assert f'data-total="units">{PREEMPT.total_units}<' in table
    text = _text(table)
    assert f"{PREEMPT.max_total_sites} points, {PREEMPT.max_total_units} units" in text
    for area in education.areas(PREEMPT):
        muscles = [m for m in PREEMPT.muscles if PUBLIC_AREAS[m.muscle] == area.key]
        assert area.sites == sum(m.sites for m in muscles)
        assert f"{area.label} {area.sites} {area.units}" in text
    words = _text(body)
    assert f"{PREEMPT.total_sites} injection points" in words
    assert f"Each injection gives {PREEMPT.units_per_site} units" in words


def test_the_illustration_has_one_dot_per_site_and_a_text_alternative(client: Client) -> None:
    body = _get(client, "treatment", "en")
    figure = _between(body, 'class="bt-edu-map"', "bt-edu-map__key")
    fixed = figure.count('class="bt-edu-dot"')
    extra = figure.count('class="bt-edu-dot bt-edu-dot--extra"')
    temples = next(a for a in education.areas(PREEMPT) if a.key == "temples")
    # The side view shows one temple; the other side is said in words.
    assert fixed == PREEMPT.total_sites - temples.sites // 2
    assert fixed + extra == PREEMPT.max_total_sites - temples.max_sites // 2
    assert figure.count('role="img"') == 3
    assert "The right side is the same." in figure
    assert "Forehead: 7 injection points" in figure


def test_the_expect_page_tells_the_timeline_and_what_to_note(client: Client) -> None:
    body = _text(_get(client, "expect", "en"))
    assert "After 1–2 weeks" in body
    assert "For 10–12 weeks" in body
    assert "after 2–3 treatments" in body
    for note in ("how long the effect lasted", "came back gradually", "could do more"):
        assert note in body


def test_the_side_effects_page_puts_the_red_flags_in_a_danger_alert(client: Client) -> None:
    body = _get(client, "side_effects", "en")
    alert = _text(_between(body, 'data-color="danger"', "</div>"))
    assert "hard to breathe, swallow or speak" in alert
    assert "113" in alert
    assert "116 117" in alert


# --- the cost calculator -------------------------------------------------------------------


def _result(body: str) -> dict[str, str]:
    found = re.search(r'data-result data-units="(\d+)" data-total="(\d+)"', body)
    assert found is not None, "no result on the page"
    return {"units": found.group(1), "total": found.group(2)}


@pytest.mark.parametrize("units", [100, 155, 195, 201, 300, 400])
def test_the_calculator_prices_a_dose_as_dosing_does(client: Client, units: int) -> None:
    public = load_prices()
    choice = choose_vials(units, public.vial_sizes)
    cost = session_cost(choice, public.prices)
    body = _get(client, "costs", "en", units=str(units))
    assert _result(body) == {"units": str(units), "total": f"{cost.total:.0f}"}
    text = _text(body)
    vials = ", ".join(f"{count} × {size} units" for size, count in choice.vials)
    assert f"Vials {vials} " in text
    assert f"Left over and thrown away {choice.waste_units} units" in text
    assert f"Price of the medicine NOK {cost.total:,.0f}" in text
    self_pay = patient_share(cost.total, "self_pay")
    assert f"You pay NOK {self_pay.patient_pays:,.0f} for the medicine" in text


def test_the_calculator_shows_kroner_with_a_norwegian_thousands_space(client: Client) -> None:
    body = _text(_get(client, "costs", units="300"))
    assert "8 114 kr" in body  # two 200 U vials at NOK 4 057


def test_without_a_dose_the_calculator_shows_the_usual_one(client: Client) -> None:
    assert _result(_get(client, "costs", "en"))["units"] == str(PREEMPT.total_units)


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ("-5", f"The units must be at least {MIN_UNITS}."),
        ("abc", "Enter the units as a whole number, for example 155."),
        ("", "Enter the number of units, for example 155."),
        ("401", f"The units can be at most {MAX_UNITS}."),
        ("12.5", "Enter the units as a whole number, for example 155."),
    ],
)
def test_the_calculator_refuses_bad_units_with_a_clear_message(
    client: Client, units: str, message: str
) -> None:
    body = _get(client, "costs", "en", units=units)
    assert "data-result" not in body
    summary = _text(_between(body, "bt-calc-errors", "</div>"))
    assert f"Units per treatment: {message}" in summary
    assert 'href="#id_units"' in body
    assert 'aria-invalid="true"' in body


def test_the_calculator_answers_its_script_with_the_result_region_only(client: Client) -> None:
    client.cookies["django_language"] = "en"
    url = reverse("education:costs")
    response = client.get(url, {"units": "195"}, headers={"X-Bontrack-Fragment": "calculator"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert _result(body)["units"] == "195"
    assert "X-Bontrack-Fragment" in response["Vary"]
    bad = client.get(url, {"units": "-5"}, headers={"X-Bontrack-Fragment": "calculator"})
    assert "data-error" in bad.content.decode()
    assert "The units must be at least 100." in bad.content.decode()


def test_the_calculator_uses_co_payment_rules_once_an_operator_enters_them(
    client: Client, settings: object, tmp_path: Path
) -> None:
    prices = tmp_path / "prices.json"
    prices.write_text(
        json.dumps(
            {
                "name": "test",
                "currency": "NOK",
                "vials": [{"units": 100, "price": 2100}, {"units": 200, "price": 4000}],
                "copayment": {
                    "name": "test",
                    "percent": 50,
                    "max_per_dispensing": 500,
                    "annual_cap": 3000,
                },
            }
        )
    )
    settings.BONTRACK_EDUCATION_PRICES = str(prices)  # type: ignore[attr-defined]
    body = _text(_get(client, "costs", "en", units="155"))
    assert "Vials 1 × 200 units " in body
    assert "Price of the medicine NOK 4,000" in body
    share = patient_share(
        Decimal(4000), "blue_prescription", load_prices(prices).copayment, Decimal(0)
    )
    assert f"You pay a co-payment of NOK {share.patient_pays:,.0f} " in body
    assert "NOK 2,100" in body  # the price table lists the 100 U vial too


def test_without_co_payment_figures_the_page_invents_none(client: Client) -> None:
    body = _text(_get(client, "costs", "en"))
    assert load_prices().copayment is None
    assert "exemption card (frikort)" in body
    assert "You pay a co-payment of" not in body


# --- the reimbursement criteria ------------------------------------------------------------


def test_every_criterion_of_every_rule_set_has_words() -> None:
    for rules in REIMBURSEMENT_RULES.values():
        assert set(rules.criteria) <= set(BUILDERS), rules.name


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_criteria_page_lists_every_criterion_of_the_rule_sets(
    client: Client, language: str
) -> None:
    body = _get(client, "criteria", language)
    main = _between(body, 'data-rule-set="no-5-14-2019"', "</section>")
    for criterion in REIMBURSEMENT_RULES["no-5-14-2019"].criteria:
        assert f'data-criterion="{criterion}"' in main
    for name, rules in REIMBURSEMENT_RULES.items():
        section = _between(body, f'data-rule-set="{name}"', "</section>")
        if name == "no-specialist-applicant":
            # Shown by its one difference from the main rule set.
            assert 'data-criterion="applicant"' in section
            assert set(rules.criteria) == set(REIMBURSEMENT_RULES["no-5-14-2019"].criteria)
        else:
            for criterion in rules.criteria:
                assert f'data-criterion="{criterion}"' in section, (name, criterion)


def test_the_criteria_page_states_the_numbers_and_drugs_of_the_rules(client: Client) -> None:
    body = _text(_get(client, "criteria", "en"))
    assert (
        f"A headache on {ICHD_3.chronic_headache_days} days a month or more, at least "
        f"{ICHD_3.chronic_migraine_days} of them with migraine features"
    ) in body
    assert "You have tried propranolol, metoprolol or atenolol without enough effect" in body
    assert "You have tried topiramate without enough effect" in body
    assert "This rule does not say which kind of doctor must apply." in body
    assert (
        "The application must come from a neurologist, an anaesthesiologist or a doctor at a "
        "public hospital. Your GP cannot apply."
    ) in body
    need = REIMBURSEMENT_RULES["nice-ta260"].min_preventives
    assert f"You have tried at least {need} preventive medicines" in body


# --- the self-check ------------------------------------------------------------------------

ANSWERS = {
    "headache_days": "18",
    "migraine_days": "9",
    "duration": "long",
    "preventives": ["beta_blocker"],
    "acute_days": "6",
    "strong_days": "2",
}


def _check(client: Client, **changes: object) -> str:
    client.cookies["django_language"] = "en"
    response = client.post(reverse("education:self_check"), {**ANSWERS, **changes})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return response.content.decode()


def test_answers_that_fit_chronic_migraine_say_so_and_send_you_to_a_gp(client: Client) -> None:
    body = _check(client)
    assert 'data-result="pattern"' in body
    text = _text(body)
    assert "Your answers fit the pattern doctors look for in chronic migraine" in text
    assert "This is not a diagnosis." in text
    assert "Talk to your GP" in text
    assert "propranolol, metoprolol or atenolol): you have tried it" in text
    assert "Topiramate: not tried yet, from your answers" in text
    assert "data-overuse" not in body


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"headache_days": str(ICHD_3.chronic_headache_days - 1)}, "headache_days"),
        ({"migraine_days": str(ICHD_3.chronic_migraine_days - 1)}, "migraine_days"),
        ({"duration": "short"}, "duration"),
    ],
)
def test_each_threshold_of_the_core_decides_the_pattern(
    client: Client, changes: dict[str, str], reason: str
) -> None:
    body = _check(client, **changes)
    assert 'data-result="no-pattern"' in body
    assert f'data-reason="{reason}"' in body
    assert "Talk to your GP" in _text(body)


def test_the_thresholds_themselves_are_enough(client: Client) -> None:
    body = _check(
        client,
        headache_days=str(ICHD_3.chronic_headache_days),
        migraine_days=str(ICHD_3.chronic_migraine_days),
    )
    assert 'data-result="pattern"' in body


@pytest.mark.parametrize(
    ("acute", "strong", "overuse"),
    [
        (ICHD_3.overuse_days["simple_analgesic"], 0, True),
        (ICHD_3.overuse_days["simple_analgesic"] - 1, 0, False),
        (ICHD_3.overuse_days["triptan"], ICHD_3.overuse_days["triptan"], True),
        (ICHD_3.overuse_days["triptan"] - 1, ICHD_3.overuse_days["triptan"] - 1, False),
        (ICHD_3.mixed_overuse_days, 3, True),  # a mix of classes on 10 days
        (ICHD_3.mixed_overuse_days - 1, 3, False),
    ],
)
def test_frequent_attack_medicine_is_flagged_by_the_ichd3_thresholds(
    client: Client, acute: int, strong: int, overuse: bool
) -> None:
    body = _check(client, acute_days=str(acute), strong_days=str(strong))
    assert ("data-overuse" in body) is overuse


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"headache_days": "-5"}, "The days cannot be fewer than 0."),
        ({"headache_days": "abc"}, "Enter the days as a whole number from 0 to 31."),
        ({"headache_days": "40"}, "A month has at most 31 days."),
        ({"migraine_days": "19"}, "cannot be more than the headache days (18)"),
        ({"strong_days": "7"}, "cannot be more than the days with any medicine (6)"),
        ({"duration": ""}, "Choose how long it has been like this."),
        ({"preventives": ["aspirin"]}, "Select a valid choice."),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message(
    client: Client, changes: dict[str, object], message: str
) -> None:
    body = _check(client, **changes)
    assert "data-result" not in body
    summary = _text(_between(body, "ds-error-summary", "</div>"))
    assert message in summary


def test_the_self_check_asks_by_post_with_csrf(client: Client) -> None:
    body = _get(client, "self_check", "en")
    assert re.search(r'<form method="post"[^>]*bt-edu-check', body)
    assert "csrfmiddlewaretoken" in body
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("education:self_check"), ANSWERS).status_code == 403
