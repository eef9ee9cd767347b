"""The clinic's saved protocols: the admin creates, changes and deletes; staff read them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bontrack.accounts.models import AuditEvent, Clinic, Membership, Role
from bontrack.clinical.session_check import Injection, check_session
from bontrack.treatments import courses, protocols, sessions
from bontrack.treatments.models import Course, CustomProtocol
from bontrack.treatments.protocols import ProtocolInputError, ProtocolLine
from tests.personas import Cast, login

URL = "/klinikk/protokoller/"
NECK = [("trapezius", "left", 4, 10), ("trapezius", "right", 4, 10),
        ("cervical_paraspinal", "bilateral", 4, 5)]


def client_for(user: Any, language: str = "en") -> Client:
    client = login(Client(), user)
    client.cookies.load({"django_language": language})
    return client


def form_data(name: str, rows: list[tuple[Any, ...]], *, description: str = "",
              blank: int = 1, **extra: str) -> dict[str, str]:
    data = {"name": name, "description": description, "action": "save",
            "rows-TOTAL_FORMS": str(len(rows) + blank), "rows-INITIAL_FORMS": "0",
            "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "28"}
    for n, (muscle, side, sites, per_site) in enumerate(rows):
        data.update({f"rows-{n}-muscle": muscle, f"rows-{n}-side": side,
                     f"rows-{n}-sites": str(sites), f"rows-{n}-units_per_site": str(per_site)})
    data.update(extra)
    return data


def saved(cast: Cast, name: str = "neck-and-shoulders",
          rows: list[tuple[Any, ...]] | None = None) -> CustomProtocol:
    return protocols.create_protocol(
        user=cast.ola, clinic_id=cast.clinic_a.pk, name=name, description="Neck pain",
        lines=[ProtocolLine(*row) for row in (rows or NECK)])


def course_with(cast: Cast, name: str) -> Course:
    return courses.create_course(
        patient=cast.alice_patient, clinic_id=cast.clinic_a.pk, by=cast.dave, indication="pain",
        icd10="M54.2", protocol=name, planned_cycles=3, continuation_rules="nkh-2018")


# ---- creating -----------------------------------------------------------------------------


def test_the_clinic_admin_saves_a_protocol_and_it_is_audited(cast: Cast) -> None:
    response = client_for(cast.ola).post(f"{URL}ny/", form_data(
        "Neck-And-Shoulders", NECK, description="Neck pain after whiplash"))
    assert response.status_code == 302
    stored = CustomProtocol.objects.get()
    assert response["Location"] == f"{URL}{stored.pk}/"
    assert stored.clinic == cast.clinic_a
    assert stored.name == "neck-and-shoulders"
    assert stored.sites == [
        {"muscle": "trapezius", "side": "left", "sites": 4, "units_per_site": 10},
        {"muscle": "trapezius", "side": "right", "sites": 4, "units_per_site": 10},
        {"muscle": "cervical_paraspinal", "side": "bilateral", "sites": 4, "units_per_site": 5},
    ]
    event = AuditEvent.objects.get(object_type="treatments.customprotocol")
    assert (event.actor, event.action, event.clinic_id, event.patient_id) == (
        cast.ola, "create", cast.clinic_a.pk, None)
    page = client_for(cast.ola).get(response["Location"]).content.decode()
    assert "100 U at 12 sites" in page


def test_blank_and_removed_rows_are_skipped(cast: Cast) -> None:
    data = form_data("neck", [*NECK[:1], ("frontalis", "left", 2, 5)], blank=2,
                     **{"rows-1-DELETE": "on"})
    assert client_for(cast.ola).post(f"{URL}ny/", data).status_code == 302
    assert [row["muscle"] for row in CustomProtocol.objects.get().sites] == ["trapezius"]


def test_more_rows_are_added_without_saving(cast: Cast) -> None:
    data = form_data("neck", NECK[:1], blank=0, action="add_rows")
    response = client_for(cast.ola).post(f"{URL}ny/", data)
    assert response.status_code == 200
    assert response.context["rows"].total_form_count() == 1 + 3
    assert 'value="neck"' in response.content.decode()
    assert not CustomProtocol.objects.exists()


@pytest.mark.parametrize(("rows", "expected"), [
    ([("trapezius", "left", 2, 60)],
     "trapezius (left): 60 U per site exceeds 50 U per site (bont-a-label-2024)"),
    ([("trapezius", "left", 9, 45), ("trapezius", "right", 9, 45)],
     "810 U in one session exceeds 400 U (bont-a-label-2024)"),
    ([("trapezius", "left", 4, 10), ("trapezius", "left", 2, 10)],
     "Trapezius left is already in the protocol; put all its sites in one row."),
    ([("trapezius", "bilateral", 4, 10), ("trapezius", "right", 2, 10)],
     "Trapezius is given for both sides and for one side"),
    ([], "Add at least one row"),
])
def test_a_protocol_outside_the_limits_is_refused_with_the_reason(
    cast: Cast, rows: list[tuple[Any, ...]], expected: str
) -> None:
    response = client_for(cast.ola).post(f"{URL}ny/", form_data("too-much", rows))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was saved" in text
    assert expected in text
    assert not CustomProtocol.objects.exists()
    assert not AuditEvent.objects.filter(object_type="treatments.customprotocol").exists()


def test_the_reasons_are_shown_in_norwegian_too(cast: Cast) -> None:
    response = client_for(cast.ola, "nb").post(
        f"{URL}ny/", form_data("for-mye", [("trapezius", "left", 2, 60)]))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ingenting ble lagret" in text
    assert "Rad 1" in text
    assert not CustomProtocol.objects.exists()


def test_an_incomplete_row_names_what_is_missing(cast: Cast) -> None:
    data = form_data("neck", [("trapezius", "", "", 10)])
    response = client_for(cast.ola).post(f"{URL}ny/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Row 1: Choose the side." in text
    assert "Row 1: Give the number of sites." in text
    assert not CustomProtocol.objects.exists()


def test_a_muscle_outside_the_clinical_cores_list_is_refused(cast: Cast) -> None:
    response = client_for(cast.ola).post(f"{URL}ny/", form_data(
        "neck", [("gluteus", "left", 2, 10)]))
    assert response.status_code == 400
    assert not CustomProtocol.objects.exists()


def test_a_tampered_row_count_is_a_clear_error_not_a_crash(cast: Cast) -> None:
    data = form_data("neck", NECK)
    del data["rows-TOTAL_FORMS"]
    response = client_for(cast.ola).post(f"{URL}ny/", data)
    assert response.status_code == 400
    assert not CustomProtocol.objects.exists()


@pytest.mark.parametrize(("name", "expected"), [
    ("preempt", "preempt is a built-in protocol"),
    ("neck and shoulders", "Use lower-case letters, digits and hyphens only"),
    ("", "Give the protocol a name"),
])
def test_a_bad_name_is_refused(cast: Cast, name: str, expected: str) -> None:
    response = client_for(cast.ola).post(f"{URL}ny/", form_data(name, NECK))
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not CustomProtocol.objects.exists()


def test_a_name_is_unique_within_the_clinic_only(cast: Cast) -> None:
    saved(cast)
    response = client_for(cast.ola).post(f"{URL}ny/", form_data("neck-and-shoulders", NECK))
    assert response.status_code == 400
    assert "already has a protocol called neck-and-shoulders" in response.content.decode()
    other = Membership.objects.create(user=cast.ola, clinic=cast.clinic_b,
                                      role=Role.CLINIC_ADMIN)
    assert other.pk
    response = client_for(cast.ola).post(f"{URL}ny/", form_data(
        "neck-and-shoulders", NECK, clinic=str(cast.clinic_b.pk)))
    assert response.status_code == 302
    assert CustomProtocol.objects.filter(name="neck-and-shoulders").count() == 2


def test_an_admin_cannot_save_for_a_clinic_they_do_not_administer(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        protocols.create_protocol(user=cast.ola, clinic_id=cast.clinic_b.pk, name="x",
                                  description="", lines=[ProtocolLine(*NECK[0])])
    with pytest.raises(PermissionDenied):
        protocols.create_protocol(user=cast.dave, clinic_id=cast.clinic_a.pk, name="x",
                                  description="", lines=[ProtocolLine(*NECK[0])])
    assert not CustomProtocol.objects.exists()


# ---- reading -----------------------------------------------------------------------------


def test_physicians_and_coordinators_read_but_do_not_change(cast: Cast) -> None:
    protocol = saved(cast)
    for user in (cast.dave, cast.carol):
        client = client_for(user)
        listing = client.get(URL).content.decode()
        assert "neck-and-shoulders" in listing and "New protocol" not in listing
        page = client.get(f"{URL}{protocol.pk}/").content.decode()
        assert "Trapezius left" in page and "Change the protocol" not in page
        assert client.post(f"{URL}{protocol.pk}/endre/",
                           form_data("x", NECK)).status_code == 403
        assert client.post(f"{URL}{protocol.pk}/slett/").status_code == 403
    assert CustomProtocol.objects.get().name == "neck-and-shoulders"


def test_another_clinic_sees_none_of_them(cast: Cast) -> None:
    protocol = saved(cast)
    client = client_for(cast.erin)
    assert "neck-and-shoulders" not in client.get(URL).content.decode()
    assert client.get(f"{URL}{protocol.pk}/").status_code == 404
    assert client.get(f"{URL}{protocol.pk}/endre/").status_code == 404


# ---- changing and deleting ----------------------------------------------------------------


def test_the_admin_changes_the_rows_and_it_is_audited(cast: Cast) -> None:
    protocol = saved(cast)
    response = client_for(cast.ola).post(f"{URL}{protocol.pk}/endre/", form_data(
        "neck-and-shoulders", [("trapezius", "bilateral", 8, 10)], description="Wider"))
    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.description == "Wider"
    assert protocol.sites == [
        {"muscle": "trapezius", "side": "bilateral", "sites": 8, "units_per_site": 10}]
    assert AuditEvent.objects.filter(action="update", object_id=str(protocol.pk),
                                     actor=cast.ola, patient=None).exists()


def test_an_invalid_change_keeps_the_stored_protocol(cast: Cast) -> None:
    protocol = saved(cast)
    before = list(protocol.sites)
    response = client_for(cast.ola).post(f"{URL}{protocol.pk}/endre/", form_data(
        "renamed", [("trapezius", "left", 2, 55)]))
    assert response.status_code == 400
    protocol.refresh_from_db()
    assert (protocol.name, protocol.sites) == ("neck-and-shoulders", before)


def test_an_unused_protocol_may_be_renamed(cast: Cast) -> None:
    protocol = saved(cast)
    response = client_for(cast.ola).post(f"{URL}{protocol.pk}/endre/",
                                         form_data("neck-only", NECK))
    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.name == "neck-only"


def test_a_protocol_in_use_cannot_be_renamed_and_says_why(cast: Cast) -> None:
    protocol = saved(cast)
    course_with(cast, protocol.name)
    client = client_for(cast.ola)
    form_page = client.get(f"{URL}{protocol.pk}/endre/").content.decode()
    assert "readonly" in form_page
    assert "is the protocol of 1 treatment course" in form_page
    response = client.post(f"{URL}{protocol.pk}/endre/", form_data("neck-only", NECK))
    assert response.status_code == 400
    assert "It cannot be renamed" in response.content.decode()
    protocol.refresh_from_db()
    assert protocol.name == "neck-and-shoulders"
    # Its rows may still change, keeping the name.
    response = client.post(f"{URL}{protocol.pk}/endre/", form_data(
        "neck-and-shoulders", NECK[:2]))
    assert response.status_code == 302


def test_an_unused_protocol_is_deleted_and_it_is_audited(cast: Cast) -> None:
    protocol = saved(cast)
    client = client_for(cast.ola)
    assert "cannot be undone" in client.get(f"{URL}{protocol.pk}/slett/").content.decode()
    response = client.post(f"{URL}{protocol.pk}/slett/")
    assert response.status_code == 302 and response["Location"] == URL
    assert not CustomProtocol.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(protocol.pk),
                                     patient=None).exists()


def test_a_protocol_in_use_cannot_be_deleted_and_says_why(cast: Cast) -> None:
    protocol = saved(cast)
    course_with(cast, protocol.name)
    client = client_for(cast.ola)
    detail = client.get(f"{URL}{protocol.pk}/").content.decode()
    assert "Delete the protocol" not in detail
    assert "is the protocol of 1 treatment course" in detail
    response = client.post(f"{URL}{protocol.pk}/slett/")
    assert response.status_code == 409
    assert "It cannot be deleted while a course uses it." in response.content.decode()
    assert CustomProtocol.objects.filter(pk=protocol.pk).exists()
    with pytest.raises(ProtocolInputError):
        protocols.delete_protocol(user=cast.ola, protocol_id=protocol.pk)


# ---- the rest of bontrack sees it ----------------------------------------------------------


def test_a_saved_protocol_is_offered_for_courses_and_prefills_the_session(cast: Cast) -> None:
    protocol = saved(cast)
    assert protocol.name in sessions.protocol_names(clinic_id=cast.clinic_a.pk)
    course = course_with(cast, protocol.name)
    rows = sessions.plan_rows(course=course)
    assert [(r.key, r.units) for r in rows] == [
        ("trapezius__left", 40), ("trapezius__right", 40), ("cervical_paraspinal__bilateral", 20)]
    summary = protocols.get_protocol(user=cast.dave, protocol_id=protocol.pk)
    assert summary.protocol.to_dict()["total_units"] == 100
    assert summary.courses == 1


def test_the_recorder_reads_a_saved_protocol_as_the_protocols_page_does(cast: Cast) -> None:
    protocol = saved(cast)
    CustomProtocol.objects.create(clinic=cast.clinic_b, name=protocol.name,
                                  sites=[{"muscle": "masseter", "sites": 2, "units_per_site": 5}])
    course = course_with(cast, protocol.name)
    assert sessions.protocol_for(course=course) == protocols.clinical_protocol(protocol)
    # A row stored without a side covers both, for the recorder as for the protocols page.
    other = CustomProtocol.objects.get(clinic=cast.clinic_b)
    assert protocols.clinic_lookup(cast.clinic_b.pk)(other.name) == protocols.clinical_protocol(
        other)
    assert [line.side for line in protocols.lines_of(other)] == ["bilateral"]
    assert protocols.clinic_lookup(cast.clinic_a.pk)("no-such-protocol") is None


def test_the_workspace_home_links_to_the_protocols(cast: Cast) -> None:
    assert URL in client_for(cast.ola).get("/klinikk/").content.decode()


LINES = st.lists(
    st.tuples(st.sampled_from(protocols.MUSCLES), st.sampled_from(["left", "right"]),
              st.integers(1, 12), st.integers(1, 70)),
    min_size=1, max_size=6, unique_by=lambda row: row[:2],
)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(rows=LINES)
def test_the_rows_pass_exactly_when_the_clinical_core_allows_them(
    rows: list[tuple[str, str, int, int]]
) -> None:
    lines = [ProtocolLine(*row) for row in rows]
    core = check_session([Injection(m, s, n, n * u) for m, s, n, u in rows],  # type: ignore[arg-type]
                         on=timezone.localdate())
    assert (protocols.check_lines(lines) == {}) == core.allowed


def test_names_are_looked_up_per_clinic(cast: Cast) -> None:
    saved(cast)
    clinic_c = Clinic.objects.create(name="Clinic C", slug="clinic-c")
    CustomProtocol.objects.create(clinic=clinic_c, name="neck-and-shoulders",
                                  sites=[dict(zip(("muscle", "side", "sites", "units_per_site"),
                                                  NECK[0], strict=True))])
    with pytest.raises(Exception, match="saved by 2 clinics: clinic-a"):
        protocols.find_saved("neck-and-shoulders")
    assert protocols.find_saved("neck-and-shoulders", clinic="clinic-c").total_units == 40
    assert protocols.find_saved("neck-and-shoulders",
                                clinic=str(cast.clinic_a.pk)).total_units == 100
