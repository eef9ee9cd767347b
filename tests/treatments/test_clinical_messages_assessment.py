"""Eligibility criteria, ICHD-3 explanations and outcome reasons reach the clinician in the
page's language: every code the clinical core can emit has a Norwegian sentence."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from bontrack.accounts.models import Membership
from bontrack.clinical import Diary, DiaryDay
from bontrack.clinical.assessment import assess
from bontrack.clinical.common import Criterion, Reason
from bontrack.clinical.drugs import tried
from bontrack.clinical.eligibility import ROLES, EligibilityCode, EligibilityFacts, evaluate
from bontrack.clinical.ichd3 import Diagnosis, Ichd3Code
from bontrack.clinical.outcome import (
    CycleOutcome,
    OutcomeCode,
    cycle_outcomes,
    suggest_continuation,
)
from bontrack.clinical.rules import REIMBURSEMENT_RULES, continuation_rules
from bontrack.clinical.synthetic import period_days
from bontrack.treatments import assessment
from bontrack.treatments.clinical_messages import (
    CLASSES,
    DIAGNOSES,
    EMPTY,
    GROUPS,
    LOCAL_CODES,
    MEASURES,
    REASONS,
    reason_text,
    stored_criterion,
    text,
)
from bontrack.treatments.models import Application
from tests.personas import Cast, login
from tests.treatments.test_assessment import page_url, preventive, store_diary
from tests.treatments.test_assessment_outcome import two_cycles

START = dt.date(2026, 1, 1)
AS_OF = START + dt.timedelta(days=83)
FIRST = START + dt.timedelta(days=28)
# Values an English reason shows in other words than the core: dates, medicine classes, roles.
WORDED_KEYS = {"start", "end", "class", "role"}


def _three_periods(**counts: Any) -> Diary:
    days: list[DiaryDay] = []
    for k in range(3):
        days += period_days(START + dt.timedelta(days=28 * k), **counts)
    return Diary(days)


def _diagnoses() -> list[tuple[Diagnosis, Diagnosis, Diagnosis]]:
    """Diaries that are chronic with overuse, not chronic without medicine, and too thin."""
    diaries = [
        _three_periods(headache=20, migraine=10, meds={"triptan": 12, "opioid": 3}),
        _three_periods(headache=14, migraine=4),
        _three_periods(recorded=19, headache=16, migraine=9),
    ]
    found = [assess(d, as_of=AS_OF) for d in diaries]
    return [(a.chronic_migraine, a.medication_overuse, a.tension_type) for a in found]


def _criteria() -> list[Criterion]:
    """Every reimbursement rule set over diagnoses, drugs tried and applicants that between
    them meet, fail and leave unknown every criterion."""
    tries = [
        [],
        [tried("propranolol", "failed"), tried("atenolol", "contraindicated"),
         tried("topiramate", "intolerant"), tried("amitriptyline", "failed")],
        [tried("metoprolol", "ongoing"), tried("topiramate", "effective")],
    ]
    found: list[Criterion] = []
    for chronic, overuse, _tension in _diagnoses():
        for drugs in tries:
            for role in (None, *ROLES):
                facts = EligibilityFacts(chronic, overuse, tuple(drugs), role)
                for rules in REIMBURSEMENT_RULES.values():
                    found += evaluate(facts, rules).criteria
    return found


def _outcome(cycle: int, headache: float | None, modsev: float | None = None) -> CycleOutcome:
    return CycleOutcome(cycle, FIRST, headache, modsev, {}, None, None, ())


def _outcome_reasons() -> list[Reason]:
    """Cycles that improve, wear off or lack a diary, and every kind of suggestion."""
    baseline = period_days(START, headache=20, moderate=10)
    # Three headache days every week: 40 % fewer, and as many late in the cycle as early.
    improving = Diary(baseline + [d for week in range(12) for d in period_days(
        FIRST + dt.timedelta(days=7 * week), days=7, headache=3, moderate=1)])
    waning = baseline + period_days(FIRST, days=14, headache=10)
    for week in range(2, 12):
        waning += period_days(FIRST + dt.timedelta(days=7 * week), days=7,
                              headache=1 if week < 8 else 4)
    reasons: list[Reason] = []
    for diary in (improving, Diary(waning), Diary(baseline)):
        for outcome in cycle_outcomes(diary, [FIRST]):
            reasons += outcome.why
    nkh, nice, ehf = (continuation_rules(n) for n in ("nkh-2018", "nice-ta260", "ehf-2018"))
    today = dt.date(2026, 12, 1)
    suggestions = [
        suggest_continuation([], 3, nkh, today),
        suggest_continuation([_outcome(1, None), _outcome(2, None)], 0, nkh, today),
        suggest_continuation([_outcome(1, 40.0)], 0, nkh, today),
        suggest_continuation([_outcome(1, 20.0), _outcome(2, 45.0, 50.0)], 0, nkh, today),
        suggest_continuation([_outcome(1, 20.0), _outcome(2, 10.0)], 0, nice, today),
        suggest_continuation([_outcome(1, 20.0), _outcome(2, 10.0)], 0, ehf, today),
    ]
    for suggestion in suggestions:
        assert suggestion.reasons == tuple(r.detail for r in suggestion.why)
        reasons += suggestion.why
    return reasons


def _every_reason(cast: Cast) -> list[Reason]:
    """The reasons the pages show: criteria, diagnosis criteria and explanations, outcomes."""
    reasons = [c.reason for c in _criteria()]
    for diagnoses in _diagnoses():
        for dx in diagnoses:
            reasons += [c.reason for c in dx.criteria]
            if dx.explanation:
                reasons.append(dx.reason)
    # A physician whose speciality is not recorded: bontrack says so, not the core.
    panel = assessment.eligibility_panel(
        patient=cast.alice_patient, applicant=None, today=AS_OF,
        diary=_three_periods(headache=20, migraine=10), rows=[], physician=True,
    )
    reasons += [c.reason for rule_set in panel.rule_sets for c in rule_set.criteria]
    return reasons + _outcome_reasons()


def _walk(reason: Reason) -> Iterator[Reason]:
    yield reason
    for _key, value in reason.params:
        inner = value if isinstance(value, tuple) else (value,)
        for item in inner:
            if isinstance(item, Reason):
                yield from _walk(item)


def _keys(reason: Reason) -> set[str]:
    return {key for r in _walk(reason) for key, _value in r.params}


def test_every_code_has_a_norwegian_sentence_and_every_id_its_words() -> None:
    core = {*get_args(EligibilityCode), *get_args(Ichd3Code), *get_args(OutcomeCode)}
    assert set(REASONS) == core | set(LOCAL_CODES)
    words = {**REASONS, **GROUPS, **CLASSES, **MEASURES, **EMPTY, **DIAGNOSES}
    for key, template in words.items():
        with translation.override("en"):
            english = str(template)
        with translation.override("nb"):
            assert str(template) != english, f"{key} has no Norwegian translation"


@pytest.mark.django_db
def test_every_reason_the_core_makes_reads_in_norwegian_with_its_values(cast: Cast) -> None:
    reasons = _every_reason(cast)
    # A new code without a case here fails this line, not silently in a clinic.
    assert {r.code for reason in reasons for r in _walk(reason)} == set(REASONS)
    with translation.override("nb"):
        for reason in reasons:
            worded = reason_text(reason)
            assert worded != reason.detail and "%(" not in worded, reason
            numbers = [v for _k, v in reason.params if isinstance(v, int)]
            assert all(str(n) in worded for n in numbers), (worded, reason.params)
            for inner in list(_walk(reason))[1:]:
                assert inner.detail not in worded, (worded, inner.detail)
    with translation.override("en"):
        # In English a page says what the CLI says, but for dates and ids put in words.
        for reason in reasons:
            if not _keys(reason) & WORDED_KEYS:
                assert reason_text(reason) == reason.detail


def test_the_sentences_a_norwegian_clinician_reads() -> None:
    by_code = {(c.id, c.code): c for c in _criteria()}
    outcomes: dict[str, Reason] = {}
    for reason in _outcome_reasons():
        outcomes.setdefault(reason.code, reason)
    [without_diary] = cycle_outcomes(Diary(period_days(START, headache=20)), [FIRST])
    (chronic, overuse, _tension), (not_chronic, _none, tension), (thin, _thin, _t) = _diagnoses()
    with translation.override("nb"):
        assert text(by_code["beta_blocker", "tried_without_success"]) == (
            "prøvd uten effekt: propranolol (C07AA05) uten effekt, atenolol (C07AB03) "
            "kontraindisert")
        assert text(by_code["topiramate", "not_yet_tried_without_success"]) == (
            "ennå ikke prøvd uten effekt: topiramate (N03AX11) virker")
        assert text(by_code["beta_blocker", "none_tried"]) == (
            "ingen betablokker registrert som prøvd")
        assert text(by_code["topiramate", "none_tried"]) == "ingen topiramate registrert som prøvd"
        assert text(by_code["three_preventives", "preventives_tried"]) in (
            "forebyggende medisiner prøvd uten effekt: 0 (ingen); 3 trengs",
            "forebyggende medisiner prøvd uten effekt: 4 (amitriptyline, atenolol, propranolol, "
            "topiramate); 3 trengs",
        )
        assert text(by_code["applicant", "applicant_is_hospital_physician"]) == (
            "søkeren er sykehuslege")
        assert text(by_code["applicant", "applicant_not_required_given"]).endswith(
            "(søker: sykehuslege)")
        assert text(by_code["chronic_migraine", "chronic_migraine_shown"]) == (
            "dagboken viser kronisk migrene (ICHD-3 1.3): hodepinedager 20, 20, 20 (minst 15 "
            "trengs i hver) og migrenedager 10, 10, 10 (minst 8 trengs i hver) i periodene "
            "01.01.2026 – 25.03.2026")
        assert text(overuse.criteria[1]) == (
            "periode 1 (01.01.2026 – 28.01.2026): overforbruk (8.2.2) — triptaner 12 dager, "
            "opioider 3 dager; 15 dager med medisin fra en 8.2-klasse")
        assert text(not_chronic.criteria[1]) == (
            "periode 1 (01.01.2026 – 28.01.2026): 4 migrenedager (< 8)")
        assert text(thin.reason) == (
            "periode 1 har bare 19 utfylte dager; periode 2 har bare 19 utfylte dager; "
            "periode 3 har bare 19 utfylte dager (minst 20 trengs)")
        assert text(chronic) == "Kronisk migrene (1.3): oppfylt"
        assert text(overuse) == "Medikamentoverforbrukshodepine (8.2): oppfylt (8.2.2)"
        assert text(thin) == "Kronisk migrene (1.3): ikke vurdert — for få utfylte dager"
        assert text(tension) == "Mønster som ved kronisk spenningshodepine (2.3): ikke oppfylt"
        assert text(outcomes["too_few_cycles"]) == (
            "behandlede sykluser: 1; vurder effekten etter syklus 2")
        assert text(outcomes["cycle_not_judged_yet"]) == (
            "syklus 2 kan ikke vurderes ennå: uke 9–12 mangler utfylte dager")
        assert text(outcomes["cycle_response_with_moderate_severe"]) == (
            "syklus 2: 45,0 % færre hodepinedager, 50,0 % færre dager med moderat/sterk hodepine "
            "(≥ 30 % reduksjon i hodepinedager eller dager med moderat/sterk hodepine)")
        assert text(outcomes["wearing_off"]) == (
            "avtagende effekt: 4,0 hodepinedager per uke i uke 9–12 mot 1,0 i uke 3–8")
        assert text(outcomes["cycle_counts"]) == (
            "utgangspunkt 20 hodepinedager; uke 9–12 12 (28 utfylte dager)")
        assert text(without_diary.why[0]) == (
            "utgangspunkt 20 hodepinedager; uke 9–12 ikke talt (0 utfylte dager)")
        assert text(outcomes["headache_days_reduced"]) == "hodepinedager redusert med 40,0 %"
    with translation.override("en"):
        assert text(chronic) == chronic.summary


def test_a_stored_criterion_reads_like_a_fresh_one_and_an_old_one_stays_english() -> None:
    criteria = _criteria()
    stored = json.loads(json.dumps([stored_criterion(c) for c in criteria]))
    assert [{k: s[k] for k in ("id", "met", "detail")} for s in stored] == [
        c.to_dict() for c in criteria]
    with translation.override("nb"):
        for fresh, kept in zip(criteria, assessment.labelled(stored), strict=True):
            assert text(kept) == text(fresh)
        # Applications drafted before criteria kept their values show the core's English.
        old = assessment.labelled([criteria[0].to_dict()])[0]
        assert text(old) == criteria[0].detail


def _norwegian(user: Any) -> Client:
    return login(Client(HTTP_ACCEPT_LANGUAGE="nb"), user)


@pytest.fixture
def neurologist_with_a_chronic_patient(cast: Cast) -> Cast:
    today = timezone.localdate()
    store_diary(cast.alice_patient, today - dt.timedelta(days=100), 100)
    preventive(cast.alice_patient, "Inderal", "failed", generic="propranolol")
    preventive(cast.alice_patient, "Topimax", "intolerant", generic="topiramate")
    Membership.objects.filter(user=cast.dave).update(speciality="neurologist")
    return cast


# Phrases of the core's English that a Norwegian page must not show.
ENGLISH = ("tried without success", "shown in the diary", "needed in each", "the applicant is",
           "recorded days", "medication-overuse headache", "C07AA05) failed", "no overuse")


def test_the_eligibility_panel_and_the_diagnoses_read_in_norwegian(
    neurologist_with_a_chronic_patient: Cast,
) -> None:
    cast = neurologist_with_a_chronic_patient
    page = _norwegian(cast.dave).get(page_url(cast)).content.decode()
    assert "prøvd uten effekt: propranolol (C07AA05) uten effekt" in page
    assert "topiramate (N03AX11) ikke tålt" in page
    assert "dagboken viser kronisk migrene (ICHD-3 1.3): hodepinedager" in page
    assert "søkeren er nevrolog" in page
    assert "Medikamentoverforbrukshodepine (ICHD-3 8.2)" in page
    assert "periode 1 (" in page and "hodepinedager (≥ 15)" in page
    for english in ENGLISH:
        assert english not in page, english


def test_applications_and_their_pdf_keep_the_criteria_in_norwegian(
    neurologist_with_a_chronic_patient: Cast, tmp_path: Path,
) -> None:
    cast = neurologist_with_a_chronic_patient
    client = _norwegian(cast.dave)
    response = client.post(f"{page_url(cast)}soknad/", {"rules": "no-specialist-applicant"})
    assert response.status_code == 200
    pdf = tmp_path / "application.pdf"
    pdf.write_bytes(b"".join(response.streaming_content) if response.streaming
                    else response.content)
    words = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                    capture_output=True, text=True).stdout.split())
    assert "propranolol (C07AA05) uten effekt" in words
    assert "søkeren er nevrolog" in words
    assert "Kronisk migrene (1.3): oppfylt" in words
    for english in ENGLISH:
        assert english not in words, english

    # An application drafted before criteria kept their values: the core's English.
    [application] = Application.objects.filter(patient=cast.alice_patient)
    old = Application.objects.create(
        patient=cast.alice_patient, clinic=cast.clinic_a, rules="no-5-14-2019",
        criteria=[{k: c[k] for k in ("id", "met", "detail")} for c in application.criteria],
        drafted_by=cast.dave,
    )
    page = client.get(page_url(cast)).content.decode()
    section = page[page.index(f'id="application-{application.pk}"'):]
    section = section[:section.index("</article>")]
    assert "søkeren er nevrolog" in section and "uten effekt" in section
    assert "the applicant is" not in section
    kept = page[page.index(f'id="application-{old.pk}"'):]
    assert "the applicant is a neurologist" in kept[:kept.index("</article>")]


@pytest.mark.django_db
def test_the_outcome_and_the_suggestion_read_in_norwegian(cast: Cast) -> None:
    two_cycles(cast)
    response = _norwegian(cast.carol).get(page_url(cast))
    page = response.content.decode()
    [(evaluation, _form)] = response.context["courses"]
    reasons = [*evaluation.suggestion.why, *(r for c in evaluation.cycles for r in c.outcome.why)]
    assert {r.code for r in reasons} >= {"cycle_counts", "headache_days_reduced"}
    with translation.override("nb"):
        for reason in reasons:
            assert escape(reason_text(reason)) in page, reason
            assert escape(reason.detail) not in page, reason
    assert "hodepinedager redusert med" in page


def test_the_patient_overview_shows_the_assessment_in_norwegian(
    neurologist_with_a_chronic_patient: Cast,
) -> None:
    cast = neurologist_with_a_chronic_patient
    page = _norwegian(cast.dave).get(
        f"/klinikk/pasienter/{cast.alice_patient.pk}/sammendrag/").content.decode()
    assert "Dagboken viser kronisk migrene" in page
    for english in (*ENGLISH, "Chronic migraine (1.3)", "The diary shows"):
        assert english not in page, english
