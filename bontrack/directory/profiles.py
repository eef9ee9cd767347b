"""Clinic profiles as their clinic admin keeps them: changes, their history, confirmations.

A clinic admin changes only the listing of a clinic where they hold Role.CLINIC_ADMIN. A save
is checked whole before anything is stored, runs in one transaction, writes one ProfileChange
row per changed field (before and after) and one audit row. A price or waiting time that is
changed is dated today; "confirm unchanged" re-dates the ones that did not change, so the
public page can say honestly how fresh each figure is.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bontrack.accounts import audit, roles
from bontrack.accounts.models import Role
from bontrack.directory.models import Listing, Offering, Postcode, ProfileChange, Treatment
from bontrack.directory.profile_public import hours_by_day, money

PRICE_MAX = 100_000
WAIT_MAX = 260
STAFF_ROLES_MAX = 20

# The listing's own fields a clinic admin may change, in the order the form shows them.
TEXT_FIELDS = (
    "description",
    "description_en",
    "street_address",
    "where_to_meet",
    "parking",
    "public_transport",
    "phone",
    "email",
    "website",
)
OFFERING_FIELDS = ("price_from", "price_confirmed_on", "wait_weeks", "wait_updated_on", "note")


class ProfileInputError(ValueError):
    """Input that cannot be stored; `errors` maps a form field's name to what is wrong with
    it ("price_from" of a treatment is "offering-<treatment>-price_from", a day's hours are
    "hours-<day>-closes")."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# ---- the clinic admin's changes -------------------------------------------------------------


@dataclass(frozen=True)
class OfferingInput:
    treatment: str
    offered: bool
    price_from: int | None = None
    wait_weeks: int | None = None
    note: str = ""


@dataclass(frozen=True)
class DayHours:
    """One weekday's hours as "HH:MM" texts; both empty means closed."""

    day: int
    opens: str = ""
    closes: str = ""


@dataclass(frozen=True)
class ProfileInput:
    description: str = ""
    description_en: str = ""
    staff_roles: tuple[str, ...] = ()
    blue_prescription: bool = False
    street_address: str = ""
    postcode: str = ""
    where_to_meet: str = ""
    parking: str = ""
    public_transport: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    opening_hours: tuple[DayHours, ...] = ()
    offerings: tuple[OfferingInput, ...] = field(default_factory=tuple)


def admin_listings(user: Any) -> list[Listing]:
    """The listings of the clinics where `user` is clinic admin, by name."""
    clinics = roles.clinic_ids(user, Role.CLINIC_ADMIN)
    return list(
        Listing.objects.filter(clinic_id__in=clinics).select_related("postcode").order_by("name")
    )


def _own_listing(user: Any, listing_id: int, *, lock: bool = False) -> Listing:
    query = Listing.objects.select_related("postcode")
    if lock:
        query = query.select_for_update()
    listing = query.get(pk=listing_id)
    if listing.clinic_id not in roles.clinic_ids(user, Role.CLINIC_ADMIN):
        raise PermissionDenied
    return listing


def treatment_label(value: str) -> str:
    return str(dict(Treatment.choices).get(value, value))


def check_input(data: ProfileInput) -> dict[str, str]:
    """Every problem with the input, keyed by form field; empty when it may be stored."""
    errors: dict[str, str] = {}
    if not data.street_address.strip():
        errors["street_address"] = _("Street address is required.")
    if not Postcode.objects.filter(pk=data.postcode).exists():
        errors["postcode"] = _("%(code)s is not a Norwegian postcode we know.") % {
            "code": data.postcode or "—"
        }
    if len(data.staff_roles) > STAFF_ROLES_MAX:
        errors["staff_roles"] = _("At most %(n)s staff roles, one per line.") % {
            "n": STAFF_ROLES_MAX
        }
    for row in data.offerings:
        if row.treatment not in Treatment.values:
            errors[f"offering-{row.treatment}-offered"] = _("Unknown treatment.")
            continue
        label = treatment_label(row.treatment)
        if row.price_from is not None and not 0 <= row.price_from <= PRICE_MAX:
            errors[f"offering-{row.treatment}-price_from"] = _(
                "%(treatment)s, price from: must be a whole number of kroner from 0 to "
                "%(max)s, got %(value)s."
            ) % {"treatment": label, "max": money(PRICE_MAX), "value": row.price_from}
        if row.wait_weeks is not None and not 0 <= row.wait_weeks <= WAIT_MAX:
            errors[f"offering-{row.treatment}-wait_weeks"] = _(
                "%(treatment)s, waiting time: must be a whole number of weeks from 0 to "
                "%(max)s, got %(value)s."
            ) % {"treatment": label, "max": WAIT_MAX, "value": row.wait_weeks}
    for hours in data.opening_hours:
        day = str(WEEKDAYS.get(hours.day, hours.day)).capitalize()
        if bool(hours.opens) != bool(hours.closes):
            errors[f"hours-{hours.day}-closes"] = _(
                "%(day)s: give both the opening and the closing time, or mark the day closed."
            ) % {"day": day}
        elif hours.opens and hours.closes <= hours.opens:
            errors[f"hours-{hours.day}-closes"] = _(
                "%(day)s: closes at %(closes)s, which is not after it opens at %(opens)s."
            ) % {"day": day, "closes": hours.closes, "opens": hours.opens}
    return errors


