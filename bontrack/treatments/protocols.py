"""A clinic's saved injection protocols: list, check, create, change and delete them.

The rows of a protocol are checked by bontrack.clinical (the label's units per site and per
session); this module turns its findings into sentences for the admin and stores nothing when
any row fails. Courses refer to a protocol by its name, so a protocol in use keeps its name
and cannot be deleted. Every change is audited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, get_args

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bontrack.accounts import audit, roles
from bontrack.accounts.models import Clinic, Role
from bontrack.clinical.common import InputError
from bontrack.clinical.protocol import (
    BUILTIN_PROTOCOLS,
    PREEMPT,
    CustomSite,
    Protocol,
    ProtocolLookup,
    Side,
    custom_protocol,
)
from bontrack.clinical.rules import LABEL_LIMITS, SessionLimits
from bontrack.clinical.session_check import Injection, check_session
from bontrack.treatments.clinical_messages import finding_text, muscle_label, row_label
from bontrack.treatments.models import Course, CustomProtocol

# The clinical core's muscles and sides, in its order.
MUSCLES: tuple[str, ...] = tuple(dose.muscle for dose in PREEMPT.muscles)
SIDE_VALUES: tuple[str, ...] = get_args(Side)
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
NAME_MAX = 60
DESCRIPTION_MAX = 300
STAFF = (Role.CLINIC_ADMIN, Role.PHYSICIAN, Role.COORDINATOR)


class ProtocolInputError(ValueError):
    """Input that cannot be stored; `errors` maps "name", "description", "clinic", "rows",
    "protocol" or "row-<index into the lines>" to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ProtocolLine:
    """One row of a saved protocol: a muscle on one side (or both), sites and units per site."""

    muscle: str
    side: str
    sites: int
    units_per_site: int

    @property
    def units(self) -> int:
        return self.sites * self.units_per_site

    @property
    def label(self) -> str:
        return row_label(self.muscle, self.side)

    def to_json(self) -> dict[str, Any]:
        return {"muscle": self.muscle, "side": self.side, "sites": self.sites,
                "units_per_site": self.units_per_site}


@dataclass(frozen=True)
class ProtocolSummary:
    """A saved protocol with what the clinical core makes of it and who may change it."""

    saved: CustomProtocol
    protocol: Protocol
    lines: tuple[ProtocolLine, ...]
    courses: int
    can_edit: bool

    @property
    def in_use(self) -> bool:
        return self.courses > 0


def lines_of(saved: CustomProtocol) -> tuple[ProtocolLine, ...]:
    """The stored rows; a row without a side covers both (as the session recorder reads it)."""
    return tuple(
        ProtocolLine(str(row["muscle"]), str(row.get("side", "bilateral")), int(row["sites"]),
                     int(row["units_per_site"]))
        for row in saved.sites
    )


def clinical_protocol(saved: CustomProtocol) -> Protocol:
    """The saved protocol as bontrack.clinical knows it (totals, `protocol show --json`)."""
    sites = [
        CustomSite(line.muscle, line.side, line.sites, line.units_per_site)  # type: ignore[arg-type]
        for line in lines_of(saved)
    ]
    return custom_protocol(saved.name, sites, saved.description)


def clinic_lookup(clinic_id: int) -> ProtocolLookup:
    """Finds a protocol the clinic saved, by name, as bontrack.clinical knows it (or None)."""

    def lookup(name: str) -> Protocol | None:
        saved = CustomProtocol.objects.filter(clinic_id=clinic_id, name=name).first()
        return clinical_protocol(saved) if saved is not None else None

    return lookup


# ---- who may see and change -------------------------------------------------------------


def staff_clinics(user: Any) -> set[int]:
    return roles.clinic_ids(user, *STAFF)


def admin_clinics(user: Any) -> set[int]:
    return roles.clinic_ids(user, Role.CLINIC_ADMIN)


