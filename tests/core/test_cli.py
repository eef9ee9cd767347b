from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BONTRACK = Path(sys.executable).with_name("bontrack")


def test_bontrack_command_runs_django_management_commands() -> None:
    result = subprocess.run(
        [str(BONTRACK), "check"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_bontrack_command_lists_bontracks_own_commands() -> None:
    result = subprocess.run(
        [str(BONTRACK), "help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0
    assert "demo" in result.stdout
