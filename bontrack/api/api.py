"""The JSON API under /api/v1/: one ninja router per app, added as each app grows one."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from bontrack.accounts.api import router as accounts_router
from bontrack.patients.api import router as patients_router

api = NinjaAPI(
    title="bontrack API",
    version="1",
    description="JSON API for bontrack. Every route is scoped by the caller's role and clinic.",
    urls_namespace="api-v1",
    # The interactive docs page loads inline script, which our CSP forbids; the schema
    # itself is served at /api/v1/openapi.json.
    docs_url=None,
)


class ServiceInfo(Schema):
    name: str
    api_version: str


@api.get("/info", response=ServiceInfo, tags=["meta"], summary="Service name and API version")
def info(request: HttpRequest) -> ServiceInfo:
    return ServiceInfo(name="bontrack", api_version="1")


api.add_router("/", accounts_router)
api.add_router("/", patients_router)
