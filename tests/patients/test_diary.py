from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from bontrack.accounts.models import AuditEvent
from bontrack.clinical import read_csv
from bontrack.patients import diary
from bontrack.patients.diary_models import DiaryEntry, DiaryEntryVersion, Medication
from tests.personas import Cast, login

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def alice(client: Client, cast: Cast) -> Client:
    return login(client, cast.alice)


@pytest.fixture
def triptan(cast: Cast) -> Medication:
    return Medication.objects.create(
        patient=cast.alice_patient,
        kind="acute",
        name="Sumatriptan",
        dose="50 mg",
        drug_class="triptan",
    )


def migraine_form(**extra: object) -> dict[str, object]:
    form: dict[str, object] = {
        "intensity": "3",
        "headache_hours": "6",
        "unilateral": "on",
        "pulsating": "on",
        "nausea": "on",
        "photophobia": "on",
        "phonophobia": "on",
    }
    form.update(extra)
    return form


def test_a_migraine_day_with_a_triptan_is_recorded(
    alice: Client, cast: Cast, triptan: Medication
) -> None:
    response = alice.post(
        f"/portal/dagbok/{TODAY}/",
        migraine_form(medications=[triptan.pk], relieved_by_acute_med="on"),
    )
    assert response.status_code == 302
    entry = DiaryEntry.objects.get(patient=cast.alice_patient, date=TODAY)
    assert entry.acute_meds == "triptan"
    assert entry.intensity == 3 and entry.headache_hours == Decimal(6)
    assert entry.relieved_by_acute_med
    assert AuditEvent.objects.filter(
        action="create", patient=cast.alice_patient, object_type="patients.diaryentry"
    ).exists()


def test_no_headache_today_is_one_tap(alice: Client, cast: Cast) -> None:
    assert alice.post(f"/portal/dagbok/{TODAY}/ingen-hodepine/").status_code == 302
    entry = DiaryEntry.objects.get(patient=cast.alice_patient, date=TODAY)
    assert entry.headache_hours == 0 and entry.intensity == 0


def test_a_missed_day_can_be_backfilled_and_shows_in_the_calendar(
    alice: Client, cast: Cast
) -> None:
    page = alice.get("/portal/dagbok/").content.decode()
    assert f'href="/portal/dagbok/{YESTERDAY}/"' in page
    alice.post(f"/portal/dagbok/{YESTERDAY}/", migraine_form())
    assert DiaryEntry.objects.filter(patient=cast.alice_patient, date=YESTERDAY).exists()
    assert YESTERDAY not in diary.missing_days(cast.alice_patient, today=TODAY)


def test_an_edit_keeps_the_earlier_version(alice: Client, cast: Cast) -> None:
    alice.post(f"/portal/dagbok/{YESTERDAY}/", migraine_form(note="first"))
    alice.post(f"/portal/dagbok/{YESTERDAY}/", migraine_form(headache_hours="2", note="second"))
    entry = DiaryEntry.objects.get(patient=cast.alice_patient, date=YESTERDAY)
    assert entry.version == 2 and entry.note == "second"
    old = DiaryEntryVersion.objects.get(entry=entry)
    assert old.version == 1 and old.data["note"] == "first" and old.data["headache_hours"] == "6.00"
    history = alice.get(f"/portal/dagbok/{YESTERDAY}/historikk/").content.decode()
    assert "first" in history


def test_a_second_attack_folds_into_the_day(alice: Client, cast: Cast) -> None:
    alice.post(f"/portal/dagbok/{TODAY}/", {"intensity": "2", "headache_hours": "2"})
    alice.post(
        f"/portal/dagbok/{TODAY}/?anfall=1",
        {"intensity": "3", "headache_hours": "3", "mode": "attack", "nausea": "on"},
    )
    entry = DiaryEntry.objects.get(patient=cast.alice_patient, date=TODAY)
    assert entry.headache_hours == Decimal(5)
    assert entry.intensity == 3
    assert entry.attacks == 2
    assert entry.nausea


