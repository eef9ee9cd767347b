from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from bontrack.patients.diary_models import DiaryEntry, Medication
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()
TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


def _put(client: Client, cast: Cast, date: str, body: dict[str, object]) -> object:
    return client.put(
        f"/api/v1/patients/{cast.alice_patient.pk}/diary/{date}",
        json.dumps(body),
        "application/json",
    )


def test_the_patient_records_a_day_through_the_api(client: Client, cast: Cast) -> None:
    login(client, cast.alice)
    triptan = Medication.objects.create(
        patient=cast.alice_patient, kind="acute", name="Sumatriptan", drug_class="triptan"
    )
    response = _put(
        client,
        cast,
        YESTERDAY,
        {
            "headache_hours": 6,
            "intensity": 3,
            "nausea": True,
            "medications": [triptan.pk],
            "relieved_by_acute_med": True,
        },
    )
    assert response.status_code == 200
    assert response.json()["acute_meds"] == ["triptan"]
    listed = client.get(f"/api/v1/patients/{cast.alice_patient.pk}/diary").json()
    assert [d["date"] for d in listed] == [YESTERDAY]


def test_the_api_refuses_a_future_day_and_stores_nothing(client: Client, cast: Cast) -> None:
    login(client, cast.alice)
    response = _put(client, cast, TOMORROW, {"headache_hours": 4, "intensity": 2})
    assert response.status_code == 400
    assert "future" in response.json()["errors"]["date"]
    assert not DiaryEntry.objects.exists()


def test_the_api_refuses_25_hours_with_the_field_named(client: Client, cast: Cast) -> None:
    login(client, cast.alice)
    response = _put(client, cast, YESTERDAY, {"headache_hours": 25})
    assert response.status_code == 422
    assert "headache_hours" in json.dumps(response.json())
    assert not DiaryEntry.objects.exists()


def test_staff_read_the_diary_but_cannot_write_it(client: Client, cast: Cast) -> None:
    login(client, cast.dave)
    assert client.get(f"/api/v1/patients/{cast.alice_patient.pk}/diary").status_code == 200
    assert _put(client, cast, YESTERDAY, {"headache_hours": 4}).status_code == 403
    assert not DiaryEntry.objects.exists()


def test_the_openapi_schema_documents_the_diary_routes(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/patients/{patient_id}/diary/{date}" in paths
    assert "put" in paths["/api/v1/patients/{patient_id}/diary/{date}"]
    assert "/api/v1/patients/{patient_id}/medications" in paths