def _text(value: object) -> str:
    """A value as stored in the history: neutral of language, so both languages can show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _Changes:
    def __init__(self, listing: Listing, user: Any) -> None:
        self.listing = listing
        self.user = user
        self.rows: list[ProfileChange] = []
        self.now = timezone.now()

    def note(self, name: str, old: object, new: object) -> bool:
        if _text(old) == _text(new):
            return False
        self.rows.append(
            ProfileChange(
                listing=self.listing,
                changed_by=self.user if getattr(self.user, "is_authenticated", False) else None,
                changed_at=self.now,
                field=name,
                old=_text(old),
                new=_text(new),
            )
        )
        return True

    def store(self, action: str) -> int:
        if not self.rows:
            return 0
        ProfileChange.objects.bulk_create(self.rows)
        audit.record(
            actor=self.user,
            action=action,
            obj=self.listing,
            clinic=self.listing.clinic_id,
            reason="profile: " + ", ".join(sorted({r.field for r in self.rows}))[:500],
        )
        return len(self.rows)


def _hours_json(rows: Iterable[DayHours]) -> list[dict[str, Any]]:
    return [
        {"day": r.day, "opens": r.opens, "closes": r.closes}
        for r in sorted(rows, key=lambda r: r.day)
        if r.opens and r.closes
    ]


def _day_text(hours: dict[int, tuple[str, str]], day: int) -> str:
    return "–".join(hours[day]) if day in hours else ""


def save_profile(
    *, user: Any, listing_id: int, data: ProfileInput, today: dt.date | None = None
) -> int:
    """Store the clinic admin's profile form; returns how many fields changed.

    Raises ProfileInputError (nothing stored) or PermissionDenied (not their clinic)."""
    today = today or timezone.localdate()
    _own_listing(user, listing_id)
    errors = check_input(data)
    if errors:
        raise ProfileInputError(errors)
    with transaction.atomic():
        listing = _own_listing(user, listing_id, lock=True)
        changes = _Changes(listing, user)
        for name in TEXT_FIELDS:
            new = getattr(data, name).strip()
            if changes.note(name, getattr(listing, name), new):
                setattr(listing, name, new)
        roles_now = [r.strip() for r in data.staff_roles if r.strip()]
        if changes.note("staff_roles", "\n".join(listing.staff_roles or []), "\n".join(roles_now)):
            listing.staff_roles = roles_now
        if changes.note("blue_prescription", listing.blue_prescription, data.blue_prescription):
            listing.blue_prescription = data.blue_prescription
        if changes.note("postcode", listing.postcode_id, data.postcode):
            # A new postcode moves the map pin to that place's centre.
            postcode = Postcode.objects.get(pk=data.postcode)
            listing.postcode = postcode
            changes.note("latitude", listing.latitude, postcode.latitude)
            changes.note("longitude", listing.longitude, postcode.longitude)
            listing.latitude, listing.longitude = postcode.latitude, postcode.longitude
        if data.opening_hours:
            before, after = hours_by_day(listing), hours_by_day_input(data.opening_hours)
            changed = [
                changes.note(f"opening_hours:{d}", _day_text(before, d), _day_text(after, d))
                for d in range(7)
            ]
            if any(changed):
                listing.opening_hours = _hours_json(data.opening_hours)
        _save_offerings(listing, data.offerings, changes, today)
        if changes.rows:
            listing.updated_at = changes.now
            listing.save()
        return changes.store("update")


def hours_by_day_input(rows: Iterable[DayHours]) -> dict[int, tuple[str, str]]:
    return {r.day: (r.opens, r.closes) for r in rows if r.opens and r.closes}


def _save_offerings(
    listing: Listing, rows: Iterable[OfferingInput], changes: _Changes, today: dt.date
) -> None:
    existing = {o.treatment: o for o in listing.offerings.select_for_update()}
    for row in rows:
        offering = existing.get(row.treatment)
        prefix = f"offering:{row.treatment}"
        if not row.offered:
            if offering is not None:
                changes.note(f"{prefix}:offered", True, False)
                for name in OFFERING_FIELDS:
                    changes.note(f"{prefix}:{name}", getattr(offering, name), None)
                offering.delete()
            continue
        if offering is None:
            changes.note(f"{prefix}:offered", False, True)
            offering = Offering(listing=listing, treatment=row.treatment)
        before = {name: getattr(offering, name) for name in OFFERING_FIELDS}
        if row.price_from != offering.price_from:
            offering.price_from = row.price_from
            offering.price_confirmed_on = None if row.price_from is None else today
        if row.wait_weeks != offering.wait_weeks:
            offering.wait_weeks = row.wait_weeks
            offering.wait_updated_on = None if row.wait_weeks is None else today
        offering.note = row.note.strip()
        noted = [
            changes.note(f"{prefix}:{name}", before[name], getattr(offering, name))
            for name in OFFERING_FIELDS
        ]
        if any(noted) or offering.pk is None:
            offering.save()


def confirm_unchanged(*, user: Any, listing_id: int, today: dt.date | None = None) -> int:
    """Date every price and waiting time the listing shows as confirmed today."""
    today = today or timezone.localdate()
    with transaction.atomic():
        listing = _own_listing(user, listing_id, lock=True)
        changes = _Changes(listing, user)
        for offering in listing.offerings.select_for_update():
            prefix = f"offering:{offering.treatment}"
            if offering.price_from is not None and changes.note(
                f"{prefix}:price_confirmed_on", offering.price_confirmed_on, today
            ):
                offering.price_confirmed_on = today
            if offering.wait_weeks is not None and changes.note(
                f"{prefix}:wait_updated_on", offering.wait_updated_on, today
            ):
                offering.wait_updated_on = today
            offering.save()
        if changes.rows:
            listing.updated_at = changes.now
            listing.save(update_fields=["updated_at"])
        return changes.store("confirm")


def _admin_text(listing: Listing, name: str) -> str:
    value = getattr(listing, name)
    if name == "staff_roles":
        return "\n".join(value or [])
    if name == "opening_hours":
        return json.dumps(value or [], sort_keys=True)
    if name in {"postcode", "clinic"}:
        return _text(getattr(listing, f"{name}_id"))
    return _text(value)


def snapshot(listing: Listing, names: Iterable[str]) -> dict[str, str]:
    """The listing's fields as the history stores them, to compare before and after a save."""
    return {name: _admin_text(listing, name) for name in names}