def courses_using(saved: CustomProtocol) -> int:
    return Course.objects.filter(clinic_id=saved.clinic_id, protocol=saved.name).count()


def list_protocols(*, user: Any) -> list[ProtocolSummary]:
    """The saved protocols of the clinics where the user is staff, by clinic and name."""
    clinics = staff_clinics(user)
    saved = list(
        CustomProtocol.objects.filter(clinic_id__in=clinics)
        .select_related("clinic")
        .order_by("clinic__name", "name")
    )
    usage = {
        (row["clinic_id"], row["protocol"]): row["n"]
        for row in Course.objects.filter(clinic_id__in=clinics)
        .values("clinic_id", "protocol")
        .annotate(n=Count("id"))
    }
    editable = admin_clinics(user)
    return [
        ProtocolSummary(p, clinical_protocol(p), lines_of(p),
                        usage.get((p.clinic_id, p.name), 0), p.clinic_id in editable)
        for p in saved
    ]


def get_protocol(*, user: Any, protocol_id: int) -> ProtocolSummary:
    """One protocol of the user's clinics (CustomProtocol.DoesNotExist otherwise)."""
    saved = CustomProtocol.objects.select_related("clinic").get(
        pk=protocol_id, clinic_id__in=staff_clinics(user)
    )
    return ProtocolSummary(saved, clinical_protocol(saved), lines_of(saved),
                           courses_using(saved), saved.clinic_id in admin_clinics(user))


def _require_admin(user: Any, clinic_id: int) -> None:
    if clinic_id not in admin_clinics(user):
        raise PermissionDenied("only the clinic's administrator changes its protocols")


# ---- checking ----------------------------------------------------------------------------


def _injections(lines: Sequence[ProtocolLine]) -> list[Injection]:
    return [
        Injection(li.muscle, li.side, li.sites, li.units)  # type: ignore[arg-type]
        for li in lines
    ]


def _row_problem(line: ProtocolLine, earlier: Sequence[ProtocolLine]) -> str:
    if line.muscle not in MUSCLES:
        return _("Choose a muscle from the list.")
    if line.side not in SIDE_VALUES:
        return _("Choose the side: left, right, both sides or midline.")
    if line.units_per_site < 1:
        return _("%(row)s: give at least 1 U per site.") % {"row": line.label}
    for other in earlier:
        if other.muscle != line.muscle:
            continue
        if other.side == line.side:
            return _("%(row)s is already in the protocol; put all its sites in one row.") % {
                "row": line.label}
        if "bilateral" in (other.side, line.side) and "midline" not in (other.side, line.side):
            return _("%(muscle)s is given for both sides and for one side; use either one row "
                     "for both sides or one row per side.") % {
                "muscle": muscle_label(line.muscle)}
    return ""


def check_lines(
    lines: Sequence[ProtocolLine], *, limits: SessionLimits = LABEL_LIMITS
) -> dict[str, str]:
    """What is wrong with the rows, by "row-<index>" and "rows"; empty when they may be saved.

    Units per site and per session are judged by bontrack.clinical.session_check, the same
    check a session recorded with this protocol goes through; its findings are shown in the
    reader's language.
    """
    errors: dict[str, str] = {}
    if not lines:
        return {"rows": _("Add at least one row: a muscle, its side, the number of sites and "
                          "the units per site.")}
    today = timezone.localdate()
    for index, line in enumerate(lines):
        problem = _row_problem(line, lines[:index])
        if not problem:
            check = check_session(_injections([line]), on=today, limits=limits)
            problem = " ".join(
                finding_text(f) for f in check.hard_stops if f.id != "units_per_session"
            )
        if problem:
            errors[f"row-{index}"] = problem
    if not errors:
        whole = check_session(_injections(lines), on=today, limits=limits)
        stops = [f for f in whole.hard_stops if f.id not in ("units_per_site", "invalid_injection")]
        if stops:
            errors["rows"] = " ".join(finding_text(f) for f in stops)
    return errors


