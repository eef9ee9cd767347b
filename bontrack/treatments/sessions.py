"""Treatment courses and sessions: plan from the protocol, check, price, sign, add addenda.

Each function owns its transaction and audits what it reads or writes. Every figure (limits,
vials, waste, cost, the next date) comes from bontrack.clinical; this module only feeds it
stored data and stores what it says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bontrack.accounts import audit
from bontrack.accounts.models import Clinic
from bontrack.clinical.dosing import (
    DEFAULT_PRICE_LIST,
    Cost,
    DosingError,
    PriceList,
    VialChoice,
    choose_vials,
    session_cost,
)
from bontrack.clinical.protocol import BUILTIN_PROTOCOLS, Protocol, find_protocol
from bontrack.clinical.schedule import NextTreatment, next_treatment
from bontrack.clinical.session_check import Injection, SessionCheck, check_session
from bontrack.patients.models import Patient
from bontrack.treatments import protocols
from bontrack.treatments.clinical_messages import dosing_error_text, finding_text, stored_finding
from bontrack.treatments.followup import create_follow_ups
from bontrack.treatments.models import (
    Addendum,
    Course,
    CustomProtocol,
    InjectionSite,
    Session,
    VialLot,
    VialPrice,
)

CONTINUATION_RULE_NAMES = ("nice-ta260", "ehf-2018", "nkh-2018")
ICD10 = re.compile(r"^[A-TV-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$")


def shown_date(day: dt.date) -> str:
    """A date as people read it in a message (SHORT_DATE_FORMAT of bontrack/formats)."""
    return str(formats.date_format(day, "SHORT_DATE_FORMAT"))


class SessionInputError(ValueError):
    """Input that cannot be stored; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class SessionLocked(SessionInputError):
    """A signed session never changes; corrections are addenda."""

    def __init__(self) -> None:
        super().__init__(
            {"session": _("This session is signed and cannot be changed. Add an addendum instead.")}
        )


@dataclass(frozen=True)
class PlanRow:
    """One muscle on one side: sites and units, and how many sites the map may show."""

    muscle: str
    side: str
    sites: int
    units: int
    max_sites: int

    @property
    def key(self) -> str:
        return f"{self.muscle}__{self.side}"


@dataclass(frozen=True)
class MuscleTotal:
    muscle: str
    sites: int
    units: int


@dataclass
class SessionReview:
    """What bontrack says about a session: limits, totals, vials, waste and cost."""

    check: SessionCheck
    rows: list[PlanRow]
    muscle_totals: list[MuscleTotal]
    total_units: int
    total_sites: int
    vials: VialChoice | None = None
    vial_problem: str = ""
    cost: Cost | None = None
    price_list: str = ""
    default_prices: bool = False
    cost_problem: str = ""
    lot_problem: str = ""
    sign_blockers: list[str] = field(default_factory=list)
    next: NextTreatment | None = None

    @property
    def can_sign(self) -> bool:
        return not self.sign_blockers


# ---- protocols -------------------------------------------------------------------------


def protocol_names(*, clinic_id: int) -> list[str]:
    """The built-in protocols, then the clinic's saved ones by name."""
    saved = CustomProtocol.objects.filter(clinic_id=clinic_id).order_by("name")
    return [*BUILTIN_PROTOCOLS, *saved.values_list("name", flat=True)]


def protocol_for(*, course: Course) -> Protocol | None:
    """The course's protocol as bontrack.clinical knows it."""
    return find_protocol(course.protocol, protocols.clinic_lookup(course.clinic_id))


def plan_rows(*, course: Course) -> list[PlanRow]:
    """The protocol's standard dose per muscle and side (PREEMPT: 31 sites, 5 U each)."""
    protocol = protocol_for(course=course)
    if protocol is None:
        return []
    if protocol.kind == "custom":
        saved = CustomProtocol.objects.get(clinic_id=course.clinic_id, name=course.protocol)
        return [
            PlanRow(line.muscle, line.side, line.sites, line.units, line.sites)
            for line in protocols.lines_of(saved)
        ]
    rows = []
    for dose in protocol.muscles:
        if dose.bilateral:
            # Bilateral doses are the sum of both sides: half to each.
            for side in ("left", "right"):
                rows.append(
                    PlanRow(
                        dose.muscle, side, dose.sites // 2, dose.units // 2, dose.max_sites // 2
                    )
                )
        else:
            rows.append(PlanRow(dose.muscle, "midline", dose.sites, dose.units, dose.max_sites))
    return rows


