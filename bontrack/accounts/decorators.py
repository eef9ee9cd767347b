"""View guards by role. They decide who may open a page; what they see comes from `access`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from bontrack.accounts import roles

View = Callable[..., HttpResponse]


def _guard(allowed: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


patient_required = _guard(roles.is_patient)
referrer_required = _guard(roles.is_referrer)
staff_required = _guard(roles.is_clinic_staff)
physician_required = _guard(roles.is_physician)
clinic_admin_required = _guard(roles.is_clinic_admin)


def role_required(*role_names: str) -> Callable[[View], View]:
    """Clinic staff holding any of the given roles at some clinic."""
    return _guard(lambda user: bool(roles.clinic_ids(user, *role_names)))