def _check_name(name: str, *, clinic_id: int, exclude: int | None) -> str:
    if not name:
        return _("Give the protocol a name, for example neck-and-shoulders.")
    if len(name) > NAME_MAX:
        return _("Keep the name to %(max)s characters or fewer.") % {"max": NAME_MAX}
    if not NAME.match(name):
        return _("Use lower-case letters, digits and hyphens only, for example "
                 "neck-and-shoulders.")
    if name in BUILTIN_PROTOCOLS:
        return _("%(name)s is a built-in protocol; choose another name.") % {"name": name}
    taken = CustomProtocol.objects.filter(clinic_id=clinic_id, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        return _("The clinic already has a protocol called %(name)s.") % {"name": name}
    return ""


def _check_all(
    *, clinic_id: int, name: str, description: str, lines: Sequence[ProtocolLine],
    exclude: int | None = None,
) -> None:
    errors: dict[str, str] = {}
    problem = _check_name(name, clinic_id=clinic_id, exclude=exclude)
    if problem:
        errors["name"] = problem
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = _("Keep the description to %(max)s characters or fewer.") % {
            "max": DESCRIPTION_MAX}
    errors.update(check_lines(lines))
    if errors:
        raise ProtocolInputError(errors)


def _in_use_reason(name: str, courses: int) -> str:
    return ngettext(
        "%(name)s is the protocol of %(n)s treatment course, which refers to it by name.",
        "%(name)s is the protocol of %(n)s treatment courses, which refer to it by name.",
        courses,
    ) % {"name": name, "n": courses}


def in_use_reason(summary: ProtocolSummary) -> str:
    """Why a protocol keeps its name and cannot be deleted, or "" when no course uses it."""
    return _in_use_reason(summary.saved.name, summary.courses) if summary.in_use else ""


# ---- changes -----------------------------------------------------------------------------


def create_protocol(
    *, user: Any, clinic_id: int, name: str, description: str, lines: Sequence[ProtocolLine]
) -> CustomProtocol:
    """Save a new protocol for a clinic the user administers; nothing is stored on bad input."""
    if not Clinic.objects.filter(pk=clinic_id).exists():
        raise ProtocolInputError({"clinic": _("Choose one of your clinics.")})
    _require_admin(user, clinic_id)
    name, description = name.strip().lower(), description.strip()
    _check_all(clinic_id=clinic_id, name=name, description=description, lines=lines)
    try:
        with transaction.atomic():
            saved = CustomProtocol.objects.create(
                clinic_id=clinic_id, name=name, description=description,
                sites=[line.to_json() for line in lines],
            )
            audit.record(actor=user, action="create", obj=saved, clinic=clinic_id,
                         reason=f"protocol {name}")
    except IntegrityError:  # another admin saved the same name a moment ago
        raise ProtocolInputError(
            {"name": _("The clinic already has a protocol called %(name)s.") % {"name": name}}
        ) from None
    return saved


def update_protocol(
    *, user: Any, protocol_id: int, name: str, description: str, lines: Sequence[ProtocolLine]
) -> CustomProtocol:
    """Change a protocol's rows, description or (when no course uses it) its name."""
    name, description = name.strip().lower(), description.strip()
    try:
        with transaction.atomic():
            # courses.create_course takes the same row lock, so no course can start on the
            # old name between counting the courses and renaming.
            saved = CustomProtocol.objects.select_for_update().get(
                pk=protocol_id, clinic_id__in=staff_clinics(user)
            )
            _require_admin(user, saved.clinic_id)
            old_name = saved.name
            if name != old_name:
                used = courses_using(saved)
                if used:
                    raise ProtocolInputError({"name": _in_use_reason(old_name, used) + " " + _(
                        "It cannot be renamed; save the rows as a new protocol instead.")})
            _check_all(clinic_id=saved.clinic_id, name=name, description=description,
                       lines=lines, exclude=saved.pk)
            saved.name = name
            saved.description = description
            saved.sites = [line.to_json() for line in lines]
            saved.save(update_fields=["name", "description", "sites"])
            reason = f"protocol {old_name}" + (f" renamed {name}" if name != old_name else "")
            audit.record(actor=user, action="update", obj=saved, clinic=saved.clinic_id,
                         reason=reason)
    except IntegrityError:
        raise ProtocolInputError(
            {"name": _("The clinic already has a protocol called %(name)s.") % {"name": name}}
        ) from None
    return saved


def delete_protocol(*, user: Any, protocol_id: int) -> str:
    """Delete a protocol no course uses; returns its name. ProtocolInputError says why not."""
    with transaction.atomic():
        # The lock courses.create_course takes too: no course starts on it while we count.
        saved = CustomProtocol.objects.select_for_update().get(
            pk=protocol_id, clinic_id__in=staff_clinics(user)
        )
        _require_admin(user, saved.clinic_id)
        used = courses_using(saved)
        if used:
            raise ProtocolInputError({"protocol": _in_use_reason(saved.name, used) + " " + _(
                "It cannot be deleted while a course uses it.")})
        audit.record(actor=user, action="delete", obj=saved, clinic=saved.clinic_id,
                     reason=f"protocol {saved.name}")
        name = saved.name
        saved.delete()
    return name


# ---- the command line --------------------------------------------------------------------


def _clinic_filter(clinic: str, prefix: str = "clinic__") -> Q:
    """A clinic by its short name, or by its id when the value is a number."""
    value = clinic.strip()
    by_slug = Q(**{f"{prefix}slug": value})
    return by_slug | Q(**{f"{prefix}pk": int(value)}) if value.isdigit() else by_slug


def find_saved(name: str, *, clinic: str | None = None) -> Protocol:
    """A saved protocol for `bontrack protocol show`; InputError says why none fits.

    Names are unique per clinic only, so a name two clinics use needs `--clinic`.
    """
    wanted = name.strip().lower()
    query = CustomProtocol.objects.filter(name=wanted).select_related("clinic")
    if clinic is not None:
        if not Clinic.objects.filter(_clinic_filter(clinic, prefix="")).exists():
            raise InputError([f"--clinic: no clinic {clinic!r}; give its short name or id"])
        query = query.filter(_clinic_filter(clinic))
    found = list(query.order_by("clinic__slug"))
    if len(found) > 1:
        listed = ", ".join(f"{p.clinic.slug} (id {p.clinic_id})" for p in found)
        raise InputError([
            f"protocol {wanted!r} is saved by {len(found)} clinics: {listed}; "
            f"choose one with --clinic SLUG_OR_ID"
        ])
    if not found:
        builtin = ", ".join(BUILTIN_PROTOCOLS)
        where = f"clinic {clinic!r} has" if clinic is not None else "no clinic has"
        raise InputError([
            f"unknown protocol {name!r}; built-in protocols: {builtin}; "
            f"{where} saved a protocol by that name (see `bontrack protocol list`)"
        ])
    return clinical_protocol(found[0])


def saved_listing(*, clinic: str | None = None) -> list[str]:
    """One line per saved protocol for `bontrack protocol list`."""
    query = CustomProtocol.objects.select_related("clinic")
    if clinic is not None:
        if not Clinic.objects.filter(_clinic_filter(clinic, prefix="")).exists():
            raise InputError([f"--clinic: no clinic {clinic!r}; give its short name or id"])
        query = query.filter(_clinic_filter(clinic))
    lines = []
    for saved in query.order_by("clinic__slug", "name"):
        protocol = clinical_protocol(saved)
        text = f"{saved.name} ({saved.clinic.slug}): {protocol.total_units} U at " \
               f"{protocol.total_sites} sites"
        lines.append(f"{text}; {saved.description}" if saved.description else text)
    return lines
