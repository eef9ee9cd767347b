"""The assess, eligibility and protocol commands: output shapes and exit codes."""

import io
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from bontrack.clinical import write_csv
from bontrack.clinical.cli import main
from bontrack.clinical.protocol import MuscleDose, Protocol
from bontrack.clinical.synthetic import period_days

ROOT = Path(__file__).resolve().parents[2]
START = date(2026, 1, 1)


@pytest.fixture
def diary(tmp_path: Path) -> Path:
    days = []
    for k in range(3):
        days += period_days(START + timedelta(28 * k), headache=17, migraine=9,
                            meds={"triptan": 11})
    path = tmp_path / "diary.csv"
    path.write_text(write_csv(days), encoding="utf-8")
    return path


def run(*argv: str, **kwargs: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_assess_json_prints_the_contract_object(diary: Path) -> None:
    code, out, err = run("assess", str(diary), "--treatment", "2026-03-26", "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["window"] == {"start": "2026-01-01", "end": "2026-03-25"}
    assert result["chronic_migraine"] is True
    assert result["medication_overuse"] == {"met": True, "subtypes": ["8.2.2"]}
    assert result["treatments"][0]["window_headache_days"] is None


def test_assess_without_json_prints_a_readable_report(diary: Path) -> None:
    code, out, _ = run("assess", str(diary), "--as-of", "2026-03-25")
    assert code == 0
    assert "Chronic migraine (ICHD-3 1.3): yes" in out
    assert "Medication-overuse headache (ICHD-3 8.2): yes — 8.2.2" in out


def test_a_bad_diary_exits_2_with_line_messages(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("date,intensity\n2026-01-01,5\n2026-01-01,1\n", encoding="utf-8")
    code, out, err = run("assess", str(path))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "line 2: intensity must be 0–3, got 5",
        "line 3: date 2026-01-01 already appears on line 2",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["assess", "missing.csv"], "missing.csv: no such file"),
        (["assess", "{diary}", "--treatment", "26.03.2026"],
         "--treatment: must be a real date YYYY-MM-DD, got '26.03.2026'"),
        (["assess", "{diary}", "--as-of", "2026-02-30"],
         "--as-of: must be a real date YYYY-MM-DD, got '2026-02-30'"),
        (["eligibility", "{diary}", "--rules", "no-such-rules"],
         "unknown rule set 'no-such-rules'; choose one of no-5-14-2019, "
         "no-specialist-applicant, nice-ta260"),
        (["eligibility", "{diary}", "--rules", "nice-ta260", "--tried", "aspirin=failed"],
         "--tried: unknown drug 'aspirin'"),
        (["eligibility", "{diary}", "--rules", "nice-ta260", "--tried", "propranolol"],
         "--tried: expected DRUG=OUTCOME, got 'propranolol'"),
        (["eligibility", "{diary}", "--rules", "nice-ta260", "--applicant", "nurse"],
         "unknown applicant role 'nurse'"),
        (["eligibility", "{diary}"], "the following arguments are required: --rules"),
        (["protocol", "show", "nope"], "unknown protocol 'nope'"),
        (["assess"], "the following arguments are required: DIARY.csv"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["assess", "{diary}", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_bad_arguments_exit_2_with_a_message_and_no_traceback(
    diary: Path, argv: list[str], message: str
) -> None:
    code, out, err = run(*[a.replace("{diary}", str(diary)) for a in argv])
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_a_directory_is_not_a_diary(tmp_path: Path) -> None:
    code, _, err = run("assess", str(tmp_path))
    assert code == 2
    assert "is a directory" in err


def test_help_exits_0_on_stdout() -> None:
    code, out, err = run("assess", "--help")
    assert (code, err) == (0, "")
    assert "--treatment DATE" in out


def test_eligibility_json_has_the_contract_criteria(diary: Path) -> None:
    code, out, _ = run(
        "eligibility", str(diary), "--rules", "no-specialist-applicant",
        "--tried", "C07AB02=failed", "--tried", "topiramate=intolerant",
        "--applicant", "neurologist", "--json",
    )
    result = json.loads(out)
    assert code == 0
    assert list(result) == ["rules", "eligible", "criteria"]
    assert result["rules"] == "no-specialist-applicant"
    assert result["eligible"] is True
    assert [c["id"] for c in result["criteria"]] == [
        "chronic_migraine", "beta_blocker", "topiramate", "applicant"
    ]
    assert all(set(c) == {"id", "met", "detail"} for c in result["criteria"])


def test_nice_eligibility_names_its_three_criteria(diary: Path) -> None:
    code, out, _ = run("eligibility", str(diary), "--rules", "nice-ta260", "--json")
    result = json.loads(out)
    assert code == 0
    assert [c["id"] for c in result["criteria"]] == [
        "chronic_migraine", "three_preventives", "medication_overuse_managed"
    ]
    assert result["eligible"] is False


def test_protocol_show_preempt_json_matches_the_contract() -> None:
    code, out, _ = run("protocol", "show", "preempt", "--json")
    result = json.loads(out)
    assert code == 0
    assert result["name"] == "preempt"
    assert result["units_per_site"] == 5
    assert [m["muscle"] for m in result["muscles"]] == [
        "corrugator", "procerus", "frontalis", "temporalis", "occipitalis",
        "cervical_paraspinal", "trapezius",
    ]
    assert result["muscles"][0] == {"muscle": "corrugator", "units": 10, "sites": 2,
                                    "max_units": 10, "max_sites": 2, "bilateral": True}
    assert result["muscles"][1]["bilateral"] is False
    assert (result["total_units"], result["total_sites"]) == (155, 31)
    assert (result["max_total_units"], result["max_total_sites"]) == (195, 39)


def test_protocol_show_uses_the_lookup_for_clinic_protocols() -> None:
    neck = Protocol("neck-pain", 10, (MuscleDose("trapezius", 100, 10, 100, 10, True),))
    code, out, _ = run("protocol", "show", "neck-pain", "--json",
                       protocol_lookup={"neck-pain": neck}.get)
    assert code == 0
    assert json.loads(out)["total_units"] == 100


def test_protocol_show_prints_a_table_and_list_names_builtins() -> None:
    assert "total                    155    31    195        39" in run(
        "protocol", "show", "preempt")[1]
    assert run("protocol", "list")[1].startswith("preempt: ")


def test_the_module_runs_as_a_command(diary: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bontrack.clinical.cli", "assess", str(diary), "--json"],
        capture_output=True, text=True, cwd=ROOT, check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rules"] == "ihs-diary-2026"
    bad = subprocess.run(
        [sys.executable, "-m", "bontrack.clinical.cli", "assess", "nowhere.csv"],
        capture_output=True, text=True, cwd=ROOT, check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert (bad.returncode, bad.stderr) == (2, "nowhere.csv: no such file\n")


@pytest.mark.parametrize(
    ("name", "treatments"),
    [("chronic-migraine.csv", ["--treatment", "2026-03-26"]), ("medication-overuse.csv", [])],
)
def test_the_documented_examples_assess_cleanly(name: str, treatments: list[str]) -> None:
    path = str(ROOT / "docs" / "examples" / name)
    code, out, err = run("assess", path, *treatments, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["chronic_migraine"] is True
