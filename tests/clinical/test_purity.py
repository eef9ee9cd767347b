"""bontrack.clinical imports only the standard library and itself."""

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "bontrack" / "clinical"


def foreign_imports(source: str) -> list[str]:
    """Modules imported by `source` that are neither standard library nor bontrack.clinical."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 1:
                continue  # `from .diary import …` stays inside bontrack.clinical
            if node.level > 1:
                # `from ..accounts import …` climbs out of the package.
                found.append("." * node.level + (node.module or ""))
                continue
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if name == "bontrack.clinical" or name.startswith("bontrack.clinical."):
                continue
            if top in sys.stdlib_module_names:
                continue
            found.append(name)
    return found


def test_the_clinical_package_imports_only_the_standard_library() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert files
    problems = {
        str(path.relative_to(PACKAGE)): bad
        for path in files
        if (bad := foreign_imports(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_the_checker_catches_django_and_other_bontrack_packages() -> None:
    assert foreign_imports("from django.db import models") == ["django.db"]
    assert foreign_imports("import ninja, json") == ["ninja"]
    assert foreign_imports("from bontrack.patients import models") == ["bontrack.patients"]
    assert foreign_imports("import bontrack") == ["bontrack"]
    assert foreign_imports("from bontrack.clinical.diary import read_csv\nimport csv") == []
    assert foreign_imports("from .diary import read_csv") == []
    assert foreign_imports("from ..accounts import models") == ["..accounts"]
