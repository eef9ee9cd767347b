"""The clinical core's findings reach the clinician in the page's language, never only English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import get_args

import pytest
from django.test import Client
from django.utils import timezone, translation

from bontrack.clinical.dosing import (
    DEFAULT_PRICE_LIST,
    DosingCode,
    DosingError,
    DosingProblem,
    choose_vials,
    patient_share,
    reconstitution_ml,
    session_cost,
)
from bontrack.clinical.protocol import PREEMPT, custom_protocol
from bontrack.clinical.rules import REIMBURSEMENT_RULES
from bontrack.clinical.session_check import Finding, FindingId, Injection, check_session
from bontrack.treatments import assessment, clinical_messages, scheduling
from bontrack.treatments.clinical_messages import (
    DOSING,
    FINDINGS,
    dosing_text,
    finding_text,
    stored_finding,
)
from bontrack.treatments.models import Session
from tests.personas import Cast, login
from tests.treatments.test_scheduling_helpers import oslo, signed_course
from tests.treatments.test_sessions import _base, _course, _draft, _lot, _sign

DAY = dt.date(2026, 6, 18)


def _preempt(**units: int) -> list[Injection]:
    """The PREEMPT standard dose per muscle (both sides together), with some muscles changed."""
    return [
        Injection(d.muscle, "bilateral" if d.bilateral else "midline", d.sites,
                  units.get(d.muscle, d.units))
        for d in PREEMPT.muscles
    ]


def _every_finding() -> list[Finding]:
    """Sessions that between them make the check report every kind of finding it knows."""
    scalp = custom_protocol("scalp", [])
    checks = [
        check_session([Injection("procerus", "midline", 0, 5)], on=DAY),
        check_session([Injection("trapezius", "left", 1, 60)], on=DAY),
        check_session([Injection("trapezius", "left", 10, 450)], on=DAY),
        check_session(_preempt(), on=DAY, last_session=DAY - dt.timedelta(days=80)),
        check_session(_preempt(frontalis=30), on=DAY, protocol=PREEMPT),
        check_session(_preempt(occipitalis=45), on=DAY, protocol=PREEMPT),
        check_session(_preempt(temporalis=30), on=DAY, protocol=PREEMPT),
        check_session([Injection("masseter", "left", 2, 10)], on=DAY, protocol=PREEMPT),
        check_session([Injection("masseter", "left", 2, 10)], on=DAY, protocol=scalp),
    ]
    return [f for check in checks for f in (*check.hard_stops, *check.warnings)]


def _every_dosing_problem() -> list[DosingProblem]:
    found: list[DosingProblem] = []
    attempts = [
        lambda: choose_vials(0),
        lambda: choose_vials(100, sizes=()),
        lambda: choose_vials(300, sizes=(200,), stock={200: 1}),
        lambda: reconstitution_ml(200, Decimal(0)),
        lambda: session_cost(choose_vials(100, sizes=(100,)), DEFAULT_PRICE_LIST),
        lambda: patient_share(Decimal(4057), "blue_prescription"),
    ]
    for attempt in attempts:
        with pytest.raises(DosingError) as caught:
            attempt()
        found += caught.value.problems
    return found


def test_every_code_the_core_can_emit_has_a_norwegian_sentence() -> None:
    assert set(FINDINGS) == set(get_args(FindingId))
    assert set(DOSING) == set(get_args(DosingCode))
    for code, template in {**FINDINGS, **DOSING}.items():
        with translation.override("en"):
            english = str(template)
        with translation.override("nb"):
            norwegian = str(template)
        assert norwegian != english, f"{code} has no Norwegian translation"


def test_every_finding_the_check_makes_reads_in_norwegian_with_its_values() -> None:
    findings = _every_finding()
    # A new code without a session here fails this line, not silently in a clinic.
    assert {f.id for f in findings} == set(get_args(FindingId))
    with translation.override("nb"):
        for finding in findings:
            text = finding_text(finding)
            assert text != finding.detail and "%(" not in text, finding
            numbers = [v for _k, v in finding.params if isinstance(v, int)]
            assert all(str(n) in text for n in numbers), (text, finding.params)
        by_id = {f.id: finding_text(f) for f in findings}
    assert by_id["interval"].startswith("80 dager siden forrige behandling")
    assert "minst 84 dager (12 uker)" in by_id["interval"]
    assert by_id["preempt_extra_units"] == (
        "frontalis: 30 E; ekstra enheter i PREEMPT kan bare gis i occipitalis, temporalis, "
        "trapezius.")


def test_every_dosing_problem_reads_in_norwegian() -> None:
    problems = _every_dosing_problem()
    assert {p.code for p in problems} == set(get_args(DosingCode))
    with translation.override("nb"):
        texts = {p.code: dosing_text(p) for p in problems}
    assert texts["stock_cannot_supply"] == "Hetteglassene på lager rekker ikke til 300 E."
    assert texts["no_price"] == (
        "Prislisten no-consumer-page-2019 har ingen pris for et hetteglass på 100 E.")
    for problem in problems:
        assert texts[problem.code] != problem.detail


def test_a_finding_stored_at_signing_is_worded_like_a_fresh_one() -> None:
    finding = next(f for f in _every_finding() if f.id == "preempt_extra_units")
    with translation.override("nb"):
        assert finding_text(stored_finding(finding)) == finding_text(finding)
        # Sessions signed before findings kept their values show the core's English.
        old = {"id": finding.id, "detail": finding.detail}
        assert clinical_messages.text(old) == finding.detail


@pytest.mark.django_db
def test_the_recorder_shows_a_hard_stop_and_the_signed_check_in_norwegian(cast: Cast) -> None:
    course = _course(cast)
    lot = _lot(cast)
    session = _draft(cast, course, lot, change={"units_procerus__midline": 10})
    norwegian = login(Client(HTTP_ACCEPT_LANGUAGE="nb"), cast.dave)
    page = norwegian.get(f"{_base(cast)}okt/{session.pk}/").content.decode()
    assert "Absolutte stopp" in page
    assert "procerus: 10 E; ekstra enheter i PREEMPT kan bare gis i occipitalis" in page
    assert "PREEMPT extra units" not in page
    assert "Signering er blokkert" in page or "kan ikke signeres" in page

    # Less than the protocol in one muscle is a warning: signed, and still Norwegian.
    response = _sign(cast, session, course, lot, change={"units_temporalis__left": 15})
    assert response.status_code == 302
    session = Session.objects.get(pk=session.pk)
    assert session.limits_check["warnings"][0]["params"]["muscle"] == "temporalis"
    page = norwegian.get(f"{_base(cast)}okt/{session.pk}/").content.decode()
    assert "temporalis: 35 E er mindre enn protokollens 40 E." in page
    assert "is less than the protocol" not in page


def test_every_criterion_the_reimbursement_rules_name_has_a_norwegian_heading() -> None:
    ids = {c for rules in REIMBURSEMENT_RULES.values() for c in rules.criteria}
    for criterion in ids:
        with translation.override("en"):
            english = assessment.criterion_label(criterion)
        with translation.override("nb"):
            assert assessment.criterion_label(criterion) != english, criterion


@pytest.mark.django_db
def test_a_treatment_booked_before_the_limits_allow_is_refused_in_norwegian(cast: Cast) -> None:
    treated = timezone.localdate() - dt.timedelta(days=20)
    signed_course(cast, treated_on=treated)
    earliest = treated + dt.timedelta(days=84)
    with translation.override("nb"), pytest.raises(scheduling.BookingError) as refused:
        scheduling.book(user=cast.carol, patient=cast.alice_patient, physician=cast.dave,
                        kind="treatment", minutes=30,
                        starts_at=oslo(earliest - dt.timedelta(days=1), 9))
    assert refused.value.errors["date"].startswith("For tidlig")
    assert f"{earliest:%d.%m.%Y}" in refused.value.errors["date"]