def stored_rows(*, session: Session, course: Course) -> list[PlanRow]:
    """The session's injections in the protocol's order, with the map's room per row."""
    given = {(i.muscle, i.side): i for i in session.injections.all()}
    rows = []
    for row in plan_rows(course=course):
        inj = given.pop((row.muscle, row.side), None)
        rows.append(
            PlanRow(
                row.muscle,
                row.side,
                inj.sites if inj else 0,
                inj.units if inj else 0,
                max(row.max_sites, inj.sites if inj else 0),
            )
        )
    rows += [PlanRow(i.muscle, i.side, i.sites, i.units, i.sites) for i in given.values()]
    return rows


# ---- courses ---------------------------------------------------------------------------


def get_session(*, patient: Patient, session_id: int, by: Any) -> Session:
    """One of the patient's sessions with its course, audited (Session.DoesNotExist otherwise)."""
    session = Session.objects.select_related("course", "lot", "physician", "signed_by").get(
        pk=session_id, patient=patient
    )
    audit.record(actor=by, action="read", obj=session, patient=patient, clinic=session.clinic_id)
    return session


def open_draft(*, course: Course) -> Session | None:
    """The course's unsigned session, if one is being recorded."""
    return course.sessions.filter(state=Session.State.DRAFT).first()


def next_cycle(*, course: Course) -> int:
    last = course.sessions.order_by("-cycle").values_list("cycle", flat=True).first()
    return (last or 0) + 1


def lots_for(*, clinic_id: int) -> Any:
    return VialLot.objects.filter(clinic_id=clinic_id).order_by("expires_on", "lot_number")


# ---- sessions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionDetails:
    """Everything the recorder form sends besides the injections."""

    performed_on: dt.date
    lot_id: int | None
    units_per_ml: Decimal
    local_anaesthetic: bool = False
    duration_minutes: int | None = None
    observation_minutes: int | None = None
    observation_note: str = ""
    immediate_reactions: str = ""


def _validate(
    *, course: Course, details: SessionDetails, injections: Sequence[PlanRow]
) -> tuple[dict[str, str], VialLot | None]:
    errors: dict[str, str] = {}
    lot = None
    if details.lot_id is not None:
        lot = VialLot.objects.filter(pk=details.lot_id, clinic_id=course.clinic_id).first()
        if lot is None:
            errors["lot"] = _("Choose one of the clinic's lots.")
        elif lot.expires_on < details.performed_on:
            errors["lot"] = _(
                "Lot %(lot)s expired on %(date)s, before the session date; it cannot be used."
            ) % {"lot": lot.lot_number, "date": shown_date(lot.expires_on)}
    if details.units_per_ml <= 0:
        errors["units_per_ml"] = _("The dilution must be above 0 U per mL.")
    for row in injections:
        if row.units < 0 or row.sites < 0:
            errors[row.key] = _("%(muscle)s (%(side)s): units and sites cannot be negative.") % {
                "muscle": row.muscle,
                "side": row.side,
            }
        elif row.units > 0 and row.sites == 0:
            errors[row.key] = _("%(muscle)s (%(side)s): %(units)s U needs at least one site.") % {
                "muscle": row.muscle,
                "side": row.side,
                "units": row.units,
            }
    if not any(row.units > 0 for row in injections):
        errors["injections"] = _("Record the units for at least one site.")
    if details.performed_on > timezone.localdate() + dt.timedelta(days=1):
        errors["performed_on"] = _("The session date cannot be in the future.")
    return errors, lot


