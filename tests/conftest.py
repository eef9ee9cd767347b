"""Shared test set-up: which database the run uses is printed in the header."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from tests.personas import Cast, make_cast


def pytest_report_header(config: pytest.Config) -> str:
    return f"bontrack database engine: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    """Synthetic identity numbers (no real person's) and a fast password hash for test users.

    Argon2 is deliberately slow; tests create hundreds of users. test_login checks that the
    real settings put Argon2 first.
    """
    settings.ALLOW_SYNTHETIC_NATIONAL_IDS = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()
