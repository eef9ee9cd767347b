"""Treatment courses and the session recorder: prefill, limits, lots, vials, signing, addenda."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from bontrack.accounts.models import AuditEvent
from bontrack.treatments import courses, sessions
from bontrack.treatments.models import (
    Addendum,
    Course,
    CustomProtocol,
    FollowUp,
    Session,
    VialLot,
    VialPrice,
)
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _client(user: Any) -> Client:
    """A logged-in client that reads the pages in English."""
    return login(Client(HTTP_ACCEPT_LANGUAGE="en"), user)


def _base(cast: Cast) -> str:
    return f"/klinikk/pasienter/{cast.alice_patient.pk}/behandling/"


def _course(cast: Cast, protocol: str = "preempt") -> Course:
    return courses.create_course(
        patient=cast.alice_patient, clinic_id=cast.clinic_a.pk, by=cast.dave,
        indication="chronic_migraine", icd10="", protocol=protocol, planned_cycles=3,
        continuation_rules="nkh-2018")


def _lot(cast: Cast, *, expires: dt.date | None = None, number: str = "C1234",
         stock: int = 10) -> VialLot:
    return VialLot.objects.create(clinic=cast.clinic_a, vial_units=200, lot_number=number,
                                  expires_on=expires or TODAY + dt.timedelta(days=365),
                                  vials_in_stock=stock)


def _form(course: Course, lot: VialLot | None, *, on: dt.date = TODAY,
          change: dict[str, int] | None = None, action: str = "save") -> dict[str, Any]:
    data: dict[str, Any] = {
        "performed_on": on.isoformat(), "lot": lot.pk if lot else "", "units_per_ml": "50",
        "duration_minutes": "20", "observation_minutes": "15",
        "observation_note": "Well", "immediate_reactions": "", "action": action,
    }
    for row in sessions.plan_rows(course=course):
        data[f"sites_{row.key}"] = str(row.sites)
        data[f"units_{row.key}"] = str(row.units)
    for name, number in (change or {}).items():
        data[name] = str(number)
    return data


def _draft(cast: Cast, course: Course, lot: VialLot | None, **kwargs: Any) -> Session:
    client = _client(cast.dave)
    response = client.post(f"{_base(cast)}{course.pk}/okt/ny/", _form(course, lot, **kwargs))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Session.objects.get(course=course, state="draft")


def _sign(cast: Cast, session: Session, course: Course, lot: VialLot | None,
          **kwargs: Any) -> Any:
    client = _client(cast.dave)
    return client.post(f"{_base(cast)}okt/{session.pk}/",
                       _form(course, lot, action="sign", **kwargs))


def test_preempt_prefill_is_155_units_at_31_sites(cast: Cast) -> None:
    rows = sessions.plan_rows(course=_course(cast))
    assert sum(r.units for r in rows) == 155
    assert sum(r.sites for r in rows) == 31
    assert all(r.units == 5 * r.sites for r in rows)
    assert {(r.muscle, r.side) for r in rows if r.side == "midline"} == {("procerus", "midline")}


def test_the_recorder_shows_the_prefilled_map_and_totals(cast: Cast) -> None:
    course = _course(cast)
    response = _client(cast.dave).get(f"{_base(cast)}{course.pk}/okt/ny/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<circle") == 39  # 31 used, 8 follow-the-pain sites shown as unused
    assert body.count('class="bt-site"') == 31
    assert '<strong data-total="units">155</strong>' in body
    assert 'name="units_temporalis__left"' in body and 'value="20"' in body


def test_a_session_with_the_standard_dose_and_a_lot_is_signed(cast: Cast) -> None:
    course = _course(cast)
    lot = _lot(cast)
    session = _draft(cast, course, lot)
    response = _sign(cast, session, course, lot)
    assert response.status_code == 302
    session.refresh_from_db()
    lot.refresh_from_db()
    assert session.is_signed and session.signed_by == cast.dave and session.signed_at
    assert session.total_units == 155 and session.injections.count() == 13
    assert session.vials == [[200, 1]] and session.waste_units == 45
    assert session.cost == Decimal("4057") and session.cost_currency == "NOK"
    assert session.limits_check["rules"] == "bont-a-label-2024"
    assert session.limits_check["hard_stops"] == []
    assert lot.vials_in_stock == 9
    assert FollowUp.objects.filter(session=session).count() == 4
    page = _client(cast.dave).get(response["Location"]).content.decode()
    earliest = TODAY + dt.timedelta(days=84)
    assert f"Proposed: {earliest:%d.%m.%Y} (12 weeks on" in page
    assert (f"/klinikk/kalender/ny/?pasient={cast.alice_patient.pk}&amp;dato={earliest:%Y-%m-%d}"
            f"&amp;type=treatment&amp;lege={cast.dave.pk}") in page
    assert AuditEvent.objects.filter(action="sign", object_id=str(session.pk)).exists()


def test_vial_choice_and_cost_use_the_default_price_list_and_say_so(cast: Cast) -> None:
    course = _course(cast)
    session = _draft(cast, course, _lot(cast))
    review = sessions.review_session(session=session)
    assert review.vials is not None and review.vials.vials == ((200, 1),)
    assert review.vials.waste_units == 45
    assert review.cost is not None and review.cost.total == Decimal("4057")
    assert review.default_prices
    body = _client(cast.dave).get(f"{_base(cast)}okt/{session.pk}/").content.decode()
    assert "default price list" in body and "NOK 4057" in body


def test_the_clinic_price_list_is_used_when_it_has_one(cast: Cast) -> None:
    VialPrice.objects.create(clinic=cast.clinic_a, vial_units=200, price=Decimal("3900"),
                             valid_from=TODAY - dt.timedelta(days=30))
    course = _course(cast)
    session = _draft(cast, course, _lot(cast))
    review = sessions.review_session(session=session)
    assert review.cost is not None and review.cost.total == Decimal("3900")
    assert not review.default_prices


@pytest.mark.parametrize("change", [
    {"units_trapezius__left": 300, "sites_trapezius__left": 10},
    {"units_procerus__midline": 55},
])
def test_over_400_units_or_over_50_at_a_site_cannot_be_signed(
    cast: Cast, change: dict[str, int]
) -> None:
    course = _course(cast)
    lot = _lot(cast)
    session = _draft(cast, course, lot, change=change)
    page = _client(cast.dave).get(f"{_base(cast)}okt/{session.pk}/").content.decode()
    assert "Hard stops" in page and 'id="bt-hard-stops"' in page
    assert ("exceeds 400 U" in page) or ("exceeds 50 U per site" in page)
    assert 'value="sign"' not in page
    response = _sign(cast, session, course, lot, change=change)
    assert response.status_code == 400
    session.refresh_from_db()
    assert not session.is_signed
    lot.refresh_from_db()
    assert lot.vials_in_stock == 10


def test_less_than_12_weeks_after_the_last_session_is_a_hard_stop(cast: Cast) -> None:
    course = _course(cast)
    lot = _lot(cast)
    first = _draft(cast, course, lot, on=TODAY - dt.timedelta(days=70))
    assert _sign(cast, first, course, lot, on=TODAY - dt.timedelta(days=70)).status_code == 302
    second = _draft(cast, course, lot)
    assert second.cycle == 2
    review = sessions.review_session(session=second)
    assert [f.id for f in review.check.hard_stops] == ["interval"]
    assert "70 days since the last session" in review.check.hard_stops[0].detail
    assert _sign(cast, second, course, lot).status_code == 400
    second.refresh_from_db()
    assert not second.is_signed


def test_an_expired_lot_is_refused_and_nothing_is_stored(cast: Cast) -> None:
    course = _course(cast)
    lot = _lot(cast, expires=TODAY - dt.timedelta(days=1))
    response = _client(cast.dave).post(f"{_base(cast)}{course.pk}/okt/ny/",
                                                _form(course, lot))
    assert response.status_code == 400
    assert "expired on" in response.content.decode()
    assert not Session.objects.exists()


def test_a_lot_that_expires_after_the_session_date_is_accepted(cast: Cast) -> None:
    course = _course(cast)
    lot = _lot(cast, expires=TODAY - dt.timedelta(days=1))
    session = _draft(cast, course, lot, on=TODAY - dt.timedelta(days=3))
    assert session.lot == lot


def test_a_signed_session_cannot_be_changed_and_an_addendum_can_be_added(cast: Cast) -> None:
    course = _course(cast)
    lot = _lot(cast)
    session = _draft(cast, course, lot)
    _sign(cast, session, course, lot)
    session.refresh_from_db()
    client = _client(cast.dave)
    response = client.post(f"{_base(cast)}okt/{session.pk}/",
                           _form(course, lot, change={"units_procerus__midline": 10}))
    assert response.status_code == 409
    assert session.injections.get(muscle="procerus").units == 5
    with pytest.raises(sessions.SessionLocked):
        sessions.save_session(
            course=course, by=cast.dave, session=session,
            details=sessions.SessionDetails(performed_on=TODAY, lot_id=lot.pk,
                                            units_per_ml=Decimal(50)),
            injections=sessions.plan_rows(course=course))
    with pytest.raises(sessions.SessionLocked):
        sessions.sign_session(session=session, by=cast.dave)
    response = client.post(f"{_base(cast)}okt/{session.pk}/tillegg/",
                           {"text": "Patient reported mild neck pain the same evening."})
    assert response.status_code == 302
    addendum = Addendum.objects.get(session=session)
    assert addendum.by == cast.dave
    page = client.get(f"{_base(cast)}okt/{session.pk}/").content.decode()
    assert "mild neck pain" in page
    lot.refresh_from_db()
    assert lot.vials_in_stock == 9


def test_a_draft_takes_no_addendum(cast: Cast) -> None:
    course = _course(cast)
    session = _draft(cast, course, _lot(cast))
    response = _client(cast.dave).post(f"{_base(cast)}okt/{session.pk}/tillegg/",
                                                {"text": "x"})
    assert response.status_code == 400
    assert not Addendum.objects.exists()


def test_a_physician_creates_a_course_for_a_pain_condition_only_with_its_code(
    cast: Cast,
) -> None:
    client = _client(cast.dave)
    data = {"indication": "pain", "icd10": "", "protocol": "preempt", "planned_cycles": "3",
            "continuation_rules": "ehf-2018"}
    response = client.post(f"{_base(cast)}ny/", data)
    assert response.status_code == 400
    assert "ICD-10" in response.content.decode()
    assert not Course.objects.exists()
    response = client.post(f"{_base(cast)}ny/", {**data, "icd10": "m79.1"})
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.icd10, course.continuation_rules, course.clinic) == (
        "M79.1", "ehf-2018", cast.clinic_a)


def test_a_course_lists_its_sessions(cast: Cast) -> None:
    course = _course(cast)
    _draft(cast, course, _lot(cast))
    body = _client(cast.carol).get(_base(cast)).content.decode()
    assert "Cycle 1" in body and "155 U" in body
    assert "Start a new course" not in body


def test_only_physicians_create_courses_and_sign(cast: Cast) -> None:
    course = _course(cast)
    lot = _lot(cast)
    session = _draft(cast, course, lot)
    carol = _client(cast.carol)
    assert carol.get(f"{_base(cast)}ny/").status_code == 403
    assert carol.post(f"{_base(cast)}ny/", {"indication": "chronic_migraine"}).status_code == 403
    assert carol.get(f"{_base(cast)}{course.pk}/okt/ny/").status_code == 403
    response = carol.post(f"{_base(cast)}okt/{session.pk}/", _form(course, lot, action="sign"))
    assert response.status_code == 403
    assert carol.get(f"{_base(cast)}okt/{session.pk}/").status_code == 200
    session.refresh_from_db()
    assert not session.is_signed


def test_another_clinics_physician_gets_404(cast: Cast) -> None:
    course = _course(cast)
    session = _draft(cast, course, _lot(cast))
    erin = _client(cast.erin)
    for path in ("", "ny/", f"{course.pk}/okt/ny/", f"okt/{session.pk}/"):
        assert erin.get(f"{_base(cast)}{path}").status_code == 404, path
    assert erin.post(f"{_base(cast)}okt/{session.pk}/tillegg/", {"text": "x"}).status_code == 404


def test_a_session_of_another_patient_is_not_found_through_alice(cast: Cast) -> None:
    course = courses.create_course(
        patient=cast.bob_patient, clinic_id=cast.clinic_a.pk, by=cast.dave,
        indication="chronic_migraine", icd10="", protocol="preempt", planned_cycles=3,
        continuation_rules="nkh-2018")
    response = _client(cast.dave).get(f"{_base(cast)}{course.pk}/okt/ny/")
    assert response.status_code == 404


def test_a_clinic_protocol_prefills_its_own_sites(cast: Cast) -> None:
    CustomProtocol.objects.create(clinic=cast.clinic_a, name="neck-and-shoulders", sites=[
        {"muscle": "trapezius", "side": "left", "sites": 4, "units_per_site": 10},
        {"muscle": "trapezius", "side": "right", "sites": 4, "units_per_site": 10},
    ])
    course = _course(cast, protocol="neck-and-shoulders")
    rows = sessions.plan_rows(course=course)
    assert [(r.key, r.sites, r.units) for r in rows] == [
        ("trapezius__left", 4, 40), ("trapezius__right", 4, 40)]
    session = _draft(cast, course, _lot(cast))
    review = sessions.review_session(session=session)
    assert review.total_units == 80 and review.can_sign


def test_a_session_without_a_lot_is_saved_but_cannot_be_signed(cast: Cast) -> None:
    course = _course(cast)
    session = _draft(cast, course, None)
    assert _sign(cast, session, course, None).status_code == 400
    session.refresh_from_db()
    assert not session.is_signed
    assert "Choose the lot" in " ".join(sessions.review_session(session=session).sign_blockers)