def save_session(
    *,
    course: Course,
    by: Any,
    details: SessionDetails,
    injections: Sequence[PlanRow],
    session: Session | None = None,
) -> Session:
    """Create the draft for the course's next cycle, or update a draft; never a signed one."""
    if session is not None and session.is_signed:
        raise SessionLocked
    errors, lot = _validate(course=course, details=details, injections=injections)
    if errors:
        raise SessionInputError(errors)
    created = session is None
    with transaction.atomic():
        if session is None:
            session = Session(
                course=course,
                patient_id=course.patient_id,
                clinic_id=course.clinic_id,
                cycle=next_cycle(course=course),
                physician=by,
            )
        else:
            # Re-read under lock: a sign that raced us must win, and then we refuse.
            session = Session.objects.select_for_update().get(pk=session.pk)
            if session.is_signed:
                raise SessionLocked
        session.performed_on = details.performed_on
        session.lot = lot
        session.units_per_ml = details.units_per_ml
        session.local_anaesthetic = details.local_anaesthetic
        session.duration_minutes = details.duration_minutes
        session.observation_minutes = details.observation_minutes
        session.observation_note = details.observation_note.strip()
        session.immediate_reactions = details.immediate_reactions.strip()
        session.total_units = sum(r.units for r in injections)
        session.save()
        session.injections.all().delete()
        InjectionSite.objects.bulk_create(
            [
                InjectionSite(
                    session=session, muscle=r.muscle, side=r.side, sites=r.sites, units=r.units
                )
                for r in injections
                if r.units > 0 or r.sites > 0
            ]
        )
        _store_figures(session=session, review=review_session(session=session))
        audit.record(
            actor=by,
            action="create" if created else "update",
            obj=session,
            patient=course.patient_id,
            clinic=course.clinic_id,
        )
    return session


def _store_figures(*, session: Session, review: SessionReview) -> None:
    session.total_units = review.total_units
    session.vials = [list(v) for v in review.vials.vials] if review.vials else []
    session.waste_units = review.vials.waste_units if review.vials else 0
    session.cost = review.cost.total if review.cost else None
    session.cost_currency = review.cost.currency if review.cost else ""
    session.save(update_fields=["total_units", "vials", "waste_units", "cost", "cost_currency"])


def price_list(*, clinic_id: int, on: dt.date) -> tuple[PriceList, bool]:
    """The clinic's prices valid on a date as a PriceList; the default when it has none."""
    rows = VialPrice.objects.filter(clinic_id=clinic_id, valid_from__lte=on).order_by(
        "vial_units", "-valid_from"
    )
    prices: dict[int, Decimal] = {}
    currency = ""
    for row in rows:
        if row.vial_units not in prices:
            prices[row.vial_units] = row.price
            currency = currency or row.currency
    if not prices:
        return DEFAULT_PRICE_LIST, True
    clinic = Clinic.objects.get(pk=clinic_id)
    return PriceList(f"{clinic.slug}-{on.isoformat()}", currency, MappingProxyType(prices)), False


def summarise(rows: Sequence[PlanRow]) -> tuple[list[MuscleTotal], int, int]:
    """Units and sites per muscle (both sides together), and for the whole session."""
    per_muscle: dict[str, list[int]] = {}
    for r in rows:
        totals = per_muscle.setdefault(r.muscle, [0, 0])
        totals[0] += r.sites
        totals[1] += r.units
    return (
        [MuscleTotal(m, s, u) for m, (s, u) in per_muscle.items()],
        sum(r.units for r in rows),
        sum(r.sites for r in rows),
    )


def last_session_before(*, session: Session) -> dt.date | None:
    """The latest other signed session of the course on or before this one's date."""
    return (
        Session.objects.filter(
            course_id=session.course_id,
            state=Session.State.SIGNED,
            performed_on__lte=session.performed_on,
        )
        .exclude(pk=session.pk)
        .order_by("-performed_on")
        .values_list("performed_on", flat=True)
        .first()
    )


