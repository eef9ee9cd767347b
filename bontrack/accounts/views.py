"""Log-in with a second factor for staff, log-out, password reset, and the audit pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from bontrack.accounts import access, audit, otp, roles
from bontrack.accounts.decorators import clinic_admin_required, physician_required
from bontrack.accounts.forms import AuditSearchForm, BreakGlassForm, EmailLoginForm, TokenForm


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# Where a visitor was going tells them why they are asked to log in.
LOGIN_REASONS = (
    (
        "/portal/",
        gettext_lazy("Log in to use the patient portal: your diary, treatments and data."),
    ),
    ("/klinikk/", gettext_lazy("Log in to the clinic workspace. Staff confirm with a code.")),
    ("/henvisning/", gettext_lazy("Log in as a GP or specialist to send and follow referrals.")),
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailLoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        target = self.request.GET.get("next", "")
        for prefix, why in LOGIN_REASONS:
            if target.startswith(prefix):
                context["login_reason"] = why
        return context

    def get_success_url(self) -> str:
        user = self.request.user
        target = _safe_next(self.request, roles.home_url(user))
        # A password alone never verifies staff: the second factor comes next.
        if roles.needs_two_factor(user):
            step = "accounts:otp_verify" if otp.confirmed_device(user) else "accounts:otp_enrol"
            return f"{reverse(step)}?next={target}"
        return target


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    device = otp.confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:otp_enrol')}?next={_safe_next(request, '')}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if device.verify_token(token):
            otp_login(request, device)
            return redirect(_safe_next(request, roles.home_url(request.user)))
        device.refresh_from_db()
        form.add_error("token", otp.refusal_reason(device, token))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": _safe_next(request, ""), "demo_code": otp.demo_code(device)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    if otp.confirmed_device(request.user) is not None:
        return redirect(f"{reverse('accounts:otp_verify')}?next={_safe_next(request, '')}")
    device = otp.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-step log-in is set up."))
            return redirect(_safe_next(request, roles.home_url(request.user)))
        device.refresh_from_db()
        form.add_error("token", otp.refusal_reason(device, token))
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "next": _safe_next(request, ""),
            "qr_svg": otp.qr_svg(device),
            "secret": otp.base32_secret(device),
        },
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(roles.home_url(request.user))


class LogoutView(auth_views.LogoutView):
    next_page = "/"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@physician_required
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = access.start_break_glass(
                request.user,
                national_id=form.cleaned_data["national_id"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error("reason", exc)
        except Http404:
            form.add_error("national_id", _("No patient has this identity number."))
        else:
            messages.warning(
                request,
                _("Emergency access is open until %(time)s. It is logged and shown to the patient.")
                % {"time": grant.expires_at.astimezone().strftime("%H:%M")},
            )
            return redirect("workspace:patient", patient_id=grant.patient_id)
    return render(request, "accounts/break_glass.html", {"form": form})


@clinic_admin_required
def audit_search(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    events = access.audit_events_for_clinic_admin(request.user).select_related("actor", "clinic")
    if form.is_bound and not form.is_valid():
        events = events.none()  # a search that cannot be understood shows nothing, not everything
    elif form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        if data.get("national_id"):
            events = events.filter(patient__national_id=data["national_id"])
        if data.get("actor"):
            events = events.filter(actor__email__iexact=data["actor"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
    page = Paginator(events.order_by("-seq"), 50).get_page(request.GET.get("side"))
    # Read the page before this search writes its own row, so the count and the rows agree.
    page.object_list = list(page.object_list)
    audit.record(
        actor=request.user,
        action="audit_search",
        object_type="accounts.auditevent",
        clinic=min(roles.clinic_ids(request.user, "clinic_admin")),
    )
    return render(request, "accounts/audit_search.html", {"form": form, "page": page})
