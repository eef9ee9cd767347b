from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from bontrack.patients.diary_models import DiaryEntry
from bontrack.patients.models import Patient
from bontrack.patients.nin import make_national_id
from bontrack.referrals import services
from bontrack.referrals.models import Event, Referral, Status
from tests.personas import Cast

pytestmark = pytest.mark.django_db

ESSENTIALS = {
    "reason": "Chronic migraine, no effect of two preventives.",
    "diagnoses": "G43.7",
    "symptoms": "Throbbing one-sided headache with nausea.",
    "medication": "Sumatriptan 50 mg; propranolol failed.",
}


def _draft(cast: Cast, **extra: object) -> Referral:
    data: dict[str, object] = {
        "clinic": cast.clinic_a,
        "patient_national_id": make_national_id(dt.date(1985, 4, 3), 210, synthetic=True),
        "patient_name": "Hanne Moe",
        "complaint": "headache",
        "failed_treatment": True,
        "neurological_symptoms": False,
        "content": dict(ESSENTIALS),
    }
    data.update(extra)
    return services.save_draft(user=cast.frank, data=data)


def test_sending_imports_the_attached_diary_for_days_the_patient_has_not_recorded(
    cast: Cast,
) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    csv = f"date,headache_hours,intensity,acute_meds\n{yesterday},6,3,triptan\n"
    referral = services.send(user=cast.frank, referral=_draft(cast, diary_csv=csv))
    assert referral.status == Status.RECEIVED
    entry = DiaryEntry.objects.get(patient=referral.patient)
    assert entry.source == "referral" and entry.acute_meds == "triptan"
    assert Event.objects.get(referral=referral, kind="sent").data["diary_days_imported"] == 1


def test_a_bad_diary_is_refused_at_draft_time_with_its_line(cast: Cast) -> None:
    with pytest.raises(services.ReferralError) as caught:
        _draft(cast, diary_csv="date,headache_hours\n2026-01-01,25\n")
    assert "line 2: headache_hours must be 0–24, got 25" in caught.value.errors["diary_csv"]
    assert not Referral.objects.exists()


def test_two_referrals_for_one_person_share_one_patient_record(cast: Cast) -> None:
    first = services.send(user=cast.frank, referral=_draft(cast))
    second = services.send(user=cast.frank, referral=_draft(cast))
    assert first.patient_id == second.patient_id
    assert Patient.objects.filter(national_id=first.patient_national_id).count() == 1


def test_a_decision_tells_the_referrer_by_email_without_health_data(
    cast: Cast, settings: object, django_capture_on_commit_callbacks: object
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    referral = services.send(user=cast.frank, referral=_draft(cast))
    deadline = referral.received_on + dt.timedelta(days=84)  # type: ignore[operator]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.decide(user=cast.carol, referral=referral, decision="accept",
                        reason="Right to specialist care.", deadline=deadline)
    assert len(mail.outbox) == 1
    assert "Hanne" not in mail.outbox[0].body
    assert referral.decision_rules == services.NEUROLOGY_2026.name


def test_a_question_and_its_answer_return_the_referral_to_the_inbox(cast: Cast) -> None:
    referral = services.send(user=cast.frank, referral=_draft(cast))
    services.decide(user=cast.dave, referral=referral, decision="return",
                    reason="Which doses of propranolol were tried?")
    assert referral.status == Status.RETURNED
    services.answer_question(user=cast.frank, referral=referral, text="80 mg for 3 months.")
    assert referral.status == Status.RECEIVED
    assert [e.kind for e in referral.events.all()] == ["sent", "question", "answer"]


def test_another_clinic_cannot_decide(cast: Cast) -> None:
    referral = services.send(user=cast.frank, referral=_draft(cast))
    with pytest.raises(PermissionDenied):
        services.decide(user=cast.erin, referral=referral, decision="decline", reason="no")


def test_forwarding_to_the_same_clinic_is_refused(cast: Cast) -> None:
    referral = services.send(user=cast.frank, referral=_draft(cast))
    with pytest.raises(services.ReferralError) as caught:
        services.decide(user=cast.carol, referral=referral, decision="forward",
                        reason="elsewhere", forward_to=cast.clinic_a)
    assert "forward_to" in caught.value.errors


def test_the_demo_has_forty_referrals_in_every_state(settings: object) -> None:
    from django.core.management import call_command

    settings.DEMO_MODE = True  # type: ignore[attr-defined]
    call_command("demo")
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Referral.objects.count() == 40
    rows = services.waiting_list(
        user=Referral.objects.first().clinic.memberships.get(role="coordinator").user,  # type: ignore[union-attr]
        today=dt.date.today(),
    )
    assert {row.state for row in rows} >= {"missed", "at_risk", "ok", "met"}


def test_a_referral_is_sent_once_even_when_send_is_asked_twice(cast: Cast) -> None:
    draft = _draft(cast)
    stale_copy = Referral.objects.get(pk=draft.pk)  # what a second, simultaneous request holds
    services.send(user=cast.frank, referral=draft)
    with pytest.raises(PermissionDenied):
        services.send(user=cast.frank, referral=stale_copy)
    assert Event.objects.filter(referral=draft, kind="sent").count() == 1


def test_interpreter_no_gives_the_patient_no_interpreter(cast: Cast) -> None:
    content = {**ESSENTIALS, "other_language": True, "language": "arabisk", "interpreter": "no"}
    referral = services.send(user=cast.frank, referral=_draft(cast, content=content))
    assert referral.patient.interpreter_language == ""  # type: ignore[union-attr]