def review_session(*, session: Session) -> SessionReview:
    """Check the session against the limits and its protocol; vials, waste and cost."""
    course = session.course
    rows = stored_rows(session=session, course=course)
    injections = [
        Injection(r.muscle, r.side, r.sites, r.units)  # type: ignore[arg-type]
        for r in rows
        if r.units > 0 or r.sites > 0
    ]
    check = check_session(
        injections,
        on=session.performed_on,
        last_session=last_session_before(session=session),
        protocol=protocol_for(course=course),
    )
    muscle_totals, total_units, total_sites = summarise(rows)
    review = SessionReview(
        check=check,
        rows=rows,
        muscle_totals=muscle_totals,
        total_units=total_units,
        total_sites=total_sites,
    )
    lot = session.lot
    if lot is not None and lot.expires_on < session.performed_on:
        review.lot_problem = _("Lot %(lot)s expired on %(date)s.") % {
            "lot": lot.lot_number,
            "date": shown_date(lot.expires_on),
        }
    if total_units > 0:
        if lot is not None:
            sizes: list[int] = [lot.vial_units]
            stock: dict[int, int] | None = {lot.vial_units: lot.vials_in_stock}
        else:
            stock = {}
            for size, count in (
                lots_for(clinic_id=session.clinic_id)
                .filter(expires_on__gte=session.performed_on, vials_in_stock__gt=0)
                .values_list("vial_units", "vials_in_stock")
            ):
                stock[size] = stock.get(size, 0) + count
            sizes = sorted(stock) or [100, 200]
            stock = stock or None
        if session.is_signed:
            stock = None  # the stock was already taken; show what was opened
        try:
            review.vials = choose_vials(total_units, sizes, stock)
        except DosingError as exc:
            review.vial_problem = dosing_error_text(exc)
        if review.vials is not None:
            prices, review.default_prices = price_list(
                clinic_id=session.clinic_id, on=session.performed_on
            )
            review.price_list = prices.name
            try:
                review.cost = session_cost(review.vials, prices)
            except DosingError as exc:
                review.cost_problem = dosing_error_text(exc)
    blockers = [finding_text(f) for f in check.hard_stops]
    if lot is None:
        blockers.append(_("Choose the lot the vials come from."))
    if review.lot_problem:
        blockers.append(review.lot_problem)
    if review.vial_problem:
        blockers.append(review.vial_problem)
    if total_units <= 0:
        blockers.append(_("No units are recorded."))
    review.sign_blockers = blockers
    if session.is_signed:
        review.next = next_treatment(session.performed_on)
    return review


def sign_session(*, session: Session, by: Any) -> Session:
    """Sign: only without hard stops; store the check, take the vials from stock, follow up."""
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("course", "lot")
            .get(pk=session.pk)
        )
        if session.is_signed:
            raise SessionLocked
        review = review_session(session=session)
        if not review.can_sign:
            raise SessionInputError({"sign": "; ".join(review.sign_blockers)})
        assert session.lot is not None and review.vials is not None
        lot = VialLot.objects.select_for_update().get(pk=session.lot.pk)
        opened = review.vials.vial_count
        if lot.vials_in_stock < opened:
            raise SessionInputError(
                {
                    "lot": _("Lot %(lot)s has %(n)s vials in stock; %(need)s are needed.")
                    % {"lot": lot.lot_number, "n": lot.vials_in_stock, "need": opened}
                }
            )
        lot.vials_in_stock -= opened
        lot.save(update_fields=["vials_in_stock"])
        _store_figures(session=session, review=review)
        session.limits_check = {
            "rules": review.check.limits,
            "hard_stops": [stored_finding(f) for f in review.check.hard_stops],
            "warnings": [stored_finding(f) for f in review.check.warnings],
        }
        session.state = Session.State.SIGNED
        session.signed_at = timezone.now()
        session.signed_by = by
        session.save(update_fields=["limits_check", "state", "signed_at", "signed_by"])
        _start_course_by(session=session, by=by)
        create_follow_ups(session=session)
        audit.record(
            actor=by,
            action="sign",
            obj=session,
            patient=session.patient_id,
            clinic=session.clinic_id,
        )
    return session


def _start_course_by(*, session: Session, by: Any) -> None:
    """A course starts on its first treatment at the latest: signing a session dated before
    the course's start (one given before the course was entered) moves the start back."""
    course = session.course
    if session.performed_on >= course.started_on:
        return
    earlier = course.started_on
    course.started_on = session.performed_on
    course.save(update_fields=["started_on"])
    audit.record(
        actor=by,
        action="update",
        obj=course,
        patient=session.patient_id,
        clinic=session.clinic_id,
        reason=f"started_on {earlier.isoformat()} -> {session.performed_on.isoformat()}: "
        f"session {session.pk} signed",
    )


def add_addendum(*, session: Session, by: Any, text: str) -> Addendum:
    """A correction or addition to a signed session; the session itself stays as signed."""
    text = text.strip()
    if not session.is_signed:
        raise SessionInputError(
            {"text": _("Change the draft itself; addenda are for signed sessions.")}
        )
    if not text:
        raise SessionInputError({"text": _("Write the addendum.")})
    if len(text) > 4000:
        raise SessionInputError({"text": _("Keep the addendum to 4000 characters or fewer.")})
    with transaction.atomic():
        addendum = Addendum.objects.create(session=session, text=text, by=by)
        audit.record(
            actor=by,
            action="create",
            obj=addendum,
            patient=session.patient_id,
            clinic=session.clinic_id,
        )
    return addendum
