from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client


def test_healthz_answers_without_touching_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_when_migrations_are_applied(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["pending_migrations"] == 0


@pytest.mark.django_db
def test_readyz_is_unavailable_when_a_migration_is_missing(client: Client) -> None:
    # Inside the test's transaction: the row comes back when the test rolls back.
    MigrationRecorder(connection).record_unapplied("sessions", "0001_initial")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] >= 1


def test_openapi_schema_is_published(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "bontrack API"
