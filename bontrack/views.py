"""Project-level pages: the start page and the health probes."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "start.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers and every migration is applied."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # any database failure means "not ready", never a 500
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable", "error": type(exc).__name__},
            status=503,
        )
    if pending:
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "pending_migrations": len(pending)},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "pending_migrations": 0})


def placeholder(request: HttpRequest, *, title: str, lead: str) -> HttpResponse:
    """A face of bontrack whose issue has not landed yet."""
    return render(request, "placeholder.html", {"title": title, "lead": lead})
