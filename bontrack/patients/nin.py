"""Norwegian national identity numbers: fødselsnummer and D-number, with both check digits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class InvalidNationalId(ValueError):
    """The number is not a valid fødselsnummer or D-number; the message says why."""


@dataclass(frozen=True)
class NationalId:
    number: str
    kind: str  # "fnr" or "dnr"
    birth_date: dt.date
    synthetic: bool = False


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 11:
        return 0
    if remainder == 10:
        return None  # no valid number has this prefix
    return remainder


def _century(year2: int, individual: int) -> int | None:
    # The individual number (digits 7–9) tells the century, per Skatteetaten's allocation.
    if individual <= 499:
        return 1900
    if individual <= 749 and year2 >= 54:
        return 1800
    if individual >= 900 and year2 >= 40:
        return 1900
    if year2 <= 39:
        return 2000
    return None


def parse_national_id(raw: str, *, allow_synthetic: bool = False) -> NationalId:
    """Validate an 11-digit fødselsnummer or D-number and return it with the birth date.

    Synthetic test numbers (Skatteetaten's test population adds 80 to the month) belong to
    no real person; they are accepted only where `allow_synthetic` is set (demo and tests).
    """
    number = "".join(raw.split())
    if len(number) != 11 or not number.isdigit():
        raise InvalidNationalId("must be exactly 11 digits")
    if _check_digit(number[:9], _WEIGHTS_1) != int(number[9]):
        raise InvalidNationalId("the first check digit is wrong")
    if _check_digit(number[:10], _WEIGHTS_2) != int(number[10]):
        raise InvalidNationalId("the second check digit is wrong")
    day, month, year2 = int(number[0:2]), int(number[2:4]), int(number[4:6])
    kind = "fnr"
    if day > 40:  # a D-number adds 4 to the first digit of the day
        kind, day = "dnr", day - 40
    synthetic = month > 80
    if synthetic:
        if not allow_synthetic:
            raise InvalidNationalId("synthetic test numbers are not accepted here")
        month -= 80
    century = _century(year2, int(number[6:9]))
    if century is None:
        raise InvalidNationalId("the individual number does not match any birth year")
    try:
        birth_date = dt.date(century + year2, month, day)
    except ValueError:
        raise InvalidNationalId("the first six digits are not a date of birth") from None
    return NationalId(number=number, kind=kind, birth_date=birth_date, synthetic=synthetic)


def make_national_id(
    birth_date: dt.date, individual: int, *, d_number: bool = False, synthetic: bool = False
) -> str:
    """Build a valid number for a birth date and individual number (for demo and test data)."""
    day = birth_date.day + (40 if d_number else 0)
    month = birth_date.month + (80 if synthetic else 0)
    for ind in range(individual, individual + 50):
        prefix = f"{day:02d}{month:02d}{birth_date.year % 100:02d}{ind % 1000:03d}"
        k1 = _check_digit(prefix, _WEIGHTS_1)
        if k1 is None:
            continue
        k2 = _check_digit(prefix + str(k1), _WEIGHTS_2)
        if k2 is None:
            continue
        return prefix + str(k1) + str(k2)
    raise ValueError("no valid number near that individual number")
