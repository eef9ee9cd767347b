"""`bontrack protocol show|list` finds saved protocols; built-ins need no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bontrack import cli
from bontrack.accounts.models import Clinic
from bontrack.clinical.protocol import PREEMPT
from bontrack.treatments.models import CustomProtocol
from tests.personas import Cast

BONTRACK = Path(sys.executable).with_name("bontrack")
CONTRACT_KEYS = {"name", "units_per_site", "muscles", "total_units", "total_sites",
                 "max_total_units", "max_total_sites"}
NECK = [{"muscle": "trapezius", "side": "left", "sites": 4, "units_per_site": 10},
        {"muscle": "trapezius", "side": "right", "sites": 4, "units_per_site": 10}]


def run_without_database(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BONTRACK_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([str(BONTRACK), "protocol", *args], capture_output=True, text=True,
                          timeout=120, check=False, env=env)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        cli.main(["bontrack", "protocol", *args])
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_a_built_in_protocol_needs_no_database(tmp_path: Path) -> None:
    result = run_without_database(tmp_path, "show", "preempt", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == PREEMPT.to_dict()
    assert not (tmp_path / "bontrack.sqlite3").exists()


def test_an_unknown_name_without_a_database_says_so(tmp_path: Path) -> None:
    result = run_without_database(tmp_path, "show", "neck-and-shoulders")
    assert result.returncode == 2
    assert "unknown protocol 'neck-and-shoulders'" in result.stderr
    assert "built-in protocols: preempt, preempt-follow-the-pain" in result.stderr
    assert "no database at" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "bontrack.sqlite3").exists()


def test_the_list_without_a_database_still_lists_the_built_ins(tmp_path: Path) -> None:
    result = run_without_database(tmp_path, "list")
    assert result.returncode == 0
    assert result.stdout.startswith("preempt: ")
    assert "saved protocols not listed: no database" in result.stderr


@pytest.fixture
def neck(cast: Cast) -> CustomProtocol:
    return CustomProtocol.objects.create(clinic=cast.clinic_a, name="neck-and-shoulders",
                                         description="Neck pain", sites=NECK)


def test_a_saved_protocol_is_shown_in_the_contracts_json(
    neck: CustomProtocol, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "show", "neck-and-shoulders", "--json")
    assert code == 0, err
    shown: dict[str, Any] = json.loads(out)
    assert set(shown) == CONTRACT_KEYS
    assert shown == {
        "name": "neck-and-shoulders", "units_per_site": 10,
        "muscles": [{"muscle": "trapezius", "units": 80, "sites": 8, "max_units": 80,
                     "max_sites": 8, "bilateral": True}],
        "total_units": 80, "total_sites": 8, "max_total_units": 80, "max_total_sites": 8,
    }


def test_the_readable_form_shows_the_saved_protocol(
    neck: CustomProtocol, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "show", "neck-and-shoulders")
    assert code == 0
    assert "Protocol neck-and-shoulders" in out and "trapezius" in out


def test_a_name_two_clinics_saved_needs_the_clinic(
    cast: Cast, neck: CustomProtocol, capsys: pytest.CaptureFixture[str]
) -> None:
    CustomProtocol.objects.create(clinic=cast.clinic_b, name="neck-and-shoulders",
                                  sites=NECK[:1])
    code, out, err = run(capsys, "show", "neck-and-shoulders", "--json")
    assert code == 2 and out == ""
    assert (f"saved by 2 clinics: clinic-a (id {cast.clinic_a.pk}), "
            f"clinic-b (id {cast.clinic_b.pk}); choose one with --clinic") in err
    code, out, _err = run(capsys, "show", "neck-and-shoulders", "--json", "--clinic", "clinic-b")
    assert code == 0 and json.loads(out)["total_units"] == 40
    code, out, _err = run(capsys, "show", "neck-and-shoulders", "--json",
                          f"--clinic={cast.clinic_a.pk}")
    assert code == 0 and json.loads(out)["total_units"] == 80


def test_a_bad_name_or_clinic_exits_2_with_a_message(
    neck: CustomProtocol, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "show", "no-such-protocol")
    assert code == 2
    assert "unknown protocol 'no-such-protocol'" in err
    assert "no clinic has saved a protocol by that name" in err
    code, _out, err = run(capsys, "show", "neck-and-shoulders", "--clinic", "nowhere")
    assert code == 2 and "--clinic: no clinic 'nowhere'" in err
    code, _out, err = run(capsys, "show", "neck-and-shoulders", "--clinic")
    assert code == 2 and "--clinic: give a clinic's short name or id" in err


def test_built_ins_come_first_and_need_no_lookup(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "show", "PREEMPT", "--json", "--clinic", "clinic-a")
    assert code == 0 and json.loads(out) == PREEMPT.to_dict()


def test_the_list_has_the_saved_protocols_after_the_built_ins(
    cast: Cast, neck: CustomProtocol, capsys: pytest.CaptureFixture[str]
) -> None:
    clinic_c = Clinic.objects.create(name="Clinic C", slug="clinic-c")
    CustomProtocol.objects.create(clinic=clinic_c, name="temples", sites=[
        {"muscle": "temporalis", "side": "bilateral", "sites": 8, "units_per_site": 5}])
    code, out, _err = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "preempt", "preempt-follow-the-pain", "neck-and-shoulders (clinic-a)",
        "temples (clinic-c)"]
    assert lines[2] == "neck-and-shoulders (clinic-a): 80 U at 8 sites; Neck pain"
    code, out, _err = run(capsys, "list", "--clinic", "clinic-c")
    assert code == 0 and "neck-and-shoulders" not in out and "temples (clinic-c)" in out