def record_admin_change(*, user: Any, listing: Listing, before: dict[str, str]) -> int:
    """History rows (and an audit row) for a platform admin's change in the Django admin."""
    changes = _Changes(listing, user)
    for name, new in snapshot(listing, before).items():
        changes.note(name, before[name], new)
    return changes.store("update")


def record_field_changes(
    *, user: Any, listing: Listing, changes: Iterable[tuple[str, object, object]]
) -> int:
    """History rows (and an audit row) for (field, old, new) changes made elsewhere."""
    found = _Changes(listing, user)
    for name, old, new in changes:
        found.note(name, old, new)
    return found.store("update")


# ---- the history ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    change: ProfileChange
    label: str
    old: str
    new: str


FIELD_LABELS = {
    "description": lambda: _("Description (Norwegian)"),
    "description_en": lambda: _("Description (English)"),
    "staff_roles": lambda: _("Staff roles"),
    "blue_prescription": lambda: _("Blue prescription can apply"),
    "street_address": lambda: _("Street address"),
    "postcode": lambda: _("Postcode"),
    "latitude": lambda: _("Latitude"),
    "longitude": lambda: _("Longitude"),
    "where_to_meet": lambda: _("Where to meet"),
    "parking": lambda: _("Parking"),
    "public_transport": lambda: _("Public transport"),
    "phone": lambda: _("Phone"),
    "email": lambda: _("E-mail"),
    "website": lambda: _("Website"),
    "offered": lambda: _("offered"),
    "price_from": lambda: _("price from (NOK)"),
    "price_confirmed_on": lambda: _("price confirmed"),
    "wait_weeks": lambda: _("waiting time (weeks)"),
    "wait_updated_on": lambda: _("waiting time updated"),
    "note": lambda: _("note"),
}


def field_label(name: str) -> str:
    parts = name.split(":")
    if parts[0] == "offering" and len(parts) == 3:
        part = FIELD_LABELS.get(parts[2])
        return f"{treatment_label(parts[1])}: {part() if part else parts[2]}"
    if parts[0] == "opening_hours" and len(parts) == 2 and parts[1].isdigit():
        day = str(WEEKDAYS.get(int(parts[1]), parts[1])).capitalize()
        return _("Opening hours, %(day)s") % {"day": day}
    label = FIELD_LABELS.get(name)
    return label() if label else name


def _shown(name: str, value: str) -> str:
    if value in {"true", "false"}:
        return _("Yes") if value == "true" else _("No")
    if name.startswith("opening_hours:"):
        return value or _("Closed")
    if not value:
        return "—"
    if name.endswith("_on"):
        try:
            return date_format(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if name.endswith("price_from") and value.isdigit():
        return f"{money(int(value))} kr"
    if name == "staff_roles":
        return ", ".join(value.splitlines())
    return value


def history_rows(changes: Iterable[ProfileChange]) -> list[HistoryRow]:
    """Changes with their field named and their values written for the reader."""
    return [
        HistoryRow(c, field_label(c.field), _shown(c.field, c.old), _shown(c.field, c.new))
        for c in changes
    ]


def changes_of(listing: Listing) -> Any:
    """The listing's history, newest save first, one save's fields in order (a queryset)."""
    return listing.changes.select_related("changed_by").order_by("-changed_at", "id")
