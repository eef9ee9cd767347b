"""Shared test set-up: which database the run uses is printed in the header."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

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
    # The directory caches rendered search results for a minute; tests look at fresh data.
    settings.DIRECTORY_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in the default language (bokmål), whatever the one before it
    activated; a test that switches language cannot change the next test's messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()
