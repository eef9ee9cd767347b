"""The referrer's pages (/henvisning/): write a referral, see what is missing, send it, follow
its status, answer the clinic's question."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bontrack.accounts import audit, roles
from bontrack.accounts.decorators import referrer_required
from bontrack.clinical.referral import CHECKLIST, SECTIONS
from bontrack.referrals import attachments, services
from bontrack.referrals.forms import (
    CHOICE_ITEMS,
    ITEM_FIELDS,
    ITEM_LABELS,
    SECTION_LABELS,
    SEND_FIELDS,
    AnswerForm,
    AttachmentForm,
    ReferralForm,
)
from bontrack.referrals.models import Attachment, Referral, Status

# The service's own field names for a problem, mapped onto the form's.
SERVICE_FIELDS = {"clinic": "clinic"}


def _own(request: HttpRequest, referral_id: int, *, action: str = "read") -> Referral:
    try:
        return services.get_referral(request.user, referral_id, action=action)
    except Referral.DoesNotExist:
        raise Http404 from None


def meter(referral: Referral) -> dict[str, Any]:
    """The completeness meter's context: score and what is missing, section by section."""
    state = services.referral_completeness(referral)
    sections = []
    for_sending = [name for name in SEND_FIELDS if not getattr(referral, name)]
    if for_sending:
        sections.append({"label": SECTION_LABELS["patient"], "items": [
            {"label": ITEM_LABELS[name], "field": name, "essential": True}
            for name in for_sending
        ]})
    for section, _english in SECTIONS:
        missing = state.missing_by_section.get(section, [])
        if missing:
            sections.append({"label": SECTION_LABELS[section], "items": [
                {"label": ITEM_LABELS[item], "field": ITEM_FIELDS.get(item, item),
                 "essential": item in state.missing_essential}
                for item in missing
            ]})
    return {
        "score": state.score,
        "present": state.present,
        "applicable": state.applicable,
        "sections": sections,
        "ready": state.ready_to_send and not for_sending,
        "bmi": services.referral_bmi(referral),
    }


def summary(referral: Referral) -> list[dict[str, Any]]:
    """What the referral says, section by section, in the referrer's words."""
    content = referral.content or {}
    choices = {name: dict(field.choices)  # type: ignore[attr-defined]
               for name, field in ReferralForm().fields.items()
               if name in CHOICE_ITEMS or name.endswith(("_kind", "_outcome", "_benefit"))}
    rows: dict[str, list[str]] = {
        "diagnoses": [" ".join(filter(None, (r.get("system"), r.get("code"), r.get("text"))))
                      for r in content.get("diagnosis_rows", [])],
        "medication": [
            " · ".join(filter(None, (
                r.get("name"), str(choices["med_0_kind"].get(r.get("kind"), "")) if r.get("kind")
                else "", r.get("dose"),
                str(choices["med_0_outcome"].get(r.get("outcome"), "")) if r.get("outcome")
                else "", r.get("effect"), r.get("side_effects"))))
            for r in content.get("medication_rows", [])
        ],
        "nav_benefits": [f"{choices['nav_0_benefit'].get(r.get('benefit'), '')} "
                         f"{r.get('percent') if r.get('percent') is not None else ''} %"
                         for r in content.get("nav_rows", [])],
    }
    sections = []
    for section, _english in SECTIONS:
        if section == "language" and not content.get("other_language"):
            continue
        items = []
        for item in CHECKLIST:
            if item.section != section:
                continue
            if item.id == "clinic":
                lines = [str(referral.clinic or "")]
            elif item.id == "bmi":
                bmi = services.referral_bmi(referral)
                lines = [_("%(weight)s kg, %(height)s cm, BMI %(bmi)s") % {
                    "weight": formats.localize(referral.weight_kg),
                    "height": formats.localize(referral.height_cm), "bmi": formats.localize(bmi),
                }] if bmi else []
            else:
                value = content.get(item.id) or ""
                value = str(choices.get(item.id, {}).get(value, value)) if value else ""
                lines = rows.get(item.id, []) + ([value] if value.strip() else [])
            items.append({"label": ITEM_LABELS[item.id], "lines": [x for x in lines if x]})
        sections.append({"label": SECTION_LABELS[section], "items": items})
    return sections


def _meter_partial(request: HttpRequest, preview: Referral) -> HttpResponse:
    return render(request, "referrals/referrer_meter.html", {"meter": meter(preview)})


def _apply_service_errors(form: ReferralForm, error: services.ReferralError) -> None:
    for field, message in error.errors.items():
        name = SERVICE_FIELDS.get(field, field)
        form.add_error(name if name in form.fields else None, message)


@referrer_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    referrals = services.referrals_for(request.user).select_related("clinic")
    audit.record(actor=request.user, action="list", object_type="referrals.referral",
                 reason="own referrals")
    return render(request, "referrals/referrer_list.html", {
        "referrals": referrals, "referrer": request.user.referrer,  # type: ignore[union-attr]
    })


def _edit_page(request: HttpRequest, form: ReferralForm, referral: Referral | None, *,
               attachment_form: AttachmentForm | None = None,
               send_errors: list[Any] | None = None) -> HttpResponse:
    shown = referral
    if form.is_bound and hasattr(form, "cleaned_data"):
        shown = form.preview(referral)
    return render(request, "referrals/referrer_form.html", {
        "form": form,
        "referral": referral,
        "meter": meter(shown or Referral()),
        "attachment_form": attachment_form or AttachmentForm(),
        "attachments": referral.attachments.all() if referral else [],
        "send_errors": send_errors or [],
    })


