"""Vials, waste, reconstitution and cost of a session; prices and shares are passed in as data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Literal

from bontrack.clinical.common import InputError, Params

# Every problem dosing can report; the code is stable, so a user interface can word it.
DosingCode = Literal[
    "units_needed",
    "no_vial_sizes",
    "stock_cannot_supply",
    "dilution",
    "no_price",
    "copayment_missing",
]


@dataclass(frozen=True, slots=True)
class DosingProblem:
    """One reason a session cannot be supplied or priced: code, English text and its values."""

    code: DosingCode
    detail: str
    params: Params


class DosingError(InputError):
    """A session that cannot be supplied or priced from what was passed in."""

    def __init__(self, problems: Sequence[DosingProblem]) -> None:
        super().__init__([p.detail for p in problems])
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class VialChoice:
    """Vials to open for a session: sizes (units) to counts, and the units thrown away."""

    units_needed: int
    vials: tuple[tuple[int, int], ...]

    @property
    def units_opened(self) -> int:
        """Units in all opened vials."""
        return sum(size * count for size, count in self.vials)

    @property
    def waste_units(self) -> int:
        """Units left over; opened vials cannot be kept for another patient."""
        return self.units_opened - self.units_needed

    @property
    def vial_count(self) -> int:
        """How many vials are opened."""
        return sum(count for _size, count in self.vials)


def _combinations(
    sizes: Sequence[int], stock: Mapping[int, int] | None, needed: int
) -> list[tuple[int, ...]]:
    """Every count vector that covers `needed` without a vial that only adds waste."""
    limit = [
        min(-(-needed // s), stock.get(s, 0)) if stock is not None else -(-needed // s)
        for s in sizes
    ]
    found: list[tuple[int, ...]] = []

    def walk(i: int, counts: list[int], units: int) -> None:
        if units >= needed:
            found.append(tuple(counts) + (0,) * (len(sizes) - i))
            return
        if i == len(sizes):
            return
        for n in range(limit[i] + 1):
            walk(i + 1, [*counts, n], units + n * sizes[i])

    walk(0, [], 0)
    return found


def choose_vials(
    units_needed: int, sizes: Sequence[int] = (100, 200), stock: Mapping[int, int] | None = None
) -> VialChoice:
    """The vials with the least waste, then the fewest vials; stock limits counts when given."""
    if units_needed <= 0:
        raise DosingError(
            [
                DosingProblem(
                    "units_needed",
                    f"units needed must be above 0, got {units_needed}",
                    (("units", units_needed),),
                )
            ]
        )
    unique = sorted({s for s in sizes if s > 0}, reverse=True)
    if not unique:
        raise DosingError([DosingProblem("no_vial_sizes", "no vial sizes given", ())])
    options = _combinations(unique, stock, units_needed)
    if not options:
        raise DosingError(
            [
                DosingProblem(
                    "stock_cannot_supply",
                    f"the vials in stock cannot supply {units_needed} U",
                    (("units", units_needed),),
                )
            ]
        )

    def cost(counts: tuple[int, ...]) -> tuple[int, int]:
        opened = sum(n * s for n, s in zip(counts, unique, strict=True))
        return opened - units_needed, sum(counts)

    best = min(options, key=cost)
    vials = tuple((s, n) for s, n in zip(unique, best, strict=True) if n)
    return VialChoice(units_needed, vials)


def reconstitution_ml(vial_units: int, units_per_ml: Decimal) -> Decimal:
    """Saline (mL) to add to a vial for a dilution, e.g. 200 U at 50 U/mL → 4 mL."""
    if units_per_ml <= 0:
        raise DosingError(
            [
                DosingProblem(
                    "dilution",
                    f"dilution must be above 0 U/mL, got {units_per_ml}",
                    (("units_per_ml", str(units_per_ml)),),
                )
            ]
        )
    return (Decimal(vial_units) / units_per_ml).quantize(Decimal("0.01"), ROUND_HALF_UP)


def injection_ml(units: int, units_per_ml: Decimal) -> Decimal:
    """Volume (mL) that holds `units` at a dilution, e.g. 5 U at 50 U/mL → 0.1 mL."""
    return reconstitution_ml(units, units_per_ml)


@dataclass(frozen=True, slots=True)
class PriceList:
    """Prices per vial size in one currency; admin-editable data, never code constants."""

    name: str
    currency: str
    vial_prices: MappingProxyType[int, Decimal]


DEFAULT_PRICE_LIST = PriceList(
    name="no-consumer-page-2019",
    currency="NOK",
    vial_prices=MappingProxyType({200: Decimal("4057")}),
)


@dataclass(frozen=True, slots=True)
class Cost:
    """Drug cost of a session, line by line."""

    currency: str
    lines: tuple[tuple[int, int, Decimal], ...]
    total: Decimal


def session_cost(choice: VialChoice, prices: PriceList = DEFAULT_PRICE_LIST) -> Cost:
    """Cost of the chosen vials from a price list; DosingError if a size has no price."""
    lines = []
    missing: list[DosingProblem] = []
    for size, count in choice.vials:
        price = prices.vial_prices.get(size)
        if price is None:
            missing.append(
                DosingProblem(
                    "no_price",
                    f"price list {prices.name} has no price for a {size} U vial",
                    (("price_list", prices.name), ("vial_units", size)),
                )
            )
            continue
        lines.append((size, count, price * count))
    if missing:
        raise DosingError(missing)
    return Cost(prices.currency, tuple(lines), sum((line[2] for line in lines), Decimal(0)))


@dataclass(frozen=True, slots=True)
class CopaymentRules:
    """Blue-prescription co-payment: a share of the cost up to a cap per dispensing and a year."""

    name: str
    percent: Decimal
    max_per_dispensing: Decimal
    annual_cap: Decimal


@dataclass(frozen=True, slots=True)
class PatientShare:
    """What the patient pays and what is reimbursed, with the reason."""

    scheme: Literal["blue_prescription", "self_pay"]
    patient_pays: Decimal
    reimbursed: Decimal
    reason: str


def patient_share(
    cost: Decimal,
    scheme: Literal["blue_prescription", "self_pay"],
    copayment: CopaymentRules | None = None,
    paid_this_year: Decimal = Decimal(0),
) -> PatientShare:
    """Split a cost between patient and payer under blue prescription or self-pay."""
    if scheme == "self_pay":
        return PatientShare(scheme, cost, Decimal(0), "self-pay: the patient pays the full cost")
    if copayment is None:
        raise DosingError(
            [DosingProblem("copayment_missing", "blue prescription needs co-payment rules", ())]
        )
    share = (cost * copayment.percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    share = min(share, copayment.max_per_dispensing)
    room = max(copayment.annual_cap - paid_this_year, Decimal(0))
    pays = min(share, room)
    reason = (
        f"blue prescription ({copayment.name}): {copayment.percent} % up to "
        f"{copayment.max_per_dispensing} per dispensing"
        + ("; the annual cap is reached" if pays < share else "")
    )
    return PatientShare(scheme, pays, cost - pays, reason)
