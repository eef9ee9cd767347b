"""The moderation queue at /moderering/, for platform administrators.

One page lists pending experiences, clinic replies held by the moderation check and open
reports of abuse, each with its actions as small POST forms. An action that fails (a reason
left out, say) shows the queue again with the message at the item. The work is in
bontrack.directory.moderation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from bontrack.accounts import roles
from bontrack.directory import moderation
from bontrack.directory.ratings import Refused

QUEUE = "moderation:queue"
View = Callable[..., HttpResponse]


def platform_admin_required(view: View) -> View:
    """Platform administrators only: anonymous visitors log in, everyone else gets 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles.is_platform_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@dataclass
class Failure:
    """A failed action, shown at its item: which form, which field, what, and the input."""

    kind: str
    pk: int
    action: str
    field: str
    message: str
    values: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def field_id(self) -> str:
        return f"{self.kind}-{self.pk}-{self.action}-{self.field}"


def _queue_page(request: HttpRequest, failure: Failure | None = None, status: int = 200
                ) -> HttpResponse:
    return render(
        request,
        "directory/moderation_queue.html",
        {"queue": moderation.queue(moderator=request.user), "failure": failure},
        status=status,
    )


@platform_admin_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request)


def _act(request: HttpRequest, key: tuple[str, int, str], action: Callable[[], object],
         done: str, values: dict[str, str]) -> HttpResponse:
    try:
        action()
    except Refused as exc:
        if exc.field is None:
            messages.error(request, exc.message)
            return redirect(QUEUE)
        return _queue_page(request, Failure(*key, exc.field, exc.message, values), status=400)
    messages.success(request, done)
    return redirect(QUEUE)


def _unknown(request: HttpRequest) -> HttpResponse:
    messages.error(request, gettext("Choose one of the actions."))
    return redirect(QUEUE)


@platform_admin_required
@require_POST
def rating(request: HttpRequest, pk: int) -> HttpResponse:
    """approve, reject (with a reason) or edit (new text and a note) a pending experience."""
    action = request.POST.get("action", "")
    post = request.POST
    me = request.user
    if action == "approve":
        return _act(request, ("rating", pk, "approve"),
                    lambda: moderation.approve(rating_id=pk, moderator=me),
                    gettext("The experience is published."), {})
    if action == "reject":
        reason = post.get("reason", "")
        return _act(request, ("rating", pk, "reject"),
                    lambda: moderation.reject(rating_id=pk, moderator=me, reason=reason),
                    gettext("The experience is rejected."), {"reason": reason})
    if action == "edit":
        values = {name: post.get(name, "") for name in ("text", "display_name", "note")}
        return _act(request, ("rating", pk, "edit"),
                    lambda: moderation.publish_edited(rating_id=pk, moderator=me, **values),
                    gettext("The edited experience is published."), values)
    return _unknown(request)


@platform_admin_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """approve, edit or reject a clinic's reply that the moderation check held back."""
    action = request.POST.get("action", "")
    post = request.POST
    me = request.user
    if action == "approve":
        return _act(request, ("reply", pk, "approve"),
                    lambda: moderation.approve_reply(rating_id=pk, moderator=me),
                    gettext("The clinic's reply is published."), {})
    if action == "edit":
        text = post.get("text", "")
        return _act(request, ("reply", pk, "edit"),
                    lambda: moderation.approve_reply(rating_id=pk, moderator=me, text=text),
                    gettext("The edited reply is published."), {"text": text})
    if action == "reject":
        reason = post.get("reason", "")
        return _act(request, ("reply", pk, "reject"),
                    lambda: moderation.reject_reply(rating_id=pk, moderator=me, reason=reason),
                    gettext("The reply is rejected; the clinic is told why."), {"reason": reason})
    return _unknown(request)


@platform_admin_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """remove the reported experience (with a reason) or dismiss the report."""
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    me = request.user
    if action == "remove":
        return _act(request, ("report", pk, "remove"),
                    lambda: moderation.remove_rating(report_id=pk, moderator=me, reason=reason),
                    gettext("The experience is removed."), {"reason": reason})
    if action == "dismiss":
        return _act(request, ("report", pk, "dismiss"),
                    lambda: moderation.dismiss_report(report_id=pk, moderator=me, reason=reason),
                    gettext("The report is dismissed; the experience stays."),
                    {"reason": reason})
    return _unknown(request)
