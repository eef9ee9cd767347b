"""What a user is: patient, referrer, clinic staff (by role and clinic), platform admin."""

from __future__ import annotations

from typing import Any

from bontrack.accounts.models import Membership, Role

STAFF_ROLES = {Role.COORDINATOR, Role.PHYSICIAN, Role.CLINIC_ADMIN}


def _cache(user: Any) -> dict[str, Any]:
    # Roles are asked for many times in one request; memoise them on the user object.
    cached: dict[str, Any] | None = getattr(user, "_bontrack_roles", None)
    if cached is None:
        memberships = list(
            Membership.objects.filter(user_id=user.pk, clinic__is_active=True).values_list(
                "clinic_id", "role"
            )
        )
        cached = {"memberships": memberships}
        user._bontrack_roles = cached
    return cached


def clinic_ids(user: Any, *roles: str) -> set[int]:
    """Clinics where the user holds any of `roles` (any staff role when none are given)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    wanted = set(roles) or {r.value for r in STAFF_ROLES}
    return {clinic for clinic, role in _cache(user)["memberships"] if role in wanted}


def is_clinic_staff(user: Any) -> bool:
    return bool(clinic_ids(user))


def is_physician(user: Any) -> bool:
    return bool(clinic_ids(user, Role.PHYSICIAN))


def is_coordinator(user: Any) -> bool:
    return bool(clinic_ids(user, Role.COORDINATOR))


def is_clinic_admin(user: Any) -> bool:
    return bool(clinic_ids(user, Role.CLINIC_ADMIN))


def is_patient(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and hasattr(user, "patient")


def is_referrer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and hasattr(user, "referrer")


def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


def needs_two_factor(user: Any) -> bool:
    """Every staff role and every platform administrator logs in with a second factor."""
    return is_clinic_staff(user) or is_platform_admin(user)


def primary_role(user: Any, clinic_id: int | None = None) -> str:
    """The role to record in an audit row: the strongest the user holds (at that clinic)."""
    if not getattr(user, "is_authenticated", False):
        return "anonymous"
    memberships = _cache(user)["memberships"]
    held = {role for clinic, role in memberships if clinic_id is None or clinic == clinic_id}
    for role in (Role.PHYSICIAN, Role.COORDINATOR, Role.CLINIC_ADMIN):
        if role in held:
            return str(role.value)
    if is_patient(user):
        return "patient"
    if is_referrer(user):
        return "referrer"
    if is_platform_admin(user):
        return "platform_admin"
    return "user"


def home_url(user: Any) -> str:
    """Where a user lands after logging in."""
    if is_clinic_staff(user):
        return "/klinikk/"
    if is_patient(user):
        return "/portal/"
    if is_referrer(user):
        return "/henvisning/"
    if is_platform_admin(user):
        return "/admin/"
    return "/"
