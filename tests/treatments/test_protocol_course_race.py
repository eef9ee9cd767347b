"""A course started on a saved protocol and a rename or delete of that protocol at the same
moment: whichever takes the protocol's row first wins, and the other is refused, so no
course ever refers to a name the clinic no longer has."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.utils import translation

from bontrack.treatments import courses, protocols
from bontrack.treatments.models import Course, CustomProtocol
from bontrack.treatments.protocols import ProtocolInputError, ProtocolLine
from bontrack.treatments.sessions import SessionInputError
from tests.personas import Cast, make_cast

NECK = [ProtocolLine("trapezius", "left", 4, 10), ProtocolLine("trapezius", "right", 4, 10)]
# Long enough for the second thread to reach the row lock and wait there (PostgreSQL) or to
# queue for the write lock (SQLite); the outcome does not depend on it, only what is tested.
HOLD_SECONDS = 1.0


def _saved(cast: Cast) -> CustomProtocol:
    return protocols.create_protocol(user=cast.ola, clinic_id=cast.clinic_a.pk, name="neck",
                                     description="", lines=NECK)


def _start_course(cast: Cast) -> None:
    courses.create_course(
        patient=cast.alice_patient, clinic_id=cast.clinic_a.pk, by=cast.dave, indication="pain",
        icd10="M54.2", protocol="neck", planned_cycles=3, continuation_rules="nkh-2018")


def _change(kind: str, cast: Cast, protocol: CustomProtocol) -> Callable[[], object]:
    if kind == "rename":
        return lambda: protocols.update_protocol(user=cast.ola, protocol_id=protocol.pk,
                                                 name="neck-2", description="", lines=NECK)
    return lambda: protocols.delete_protocol(user=cast.ola, protocol_id=protocol.pk)


def _race(first: Callable[[], object], second: Callable[[], object]) -> dict[str, str]:
    """`first` runs in a transaction held open until `second` has had time to start."""
    holding, release = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def run_first() -> None:
        translation.activate("en")
        try:
            with transaction.atomic():
                first()
                holding.set()
                release.wait(timeout=30)
            outcomes["first"] = "done"
        except (SessionInputError, ProtocolInputError) as exc:
            outcomes["first"] = " ".join(exc.errors.values())
        finally:
            holding.set()
            connection.close()

    def run_second() -> None:
        translation.activate("en")
        try:
            holding.wait(timeout=30)
            second()
            outcomes["second"] = "done"
        except (SessionInputError, ProtocolInputError) as exc:
            outcomes["second"] = " ".join(exc.errors.values())
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    threads[1].join(timeout=HOLD_SECONDS)
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["rename", "delete"])
def test_a_change_waits_for_a_course_being_started_and_is_then_refused(kind: str) -> None:
    cast = make_cast()
    protocol = _saved(cast)
    outcomes = _race(lambda: _start_course(cast), _change(kind, cast, protocol))
    assert outcomes["first"] == "done"
    assert "is the protocol of 1 treatment course" in outcomes["second"]
    assert CustomProtocol.objects.get(pk=protocol.pk).name == "neck"
    assert Course.objects.get().protocol == "neck"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["rename", "delete"])
def test_a_course_on_a_protocol_being_changed_is_refused(kind: str) -> None:
    cast = make_cast()
    protocol = _saved(cast)
    outcomes = _race(_change(kind, cast, protocol), lambda: _start_course(cast))
    assert outcomes["first"] == "done"
    assert "saved protocol" in outcomes["second"]
    assert not Course.objects.exists()
    assert not CustomProtocol.objects.filter(name="neck").exists()
