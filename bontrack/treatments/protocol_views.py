"""The clinic's saved injection protocols under /klinikk/protokoller/.

Coordinators and physicians of the clinic read them; its administrator creates, changes and
deletes them. bontrack.treatments.protocols owns the checks (through bontrack.clinical), the
rule that a protocol in use keeps its name, and the audit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from bontrack.accounts.decorators import role_required
from bontrack.accounts.models import Clinic, Role
from bontrack.clinical.rules import LABEL_LIMITS
from bontrack.treatments import protocols
from bontrack.treatments.models import CustomProtocol
from bontrack.treatments.protocol_forms import (
    BLANK_ROWS,
    ProtocolForm,
    line_formset,
    posted_rows,
)

staff_required = role_required(*protocols.STAFF)
admin_required = role_required(Role.CLINIC_ADMIN)

LIST = "workspace:treatment_protocols:index"
DETAIL = "workspace:treatment_protocols:detail"


def _summary(request: HttpRequest, protocol_id: int) -> protocols.ProtocolSummary:
    try:
        return protocols.get_protocol(user=request.user, protocol_id=protocol_id)
    except CustomProtocol.DoesNotExist:
        raise Http404("no such protocol at your clinics") from None


def _admin_summary(request: HttpRequest, protocol_id: int) -> protocols.ProtocolSummary:
    summary = _summary(request, protocol_id)
    if not summary.can_edit:
        raise PermissionDenied
    return summary


def _admin_clinics(request: HttpRequest) -> list[tuple[int, str]]:
    ids = protocols.admin_clinics(request.user)
    return list(Clinic.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


def _limits() -> dict[str, Any]:
    return {"per_site": LABEL_LIMITS.max_units_per_site,
            "per_session": LABEL_LIMITS.max_units_per_session, "rules": LABEL_LIMITS.name}


@staff_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    found = protocols.list_protocols(user=request.user)
    clinics: dict[str, list[protocols.ProtocolSummary]] = {}
    for summary in found:
        clinics.setdefault(summary.saved.clinic.name, []).append(summary)
    return render(request, "treatments/protocol_list.html", {
        "clinics": clinics,
        "can_create": bool(protocols.admin_clinics(request.user)),
        "several_clinics": len(protocols.staff_clinics(request.user)) > 1,
    })


@staff_required
@require_GET
def detail(request: HttpRequest, protocol_id: int) -> HttpResponse:
    summary = _summary(request, protocol_id)
    return render(request, "treatments/protocol_detail.html", {
        "p": summary,
        "in_use": protocols.in_use_reason(summary),
        "limits": _limits(),
    })


def _removed(row: Any) -> bool:
    return bool(row.data.get(row.add_prefix("DELETE")))


def _form_page(request: HttpRequest, *, form: ProtocolForm, rows: Any,
               summary: protocols.ProtocolSummary | None, errors: dict[str, str] | None = None,
               status: int = 200) -> HttpResponse:
    """The form with every problem listed at the top and beside its row."""
    errors = errors or {}
    row_forms = list(rows.forms)
    row_errors: dict[int, str] = {}
    # The service numbers the rows it was given; blank and removed rows were not given.
    given = [n for n, f in enumerate(row_forms) if f.is_bound and f.is_valid() and f.line()]
    for key, text in errors.items():
        if key.startswith("row-") and int(key[4:]) < len(given):
            row_errors[given[int(key[4:])]] = text
    for field in ("name", "description", "clinic"):
        if field in errors and field in form.fields:
            form.add_error(field, errors[field])
    summary_rows: list[tuple[str, str]] = []
    for n, row in enumerate(row_forms):
        if row.is_bound and not _removed(row):
            for field_name, field_errors in row.errors.items():
                anchor = f"id_{row.prefix}-{field_name}" if field_name != "__all__" else \
                    f"id_{row.prefix}-muscle"
                summary_rows += [(anchor, gettext("Row %(n)s: %(error)s") % {
                    "n": n + 1, "error": e}) for e in field_errors]
        if n in row_errors:
            summary_rows.append((f"id_{row.prefix}-muscle", gettext(
                "Row %(n)s: %(error)s") % {"n": n + 1, "error": row_errors[n]}))
    if rows.is_bound:
        summary_rows += [("protocol-rows", str(e)) for e in rows.non_form_errors()]
    if errors.get("rows"):
        summary_rows.append(("protocol-rows", errors["rows"]))
    return render(request, "treatments/protocol_form.html", {
        "form": form, "rows": rows, "p": summary,
        "row_errors": row_errors, "rows_error": errors.get("rows", ""),
        "error_list": summary_rows, "limits": _limits(), "blank_rows": BLANK_ROWS,
        "has_errors": bool(form.errors or summary_rows),
    }, status=status)


def _save(request: HttpRequest, summary: protocols.ProtocolSummary | None,
          clinics: list[tuple[int, str]]) -> HttpResponse:
    """Check the posted form and rows, then create or update; nothing is stored on errors."""
    in_use = protocols.in_use_reason(summary) if summary else ""
    form = ProtocolForm(request.POST, clinics=clinics, in_use=in_use)
    if request.POST.get("action") == "add_rows":
        more = ProtocolForm(initial={k: request.POST.get(k, "") for k in form.fields},
                            clinics=clinics, in_use=in_use)
        rows = line_formset(lines=posted_rows(request.POST), blank=BLANK_ROWS)
        return _form_page(request, form=more, rows=rows, summary=summary)
    rows = line_formset(request.POST)
    if not (form.is_valid() & rows.is_valid()):
        return _form_page(request, form=form, rows=rows, summary=summary, status=400)
    lines = [line for line in (f.line() for f in rows.forms) if line is not None]
    data = form.cleaned_data
    try:
        if summary is None:
            clinic_id = data.get("clinic") or clinics[0][0]
            saved = protocols.create_protocol(
                user=request.user, clinic_id=clinic_id, name=data["name"],
                description=data["description"], lines=lines)
            messages.success(request, gettext("Protocol %(name)s is saved.") % {
                "name": saved.name})
        else:
            saved = protocols.update_protocol(
                user=request.user, protocol_id=summary.saved.pk, name=data["name"],
                description=data["description"], lines=lines)
            messages.success(request, gettext("Protocol %(name)s is changed.") % {
                "name": saved.name})
    except protocols.ProtocolInputError as exc:
        return _form_page(request, form=form, rows=rows, summary=summary, errors=exc.errors,
                          status=400)
    return redirect(DETAIL, protocol_id=saved.pk)


@admin_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    clinics = _admin_clinics(request)
    if request.method == "POST":
        return _save(request, None, clinics)
    form = ProtocolForm(clinics=clinics)
    return _form_page(request, form=form, rows=line_formset(blank=4), summary=None)


@staff_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, protocol_id: int) -> HttpResponse:
    summary = _admin_summary(request, protocol_id)
    if request.method == "POST":
        return _save(request, summary, [])
    form = ProtocolForm(clinics=[], in_use=protocols.in_use_reason(summary), initial={
        "name": summary.saved.name, "description": summary.saved.description})
    rows = line_formset(lines=[line.to_json() for line in summary.lines])
    return _form_page(request, form=form, rows=rows, summary=summary)


@staff_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, protocol_id: int) -> HttpResponse:
    summary = _admin_summary(request, protocol_id)
    context = {"p": summary, "in_use": protocols.in_use_reason(summary)}
    if request.method == "GET":
        return render(request, "treatments/protocol_delete.html", context)
    try:
        name = protocols.delete_protocol(user=request.user, protocol_id=summary.saved.pk)
    except protocols.ProtocolInputError as exc:
        context["in_use"] = exc.errors.get("protocol", str(exc))
        return render(request, "treatments/protocol_delete.html", context, status=409)
    messages.success(request, gettext("Protocol %(name)s is deleted.") % {"name": name})
    return redirect(LIST)
