"""The clinic's referral desk under /klinikk/henvisninger/: inbox, decision, letter, waiting list.

Views parse the request and call bontrack.referrals.services; the rules (who may see a
referral, the triage suggestion, what a decision needs, where a deadline stands) live there
and in bontrack.clinical.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from bontrack.accounts import audit, roles
from bontrack.accounts.decorators import role_required
from bontrack.clinical.referral import CHECKLIST, SECTIONS, Completeness
from bontrack.clinical.triage import TriageSuggestion
from bontrack.referrals import services
from bontrack.referrals.clinic_forms import AppointmentForm, DecisionForm, WaitingListFilter
from bontrack.referrals.letters import has_letter, letter_filename, letter_pdf
from bontrack.referrals.models import OPEN_STATUSES, Referral
from bontrack.reports.pdf import pdf_response

clinic_staff_required = role_required("coordinator", "physician")

# The clinical core speaks English and has no Django; its texts are marked here so that the
# page can show them in the clinician's language. A text not listed is shown as it is.
CLINICAL_TEXTS = (
    gettext_noop("The request"),
    gettext_noop("History and earlier care"),
    gettext_noop("Clinical status"),
    gettext_noop("Education, work and benefits"),
    gettext_noop("Social situation"),
    gettext_noop("Language and interpreter"),
    gettext_noop("Reason: what is asked for"),
    gettext_noop("Which outpatient clinic"),
    gettext_noop("Earlier investigations and treatments and their effect"),
    gettext_noop("Earlier and ongoing diagnoses"),
    gettext_noop("Reports from physiotherapist, psychologist or mental health care"),
    gettext_noop("Current treatment"),
    gettext_noop("Individual plan: entitled? started?"),
    gettext_noop("Short history, condition and daily function"),
    gettext_noop("Weight and height (BMI)"),
    gettext_noop("Symptoms: type, duration, triggers"),
    gettext_noop("Medication: which, dose, effect, side effects"),
    gettext_noop("Use of alcohol, drugs and medicines"),
    gettext_noop("Relevant blood tests and examinations"),
    gettext_noop("Education and work history"),
    gettext_noop("Current work: position and percentage"),
    gettext_noop("NAV benefits (sick pay, AAP, disability) with percentage"),
    gettext_noop("Motivation to return to or increase work"),
    gettext_noop("Civil status, children, partner"),
    gettext_noop("Living situation"),
    gettext_noop("Ongoing strains"),
    gettext_noop("Nationality"),
    gettext_noop("Language"),
    gettext_noop("Interpreter needed"),
    gettext_noop("Gender"),
    gettext_noop(
        "long-lasting complex pain: the national patient pathway starts assessment "
        "within 12 weeks of receipt"
    ),
    gettext_noop("not a headache or complex-pain referral: assess by the relevant guideline"),
    gettext_noop(
        "headache with neurological additional symptoms: right to specialist care, "
        "start within 12 weeks"
    ),
    gettext_noop(
        "headache without effect of treatment: right to specialist care, start within 12 weeks"
    ),
    gettext_noop(
        "the referral does not say whether there are neurological symptoms or failed "
        "treatment; ask the referrer"
    ),
    gettext_noop(
        "uncomplicated migraine or tension-type headache without additional symptoms: "
        "no right; handled in primary care"
    ),
)
# Structured rows the referral form may store next to the text of an item.
ROW_KEYS = {"diagnoses": "diagnosis_rows", "medication": "medication_rows"}


@dataclass(frozen=True)
class InboxRow:
    referral: Referral
    completeness: Completeness
    suggestion: TriageSuggestion


@dataclass(frozen=True)
class ContentItem:
    label: str
    lines: list[str]
    missing: bool
    essential: bool


@dataclass(frozen=True)
class ContentSection:
    id: str
    title: str
    items: list[ContentItem]


def _lines(value: Any) -> list[str]:
    """A stored answer as lines of text: rows of a table joined, yes/no for a tick."""
    if value is None or value == "":
        return []
    if isinstance(value, bool):
        return [gettext("Yes") if value else gettext("No")]
    if isinstance(value, dict):
        return [" · ".join(str(v) for v in value.values() if v not in (None, ""))]
    if isinstance(value, list | tuple):
        return [line for part in value for line in _lines(part)]
    return [str(value)]


def _item_lines(referral: Referral, item_id: str) -> list[str]:
    content = referral.content or {}
    if item_id == "clinic":
        return [referral.clinic.name] if referral.clinic else []
    if item_id == "bmi":
        bmi = services.referral_bmi(referral)
        if bmi is None:
            return []
        return [gettext("%(weight)s kg, %(height)s cm, BMI %(bmi)s")
                % {"weight": referral.weight_kg, "height": referral.height_cm, "bmi": bmi}]
    lines = _lines(content.get(item_id))
    if item_id in ROW_KEYS:
        lines += _lines(content.get(ROW_KEYS[item_id]))
    return lines


def _sections(referral: Referral, state: Completeness) -> list[ContentSection]:
    missing = {item for items in state.missing_by_section.values() for item in items}
    with_language = services.other_language(referral)
    sections = []
    for section_id, title in SECTIONS:
        if section_id == "language" and not with_language:
            continue
        items = [
            ContentItem(gettext(item.label), _item_lines(referral, item.id), item.id in missing,
                        item.essential)
            for item in CHECKLIST
            if item.section == section_id
        ]
        sections.append(ContentSection(section_id, gettext(title), items))
    return sections


def _reasons(suggestion: TriageSuggestion) -> list[str]:
    return [gettext(reason) for reason in suggestion.reasons]


def _staff_clinic(request: HttpRequest) -> int | None:
    clinics = roles.clinic_ids(request.user, "coordinator", "physician")
    return min(clinics) if clinics else None


def _get(request: HttpRequest, referral_id: int, *, action: str = "read") -> Referral:
    try:
        return services.get_referral(request.user, referral_id, action=action)
    except Referral.DoesNotExist:
        raise Http404("no such referral") from None


# --- The inbox ---------------------------------------------------------------------------


@clinic_staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    """New referrals first, oldest first; then the latest decided."""
    referrals = services.referrals_for(request.user).select_related("referrer__user", "clinic")
    waiting = referrals.filter(status__in=OPEN_STATUSES).order_by("sent_at", "pk")
    rows = [
        InboxRow(r, services.referral_completeness(r), services.triage(r)) for r in waiting
    ]
    decided = referrals.exclude(status__in=OPEN_STATUSES).order_by("-decided_at", "-pk")[:50]
    audit.record(actor=request.user, action="list", object_type="referrals.referral",
                 clinic=_staff_clinic(request), reason="referral inbox")
    return render(request, "referrals/clinic_inbox.html", {"rows": rows, "decided": decided})


# --- One referral and the decision -------------------------------------------------------


def _detail_context(referral: Referral, form: DecisionForm | None) -> dict[str, Any]:
    state = services.referral_completeness(referral)
    suggestion = services.triage(referral)
    is_open = referral.status in OPEN_STATUSES
    if is_open and form is None:
        form = DecisionForm(referral=referral, initial={"deadline": suggestion.deadline})
    return {
        "referral": referral,
        "completeness": state,
        "sections": _sections(referral, state),
        "suggestion": suggestion,
        "reasons": _reasons(suggestion),
        "attachments": referral.attachments.all(),
        "events": referral.events.select_related("by"),
        "form": form if is_open else None,
        "has_letter": has_letter(referral),
    }


@clinic_staff_required
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _get(request, referral_id)
    # Opening a new referral is the start of its assessment: the referrer sees it moved on.
    services.start_assessment(user=request.user, referral=referral)
    return render(request, "referrals/clinic_referral.html", _detail_context(referral, None))


@clinic_staff_required
@require_POST
def decide(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _get(request, referral_id, action="update")
    form = DecisionForm(request.POST, referral=referral)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(
                user=request.user, referral=referral, decision=data["decision"],
                reason=data["reason"] or "", deadline=data["deadline"],
                forward_to=data["forward_to"],
            )
        except services.ReferralError as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, gettext("The decision is saved: %(status)s.")
                             % {"status": referral.get_status_display()})
            return redirect("workspace:referral_inbox:referral", referral_id=referral.pk)
    referral.refresh_from_db()
    return render(request, "referrals/clinic_referral.html", _detail_context(referral, form),
                  status=400)


@clinic_staff_required
def letter(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _get(request, referral_id, action="print")
    if not has_letter(referral):
        raise Http404("only a decided referral has a letter")
    services.record_letter(user=request.user, referral=referral)
    return pdf_response(letter_pdf(referral=referral, request=request),
                        filename=letter_filename(referral))


# --- The waiting list --------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingSection:
    id: str
    title: str
    rows: list[tuple[services.WaitingRow, AppointmentForm]]


def _received_key(row: services.WaitingRow) -> tuple[dt.datetime, int]:
    return (row.referral.sent_at or row.referral.created_at, row.referral.pk)


def _waiting_sections(rows: list[services.WaitingRow],
                      filters: WaitingListFilter) -> list[WaitingSection]:
    data = filters.cleaned_data if filters.is_valid() else {}
    if data.get("state"):
        rows = [r for r in rows if r.state == data["state"]]
    if data.get("complaint"):
        rows = [r for r in rows if r.referral.complaint == data["complaint"]]
    if data.get("sort") == "received":
        rows = sorted(rows, key=_received_key)

    def with_forms(state_rows: list[services.WaitingRow]) -> list[Any]:
        return [
            (row, AppointmentForm(initial={"referral": row.referral.pk,
                                           "appointment_on": row.referral.appointment_on},
                                  auto_id=f"id_%s_{row.referral.pk}"))
            for row in state_rows
        ]

    # Breached and at risk on top: they are what the coordinator must act on today.
    return [
        WaitingSection("missed", gettext("Deadline missed (fristbrudd)"),
                       with_forms([r for r in rows if r.state == "missed"])),
        WaitingSection("at_risk", gettext("At risk: 14 days or less and no appointment"),
                       with_forms([r for r in rows if r.state == "at_risk"])),
        WaitingSection("rest", gettext("Within the deadline"),
                       with_forms([r for r in rows if r.state in ("ok", "met")])),
    ]


@clinic_staff_required
def waiting(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _book(request)
    today = timezone.localdate()
    rows = services.waiting_list(user=request.user, today=today)
    filters = WaitingListFilter(request.GET or None)
    return render(request, "referrals/clinic_waiting.html", {
        "filters": filters,
        "sections": _waiting_sections(rows, filters),
        "total": len(rows),
        "today": today,
        "query": request.GET.urlencode(),
    })


def _book(request: HttpRequest) -> HttpResponse:
    form = AppointmentForm(request.POST)
    back = reverse("workspace:referral_inbox:waiting")
    if request.GET:
        back += f"?{request.GET.urlencode()}"
    if not form.is_valid():
        messages.error(request, gettext("Give the appointment as a date."))
        return redirect(back)
    referral = _get(request, form.cleaned_data["referral"], action="update")
    on = form.cleaned_data["appointment_on"]
    try:
        services.book_first_appointment(user=request.user, referral=referral, on=on)
    except services.ReferralError as exc:
        messages.error(request, "; ".join(gettext(m) for m in exc.errors.values()))
    else:
        if on:
            messages.success(request, gettext("Referral %(number)s: first appointment %(date)s.")
                             % {"number": referral.pk, "date": on.strftime("%d.%m.%Y")})
        else:
            messages.success(request, gettext("Referral %(number)s: appointment removed.")
                             % {"number": referral.pk})
    return redirect(back)


CSV_COLUMNS = ["referral_id", "received", "deadline", "days_left", "state", "appointment_on",
               "complaint"]


@clinic_staff_required
def waiting_csv(request: HttpRequest) -> HttpResponse:
    """The waiting list for reporting: no names, no identity numbers."""
    today = timezone.localdate()
    rows = services.waiting_list(user=request.user, today=today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="venteliste-{today.isoformat()}.csv"'
    response["Cache-Control"] = "no-store, private"
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        referral = row.referral
        received = referral.received_on
        writer.writerow([
            referral.pk,
            received.isoformat() if received else "",
            referral.deadline.isoformat() if referral.deadline else "",
            row.days_left,
            row.state,
            referral.appointment_on.isoformat() if referral.appointment_on else "",
            referral.complaint,
        ])
    audit.record(actor=request.user, action="export", object_type="referrals.referral",
                 clinic=_staff_clinic(request), reason="waiting list CSV")
    return response
