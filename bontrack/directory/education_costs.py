"""The cost calculator of /om-behandlingen/kostnader/: units → vials → NOK.

Vial sizes and prices are data (a JSON file an operator edits, path in the setting
BONTRACK_EDUCATION_PRICES), never code; the arithmetic is bontrack.clinical.dosing's, so the
page and a recorded session price a dose the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any

from django.conf import settings

from bontrack.clinical.dosing import (
    CopaymentRules,
    Cost,
    PatientShare,
    PriceList,
    VialChoice,
    choose_vials,
    patient_share,
    session_cost,
)
from bontrack.clinical.protocol import PREEMPT
from bontrack.clinical.rules import LABEL_LIMITS, SCHEDULE_DEFAULT

DEFAULT_PRICES_FILE = Path(__file__).resolve().parent / "data" / "education_prices.json"

# The calculator's range: from a small dose up to the label's cap for one session.
MIN_UNITS = 100
MAX_UNITS = LABEL_LIMITS.max_units_per_session


class PriceDataError(ValueError):
    """The price file cannot be read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class PublicPrices:
    """The public price list and, when an operator has entered them, the co-payment rules."""

    prices: PriceList
    copayment: CopaymentRules | None

    @property
    def vial_sizes(self) -> list[int]:
        return sorted(self.prices.vial_prices)

    @property
    def rows(self) -> list[tuple[int, Decimal]]:
        """(vial units, price) from the smallest vial up."""
        return [(size, self.prices.vial_prices[size]) for size in self.vial_sizes]


def prices_file() -> Path:
    return Path(getattr(settings, "BONTRACK_EDUCATION_PRICES", DEFAULT_PRICES_FILE))


def _decimal(value: Any, where: str, path: Path) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise PriceDataError(f"{path}: {where} must be a number, got {value!r}") from None
    if number < 0:
        raise PriceDataError(f"{path}: {where} must not be negative, got {value!r}")
    return number


def load_prices(path: Path | None = None) -> PublicPrices:
    """The price list from the JSON file; PriceDataError naming the field if it is wrong."""
    path = path or prices_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PriceDataError(f"{path}: cannot be read as JSON ({exc})") from None
    vials: dict[int, Decimal] = {}
    for i, row in enumerate(data.get("vials") or []):
        units = row.get("units")
        if not isinstance(units, int) or units <= 0:
            raise PriceDataError(f"{path}: vials[{i}].units must be a whole number above 0")
        vials[units] = _decimal(row.get("price"), f"vials[{i}].price", path)
    if not vials:
        raise PriceDataError(f"{path}: no vials with prices")
    copayment = None
    raw = data.get("copayment")
    if raw:
        copayment = CopaymentRules(
            name=str(raw.get("name", "co-payment")),
            percent=_decimal(raw.get("percent"), "copayment.percent", path),
            max_per_dispensing=_decimal(
                raw.get("max_per_dispensing"), "copayment.max_per_dispensing", path
            ),
            annual_cap=_decimal(raw.get("annual_cap"), "copayment.annual_cap", path),
        )
    prices = PriceList(
        str(data.get("name", path.stem)), str(data.get("currency", "NOK")), MappingProxyType(vials)
    )
    return PublicPrices(prices, copayment)


@dataclass(frozen=True)
class Estimate:
    """What one treatment of `units` costs in medicine, and who pays what."""

    units: int
    choice: VialChoice
    cost: Cost
    self_pay: PatientShare
    blue: PatientShare | None
    treatments_per_year: int

    @property
    def per_year(self) -> Decimal:
        return self.cost.total * self.treatments_per_year


def treatments_per_year() -> int:
    """Whole treatments that fit in a year at the shortest interval (12 weeks → 4)."""
    return 365 // SCHEDULE_DEFAULT.min_interval_days


def estimate(units: int, public: PublicPrices | None = None) -> Estimate:
    """The medicine cost of one treatment; DosingError from the core if it cannot be priced."""
    public = public or load_prices()
    choice = choose_vials(units, public.vial_sizes)
    cost = session_cost(choice, public.prices)
    blue = (
        patient_share(cost.total, "blue_prescription", public.copayment)
        if public.copayment is not None
        else None
    )
    return Estimate(
        units, choice, cost, patient_share(cost.total, "self_pay"), blue, treatments_per_year()
    )


def presets() -> list[int]:
    """Doses worth one click: PREEMPT's usual dose and its most with extra injections."""
    return [PREEMPT.total_units, PREEMPT.max_total_units]
