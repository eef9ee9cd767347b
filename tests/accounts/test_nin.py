from __future__ import annotations

import datetime as dt

import pytest

from bontrack.patients.nin import InvalidNationalId, make_national_id, parse_national_id


@pytest.mark.parametrize(
    ("birth", "individual", "d_number"),
    [
        (dt.date(1980, 5, 17), 123, False),
        (dt.date(2003, 12, 31), 512, False),
        (dt.date(1956, 2, 29), 10, False),
        (dt.date(1990, 7, 7), 345, True),
    ],
)
def test_a_valid_number_gives_its_birth_date(
    birth: dt.date, individual: int, d_number: bool
) -> None:
    number = make_national_id(birth, individual, d_number=d_number)
    parsed = parse_national_id(number)
    assert parsed.birth_date == birth
    assert parsed.kind == ("dnr" if d_number else "fnr")


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("1234567890", "exactly 11 digits"),
        ("0101075016x", "exactly 11 digits"),
        ("17058012328", "second check digit"),
        ("17058012337", "first check digit"),
        ("", "exactly 11 digits"),
    ],
)
def test_an_invalid_number_says_what_is_wrong(raw: str, why: str) -> None:
    with pytest.raises(InvalidNationalId, match=why):
        parse_national_id(raw)


def test_a_number_whose_digits_are_not_a_date_is_refused() -> None:
    # 31 February 1980: both check digits computed for it, yet no such day exists.
    with pytest.raises(InvalidNationalId, match="date of birth"):
        parse_national_id(_with_check_digits("310280123"))


def test_synthetic_test_numbers_are_refused_unless_allowed() -> None:
    number = make_national_id(dt.date(1984, 3, 14), 101, synthetic=True)
    with pytest.raises(InvalidNationalId, match="synthetic"):
        parse_national_id(number)
    assert parse_national_id(number, allow_synthetic=True).birth_date == dt.date(1984, 3, 14)


def test_spaces_in_the_number_are_ignored() -> None:
    number = make_national_id(dt.date(1980, 5, 17), 123)
    assert parse_national_id(f"{number[:6]} {number[6:]}").number == number


def _with_check_digits(nine: str) -> str:
    w1, w2 = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    k1 = (11 - sum(int(d) * w for d, w in zip(nine, w1, strict=True)) % 11) % 11
    ten = nine + str(k1)
    k2 = (11 - sum(int(d) * w for d, w in zip(ten, w2, strict=True)) % 11) % 11
    return ten + str(k2)
