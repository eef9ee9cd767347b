"""The moderators' action forms: one small POST form per item and action."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bontrack.directory.moderation import Item
from bontrack.directory.ratings import NOTE_MAX, TEXT_MAX

register = template.Library()


def _fields(kind: str, action: str, item: Item) -> list[dict[str, Any]]:
    rating = item.rating
    reason = {"name": "reason", "multiline": True, "max": NOTE_MAX, "value": ""}
    if (kind, action) == ("rating", "reject"):
        return [{**reason, "label": _("Why is it rejected?"),
                 "help": _("Kept with the rating for the moderators; never shown publicly.")}]
    if (kind, action) == ("rating", "edit"):
        return [
            {"name": "text", "multiline": True, "max": TEXT_MAX, "value": rating.text,
             "label": _("Text to publish"),
             "help": _("Take out names and health details. What you take out is not kept.")},
            {"name": "display_name", "multiline": False, "max": 60,
             "value": rating.display_name, "label": _("Shown as"),
             "help": _("A first name or an alias; empty shows “Verified patient” or "
                       "“Anonymous”.")},
            {"name": "note", "multiline": False, "max": NOTE_MAX,
             "value": _("A name or a health detail was taken out."),
             "label": _("Note on the edit"),
             "help": _("Why the text was edited, without repeating what was taken out. The "
                       "public sees only that a moderator edited it.")},
        ]
    if (kind, action) == ("reply", "edit"):
        return [{"name": "text", "multiline": True, "max": TEXT_MAX, "value": rating.reply,
                 "label": _("Reply to publish"), "help": _("Take out names and health details.")}]
    if (kind, action) == ("reply", "reject"):
        return [{**reason, "label": _("Why is the reply rejected?"),
                 "help": _("Sent by e-mail to the clinic staff member who wrote it. Write no "
                           "health details.")}]
    if (kind, action) == ("report", "remove"):
        return [{**reason, "label": _("Why is the experience removed?"),
                 "help": _("Kept with the report; never shown publicly.")}]
    if (kind, action) == ("report", "dismiss"):
        return [{**reason, "label": _("Note (optional)"),
                 "help": _("Why the experience may stay.")}]
    return []


BUTTONS = {
    ("rating", "approve"): gettext_lazy("Publish as written"),
    ("rating", "reject"): gettext_lazy("Reject"),
    ("rating", "edit"): gettext_lazy("Publish the edited text"),
    ("reply", "approve"): gettext_lazy("Publish the reply as written"),
    ("reply", "edit"): gettext_lazy("Publish the edited reply"),
    ("reply", "reject"): gettext_lazy("Reject the reply"),
    ("report", "remove"): gettext_lazy("Remove the experience"),
    ("report", "dismiss"): gettext_lazy("Dismiss the report"),
}
SUMMARIES = {
    ("rating", "reject"): gettext_lazy("Reject…"),
    ("rating", "edit"): gettext_lazy("Edit out and publish…"),
    ("reply", "edit"): gettext_lazy("Edit and publish…"),
    ("reply", "reject"): gettext_lazy("Reject the reply…"),
    ("report", "remove"): gettext_lazy("Remove the experience…"),
    ("report", "dismiss"): gettext_lazy("Dismiss the report…"),
}
URLS = {"rating": "moderation:rating", "reply": "moderation:reply", "report": "moderation:report"}


@register.inclusion_tag("directory/moderation_form.html", takes_context=True)
def moderation_form(
    context: template.Context, item: Item, kind: str, action: str, failure: Any = None
) -> dict[str, Any]:
    pk = item.report.pk if kind == "report" and item.report else item.rating.pk
    failed = (
        failure is not None
        and (failure.kind, failure.pk, failure.action) == (kind, pk, action)
    )
    fields = _fields(kind, action, item)
    for spec in fields:
        spec["id"] = f"{kind}-{pk}-{action}-{spec['name']}"
        if failed:
            spec["value"] = failure.values.get(spec["name"], spec["value"])
            if failure.field == spec["name"]:
                spec["error"] = failure.message
    return {
        "csrf_token": context.get("csrf_token"),
        "url": reverse(URLS[kind], args=[pk]),
        "action": action,
        "button": str(BUTTONS[(kind, action)]),
        "summary": str(SUMMARIES.get((kind, action), "")),
        "danger": action in ("reject", "remove"),
        "fields": fields,
        "open": failed,
        "context_label": f"{item.rating.listing.name}, {item.shown_as}",
    }