@pytest.mark.parametrize("path_suffix", ["", "ingen-hodepine/"])
def test_a_future_day_is_refused_and_nothing_is_stored(
    alice: Client, cast: Cast, path_suffix: str
) -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    response = alice.post(f"/portal/dagbok/{tomorrow}/{path_suffix}", migraine_form())
    assert response.status_code == 400
    assert "future" in response.content.decode() or "fremtiden" in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_twenty_five_hours_is_refused_with_a_clear_message(alice: Client) -> None:
    response = alice.post(f"/portal/dagbok/{TODAY}/", migraine_form(headache_hours="25"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "24" in body
    assert not DiaryEntry.objects.exists()


def test_a_note_over_the_limit_is_refused(alice: Client) -> None:
    response = alice.post(f"/portal/dagbok/{TODAY}/", migraine_form(note="x" * 2001))
    assert response.status_code == 400
    assert "2000" in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_a_ten_megabyte_note_is_refused_without_a_traceback(alice: Client) -> None:
    response = alice.post(f"/portal/dagbok/{TODAY}/", migraine_form(note="x" * 10_000_000))
    assert response.status_code == 413
    page = response.content.decode()
    assert "Traceback" not in page
    assert "for stort" in page and "Ingenting ble sendt eller lagret" in page
    assert not DiaryEntry.objects.exists()


def test_script_in_a_note_is_shown_as_text(alice: Client, cast: Cast) -> None:
    alice.post(f"/portal/dagbok/{YESTERDAY}/", migraine_form(note="<script>alert(1)</script>"))
    alice.post(f"/portal/dagbok/{YESTERDAY}/", migraine_form(note="ok"))
    page = alice.get(f"/portal/dagbok/{YESTERDAY}/historikk/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_someone_elses_medicine_cannot_be_ticked(alice: Client, cast: Cast) -> None:
    bobs = Medication.objects.create(
        patient=cast.bob_patient, kind="acute", name="Rizatriptan", drug_class="triptan"
    )
    response = alice.post(f"/portal/dagbok/{TODAY}/", migraine_form(medications=[bobs.pk]))
    assert response.status_code == 400
    assert not DiaryEntry.objects.exists()


BAD_CSV = """date,headache_hours,intensity,acute_meds
2026-01-01,5,2,triptan
2026-01-02,25,1,
2026-01-03,3,7,
2026-01-04,0,0,
"""


def test_an_import_with_two_bad_lines_shows_both_and_stores_nothing(alice: Client) -> None:
    upload = _upload(BAD_CSV)
    response = alice.post("/portal/dagbok/importer/", {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "line 3: headache_hours must be 0–24, got 25" in body
    assert "line 4: intensity must be 0–3, got 7" in body
    assert not DiaryEntry.objects.exists()


def test_export_then_import_gives_the_same_diary(
    alice: Client, cast: Cast, triptan: Medication
) -> None:
    alice.post(
        f"/portal/dagbok/{YESTERDAY}/", migraine_form(medications=[triptan.pk], pain_nrs="7")
    )
    alice.post(f"/portal/dagbok/{TODAY}/ingen-hodepine/")
    exported = alice.get("/portal/dagbok/eksport.csv").content.decode()
    DiaryEntry.objects.all().delete()
    response = alice.post("/portal/dagbok/importer/", {"file": _upload(exported)})
    assert response.status_code == 302
    again = alice.get("/portal/dagbok/eksport.csv").content.decode()
    assert read_csv(again) == read_csv(exported)
    assert len(read_csv(again)) == 2


def test_an_import_with_a_future_day_is_refused_whole(alice: Client) -> None:
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    text = f"date,headache_hours\n{YESTERDAY},4\n{future},5\n"
    response = alice.post("/portal/dagbok/importer/", {"file": _upload(text)})
    assert response.status_code == 400
    assert f"line 3: {future} is in the future" in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_the_stored_diary_is_what_the_clinical_core_reads(cast: Cast) -> None:
    for offset, hours in ((3, "5"), (2, "0"), (1, "4.5")):
        diary.save_day(
            user=cast.alice,
            patient=cast.alice_patient,
            day=diary.DayInput(
                date=TODAY - dt.timedelta(days=offset),
                headache_hours=Decimal(hours),
                intensity=2 if hours != "0" else 0,
            ),
        )
    loaded = diary.load_diary(cast.alice_patient)
    assert [d.headache_hours for d in loaded.days] == [5.0, 0.0, 4.5]


def _upload(text: str) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("diary.csv", text.encode("utf-8"), content_type="text/csv")
