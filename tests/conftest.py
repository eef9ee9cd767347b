"""Shared test set-up: which database the run uses is printed in the header."""

from __future__ import annotations

import pytest
from django.conf import settings


def pytest_report_header(config: pytest.Config) -> str:
    return f"bontrack database engine: {settings.DATABASES['default']['ENGINE']}"