@referrer_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _edit_page(request, ReferralForm(), None)
    form = ReferralForm(request.POST, request.FILES)
    if request.htmx:  # type: ignore[attr-defined]
        form.is_valid()
        return _meter_partial(request, form.preview(None))
    if form.is_valid():
        try:
            referral = services.save_draft(user=request.user, data=form.draft_data())
        except services.ReferralError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Nothing is sent yet."))
            return redirect("referrals:detail", referral.pk)
    return _edit_page(request, form, None)


@referrer_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _own(request, referral_id, action="write" if request.method == "POST" else "read")
    if not referral.is_draft:
        if request.method == "POST":
            raise PermissionDenied
        return _status_page(request, referral)
    if request.method == "GET":
        return _edit_page(request, ReferralForm(initial=ReferralForm.initial_from(referral)),
                          referral)
    form = ReferralForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.save_draft(user=request.user, referral=referral, data=form.draft_data())
        except services.ReferralError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Nothing is sent yet."))
            return redirect("referrals:detail", referral.pk)
    referral.refresh_from_db()
    return _edit_page(request, form, referral)


def _status_page(request: HttpRequest, referral: Referral, *,
                 answer_form: AnswerForm | None = None, status: int = 200) -> HttpResponse:
    events = list(referral.events.select_related("by"))
    question = next((e for e in reversed(events) if e.kind == e.Kind.QUESTION), None)
    return render(request, "referrals/referrer_status.html", {
        "referral": referral,
        "events": events,
        "question": question,
        "answer_form": answer_form or AnswerForm(),
        "can_answer": referral.status == Status.RETURNED,
        "attachments": referral.attachments.all(),
        "bmi": services.referral_bmi(referral),
        "sent_event": next((e for e in events if e.kind == e.Kind.SENT), None),
        "summary": summary(referral),
    }, status=status)


@referrer_required
@require_POST
def completeness(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _own(request, referral_id)
    if not referral.is_draft:
        raise PermissionDenied
    form = ReferralForm(request.POST)
    form.is_valid()  # the meter counts what validated; errors are shown on saving
    return _meter_partial(request, form.preview(referral))


@referrer_required
@require_POST
def send(request: HttpRequest, referral_id: int) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        # Only the button sends; a background request must never (see referrer_form.html).
        return HttpResponseBadRequest()
    referral = _own(request, referral_id, action="write")
    if not referral.is_draft:
        raise PermissionDenied
    # The send button submits the whole form, so what is on screen is saved first.
    form = ReferralForm(request.POST, request.FILES)
    if "patient_language" in request.POST:
        if not form.is_valid():
            return _edit_page(request, form, referral)
        try:
            referral = services.save_draft(user=request.user, referral=referral,
                                           data=form.draft_data())
        except services.ReferralError as exc:
            _apply_service_errors(form, exc)
            return _edit_page(request, form, referral)
    try:
        services.send(user=request.user, referral=referral)
    except services.ReferralError as exc:
        missing = [ITEM_LABELS.get(name, name) for name in exc.errors]
        referral.refresh_from_db()
        form = ReferralForm(initial=ReferralForm.initial_from(referral))
        return _edit_page(request, form, referral, send_errors=missing)
    messages.success(request, _("The referral is sent to %(clinic)s.") % {
        "clinic": referral.clinic})
    return redirect("referrals:detail", referral.pk)


@referrer_required
@require_POST
def answer(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _own(request, referral_id, action="write")
    if referral.status != Status.RETURNED:
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_question(user=request.user, referral=referral,
                                     text=form.cleaned_data["text"])
        except services.ReferralError as exc:
            form.add_error("text", exc.errors.get("text", str(exc)))
        else:
            messages.success(request, _("Your answer is sent. The clinic assesses the referral "
                                        "again."))
            return redirect("referrals:detail", referral.pk)
    return _status_page(request, referral, answer_form=form)


@referrer_required
@require_POST
def upload(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _own(request, referral_id, action="write")
    if not referral.is_draft:
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stored = attachments.store(user=request.user, referral=referral,
                                       upload=form.cleaned_data["file"])
        except attachments.AttachmentError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("%(name)s is attached.") % {"name": stored.original_name})
            return redirect(reverse("referrals:detail", args=[referral.pk]) + "#attachments")
    return _edit_page(request, ReferralForm(initial=ReferralForm.initial_from(referral)),
                      referral, attachment_form=form)


@require_http_methods(["GET", "POST"])
def attachment(
    request: HttpRequest, referral_id: int, attachment_id: int
) -> HttpResponse | FileResponse:
    """Download (GET) for the referrer and the receiving clinic; remove (POST) from a draft."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (roles.is_referrer(request.user) or roles.is_clinic_staff(request.user)):
        raise PermissionDenied
    referral = _own(request, referral_id)
    try:
        item = referral.attachments.get(pk=attachment_id)
    except Attachment.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        attachments.remove(user=request.user, attachment=item)
        messages.success(request, _("%(name)s is removed.") % {"name": item.original_name})
        return redirect(reverse("referrals:detail", args=[referral.pk]) + "#attachments")
    if item.scan != Attachment.Scan.CLEAN:
        raise Http404
    audit.record(actor=request.user, action="export", obj=item, patient=referral.patient,
                 clinic=referral.clinic_id, reason="referral attachment")
    response = FileResponse(item.file.open("rb"), as_attachment=True,
                            filename=item.original_name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
