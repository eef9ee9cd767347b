"""API routes of the accounts app: who am I."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from bontrack.accounts import roles

router = Router(tags=["accounts"], auth=django_auth)


class Me(Schema):
    email: str
    full_name: str
    role: str
    clinic_ids: list[int]


@router.get("/me", response=Me, summary="The logged-in user and their role")
def me(request: HttpRequest) -> Me:
    user = request.user
    return Me(
        email=user.email,  # type: ignore[union-attr]
        full_name=user.get_full_name(),  # type: ignore[union-attr]
        role=roles.primary_role(user),
        clinic_ids=sorted(roles.clinic_ids(user)),
    )
