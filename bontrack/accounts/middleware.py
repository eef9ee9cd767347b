"""Request id and client address for audit rows; idle time-out; the second factor for staff."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bontrack.accounts import context, roles

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
Handler = Callable[[HttpRequest], HttpResponse]


class RequestContextMiddleware:
    """Give every request an id (kept from X-Request-ID when sane) and note the client address."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        ip = request.META.get("REMOTE_ADDR") or None
        if settings.SECURE_PROXY_SSL_HEADER and request.headers.get("X-Forwarded-For"):
            # Behind our own proxy only: the left-most address is the client.
            ip = request.headers["X-Forwarded-For"].split(",")[0].strip() or ip
        token = context.activate(context.RequestContext(request_id=request_id, ip=ip))
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class IdleTimeoutMiddleware:
    """Log out a session that has been idle too long: 30 minutes for staff."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            limit = (
                settings.STAFF_IDLE_TIMEOUT_SECONDS
                if roles.needs_two_factor(user)
                else settings.PATIENT_IDLE_TIMEOUT_SECONDS
            )
            last = request.session.get("last_seen")
            if last is not None and now - int(last) > limit:
                logout(request)
                messages.info(request, _("You were logged out after a period of inactivity."))
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "session expired"}, status=401)
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            # Write at most once a minute: a session save per request would be wasted I/O.
            if last is None or now - int(last) >= 60:
                request.session["last_seen"] = now
        return self.get_response(request)


# The areas that hold patient data or administration; public pages stay open to a staff user
# who has given the password but not yet the code.
_OTP_GUARDED = ("/klinikk/", "/portal/", "/henvisning/", "/admin/", "/api/", "/hjem/")


class StaffTwoFactorMiddleware:
    """Staff and platform admins must pass TOTP before any other page."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and request.path.startswith(_OTP_GUARDED)
            and roles.needs_two_factor(user)
            and not getattr(user, "is_verified", lambda: False)()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "two-factor verification required"}, status=401)
            return redirect(f"/logg-inn/kode/?next={request.path}")
        return self.get_response(request)
