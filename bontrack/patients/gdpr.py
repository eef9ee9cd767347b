"""A patient's own data: download all of it, ask for erasure; erasure pseudonymises identity.

Other apps add what they hold about a patient to the download by appending to `EXPORTERS`
(a section of data.json) or by setting `CSV_EXPORTERS[filename]` (a CSV file in the ZIP).
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from bontrack.accounts import access, audit, roles
from bontrack.accounts.models import AuditEvent, BreakGlassAccess
from bontrack.patients.models import Enrolment, ErasureRequest, Patient

FORMAT_VERSION = 1
PSEUDONYM_PREFIX = "Slettet pasient"
ERASED_EMAIL_DOMAIN = "erased.invalid"

Exporter = Callable[[Patient], tuple[str, Any]]
CsvExporter = Callable[[Patient], tuple[str, str]]

# Each returns (section name, JSON-able value) for data.json.
EXPORTERS: list[Exporter] = []
# Keyed by file name, so an app can replace a file (the diary app replaces diary.csv).
CSV_EXPORTERS: dict[str, CsvExporter] = {}

_RESERVED_SECTIONS = {"format_version", "exported_at"}


class ErasureError(Exception):
    """An erasure cannot be carried out; the message says why, for the administrator."""


def exporter(func: Exporter) -> Exporter:
    """Register a data.json section."""
    EXPORTERS.append(func)
    return func


def csv_exporter(filename: str) -> Callable[[CsvExporter], CsvExporter]:
    """Register (or replace) the CSV file `filename` in the download."""

    def register(func: CsvExporter) -> CsvExporter:
        CSV_EXPORTERS[filename] = func
        return func

    return register


def _when(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _csv_text(header: list[str] | tuple[str, ...], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _spreadsheet_safe(value: str) -> str:
    # Free text written by others must not run as a formula when the file is opened in a
    # spreadsheet (CSV injection); a leading apostrophe makes it plain text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# --- Built-in sections -----------------------------------------------------------------------


@exporter
def _account(patient: Patient) -> tuple[str, Any]:
    user = patient.user
    if user is None:
        return "account", None
    return "account", {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
    }


@exporter
def _patient_record(patient: Patient) -> tuple[str, Any]:
    return "patient", {
        "id": patient.pk,
        "full_name": patient.full_name,
        "national_id": patient.national_id,
        "birth_date": _when(patient.birth_date),
        "email": patient.email,
        "phone": patient.phone,
        "address": patient.address,
        "preferred_language": patient.preferred_language,
        "interpreter_language": patient.interpreter_language,
        "created_at": _when(patient.created_at),
        "erased_at": _when(patient.erased_at),
    }


@exporter
def _clinics(patient: Patient) -> tuple[str, Any]:
    enrolments = Enrolment.objects.filter(patient=patient).select_related("clinic")
    return "clinics", [
        {"clinic": e.clinic.name, "clinic_slug": e.clinic.slug, "since": _when(e.since)}
        for e in enrolments.order_by("since")
    ]


@exporter
def _erasure_requests(patient: Patient) -> tuple[str, Any]:
    return "erasure_requests", [
        {
            "id": r.pk,
            "requested_at": _when(r.requested_at),
            "status": r.status,
            "message": r.message,
            "decided_at": _when(r.decided_at),
            "decision_note": r.decision_note,
        }
        for r in ErasureRequest.objects.filter(patient=patient).order_by("requested_at")
    ]


@exporter
def _break_glass(patient: Patient) -> tuple[str, Any]:
    grants = BreakGlassAccess.objects.filter(patient=patient).select_related("user", "clinic")
    return "break_glass", [
        {
            "physician": g.user.get_full_name(),
            "clinic": g.clinic.name,
            "reason": g.reason,
            "started_at": _when(g.started_at),
            "expires_at": _when(g.expires_at),
        }
        for g in grants.order_by("started_at")
    ]


def _access_log_rows(patient: Patient) -> list[dict[str, Any]]:
    events = (
        AuditEvent.objects.filter(patient=patient).select_related("actor", "clinic").order_by("seq")
    )
    return [
        {
            "at": _when(e.at),
            "actor": e.actor.get_full_name() if e.actor else "bontrack",
            "role": e.role,
            "clinic": e.clinic.name if e.clinic else "",
            "action": e.action,
            "reason": e.reason,
        }
        for e in events
    ]


@exporter
def _access_log(patient: Patient) -> tuple[str, Any]:
    return "access_log", _access_log_rows(patient)


@csv_exporter("access_log.csv")
def _access_log_csv(patient: Patient) -> tuple[str, str]:
    header = ["at", "actor", "role", "clinic", "action", "reason"]
    rows = [
        [_spreadsheet_safe(str(row[name] or "")) for name in header]
        for row in _access_log_rows(patient)
    ]
    return "access_log.csv", _csv_text(header, rows)


@csv_exporter("diary.csv")
def _diary_csv(patient: Patient) -> tuple[str, str]:
    # The CSV contract, so the file can be imported again here or elsewhere.
    from bontrack.clinical import write_csv
    from bontrack.patients.diary import load_diary

    return "diary.csv", write_csv(load_diary(patient).days)


@exporter
def _diary_details(patient: Patient) -> tuple[str, Any]:
    """What the CSV contract does not carry: notes, body areas, menstruation, versions."""
    from bontrack.patients.diary_models import DiaryEntry

    entries = DiaryEntry.objects.filter(patient=patient).prefetch_related("versions")
    return "diary_details", [
        {
            "date": entry.date.isoformat(),
            "note": entry.note,
            "pain_areas": entry.pain_areas,
            "menstruation": entry.menstruation,
            "attacks": entry.attacks,
            "version": entry.version,
            "earlier_versions": [
                {"version": v.version, "recorded_at": _when(v.recorded_at), "data": v.data}
                for v in entry.versions.all()
            ],
        }
        for entry in entries
        if entry.note or entry.pain_areas or entry.menstruation is not None or entry.version > 1
    ]


@exporter
def _medications(patient: Patient) -> tuple[str, Any]:
    from bontrack.patients.diary_models import Medication

    return "medications", [
        {
            "name": m.name, "kind": m.kind, "class": m.drug_class, "generic": m.generic,
            "dose": m.dose, "started_on": _when(m.started_on), "stopped_on": _when(m.stopped_on),
            "outcome": m.outcome, "active": m.active,
        }
        for m in Medication.objects.filter(patient=patient)
    ]


@exporter
def _questionnaires(patient: Patient) -> tuple[str, Any]:
    from bontrack.patients.diary_models import QuestionnaireResponse

    return "questionnaires", [
        {"kind": q.kind, "answered_on": _when(q.answered_on), "answers": q.answers,
         "score": q.score, "grade": q.grade}
        for q in QuestionnaireResponse.objects.filter(patient=patient)
    ]


# --- Services --------------------------------------------------------------------------------


def _collect(patient: Patient, exported_at: datetime) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "exported_at": _when(exported_at),
    }
    for export in EXPORTERS:
        name, value = export(patient)
        if name in data or name in _RESERVED_SECTIONS:
            raise ValueError(f"two exporters write the data.json section {name!r}")
        data[name] = value
    return data


def export_patient_data(*, user: Any) -> tuple[str, bytes]:
    """The logged-in patient's own data as (ZIP file name, ZIP bytes); the export is audited."""
    now = timezone.now()
    with transaction.atomic():
        patient = access.own_patient(user, action="export")
        data = _collect(patient, now)
        files = [export(patient) for export in CSV_EXPORTERS.values()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        archive.writestr("data.json", text.encode("utf-8"))
        for filename, content in files:
            archive.writestr(filename, content.encode("utf-8"))
    filename = f"bontrack-mine-data-{timezone.localdate(now).isoformat()}.zip"
    return filename, buffer.getvalue()


def open_erasure_request(*, user: Any) -> ErasureRequest | None:
    """The patient's own erasure request still waiting for review, if any.

    Not audited: it tells the patient only whether their own request is pending.
    """
    if not roles.is_patient(user):
        raise PermissionDenied("only patients can ask for erasure")
    return (
        ErasureRequest.objects.filter(
            patient__in=access.patients_for(user).filter(user_id=user.pk),
            status=ErasureRequest.Status.REQUESTED,
        )
        .order_by("requested_at")
        .first()
    )


def request_erasure(*, user: Any, message: str = "") -> ErasureRequest:
    """Ask for the patient's identity to be erased; an open request is returned, not doubled."""
    if not roles.is_patient(user):
        raise PermissionDenied("only patients can ask for erasure")
    with transaction.atomic():
        # Lock the patient row so two requests at once cannot both find no open request.
        # (patients_for is DISTINCT, which cannot be locked: take the id, then lock the row.)
        patient_id = (
            access.patients_for(user).filter(user_id=user.pk).values_list("pk", flat=True).get()
        )
        patient = Patient.objects.select_for_update().get(pk=patient_id)
        erasure: ErasureRequest | None = (
            ErasureRequest.objects.filter(patient=patient, status=ErasureRequest.Status.REQUESTED)
            .order_by("requested_at")
            .first()
        )
        if erasure is None:
            erasure = ErasureRequest.objects.create(patient=patient, message=message.strip())
            reason = ""
        else:
            reason = "already requested"
        audit.record(
            actor=user, action="erasure_request", obj=erasure, patient=patient, reason=reason
        )
    return erasure


def _pseudonym() -> str:
    return f"{PSEUDONYM_PREFIX} P-{secrets.token_hex(4)}"


def _erase_directory_traces(patient: Patient) -> None:
    """The identity the patient left in the public directory goes too: the booking requests
    that became this record lose name, contact details and message, and the patient's
    verified ratings lose the link to them and any e-mail (the rating's text stays, as
    moderated public text without a name)."""
    from bontrack.directory.models import BookingRequest, Rating

    BookingRequest.objects.filter(patient=patient).update(
        name=patient.full_name, email="", phone="", preferred_times="", message="",
        status_note="",
    )
    Rating.objects.filter(patient=patient).update(patient=None, email="", display_name="")


def erase_patient(*, request: ErasureRequest, by: Any, note: str = "") -> Patient:
    """Carry out an erasure request: replace the patient's identity with a pseudonym.

    Clinical rows and the audit log stay: health records must be kept (pasientjournalloven),
    and the audit log refers to the patient by id only, so its hash chain is untouched.
    `by` is the platform administrator, or None when run from the command line.
    """
    if by is not None and not roles.is_platform_admin(by):
        raise PermissionDenied("only platform administrators carry out erasure")
    now = timezone.now()
    with transaction.atomic():
        try:
            erasure = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        except ErasureRequest.DoesNotExist:
            raise ErasureError(f"there is no erasure request {request.pk}") from None
        if erasure.status != ErasureRequest.Status.REQUESTED:
            outcome = "carried out" if erasure.status == ErasureRequest.Status.DONE else "refused"
            raise ErasureError(f"erasure request {erasure.pk} has already been {outcome}")
        patient = Patient.objects.select_for_update().get(erasure_requests=erasure)
        patient.full_name = _pseudonym()
        patient.national_id = None
        patient.birth_date = None
        patient.email = ""
        patient.phone = ""
        patient.address = ""
        patient.interpreter_language = ""
        patient.erased_at = now
        patient.save(
            update_fields=[
                "full_name",
                "national_id",
                "birth_date",
                "email",
                "phone",
                "address",
                "interpreter_language",
                "erased_at",
            ]
        )
        user = patient.user
        if user is not None:
            user.email = f"erased-{secrets.token_hex(8)}@{ERASED_EMAIL_DOMAIN}"
            user.full_name = ""
            user.set_unusable_password()
            user.is_active = False
            user.save(update_fields=["email", "full_name", "password", "is_active"])
        _erase_directory_traces(patient)
        erasure.status = ErasureRequest.Status.DONE
        erasure.decided_at = now
        erasure.decision_note = note.strip()
        # The patient's own words may name them; they go with the identity.
        erasure.message = ""
        erasure.save(update_fields=["status", "decided_at", "decision_note", "message"])
        audit.record(
            actor=by, action="erase", obj=erasure, patient=patient, reason=erasure.decision_note
        )
    request.refresh_from_db()
    return patient
