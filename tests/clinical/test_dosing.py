"""Vial choice, waste, reconstitution, cost and the patient's share."""

from decimal import Decimal
from itertools import product
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bontrack.clinical.dosing import (
    DEFAULT_PRICE_LIST,
    CopaymentRules,
    DosingError,
    PriceList,
    choose_vials,
    injection_ml,
    patient_share,
    reconstitution_ml,
    session_cost,
)


@pytest.mark.parametrize(
    ("units", "vials", "waste"),
    [
        (155, ((200, 1),), 45),
        (195, ((200, 1),), 5),
        (100, ((100, 1),), 0),
        (200, ((200, 1),), 0),
        (300, ((200, 1), (100, 1)), 0),
        (250, ((200, 1), (100, 1)), 50),
        (50, ((100, 1),), 50),
    ],
)
def test_least_waste_then_fewest_vials(units: int, vials: tuple[tuple[int, int], ...],
                                       waste: int) -> None:
    choice = choose_vials(units, (100, 200))
    assert (choice.vials, choice.waste_units) == (vials, waste)


def test_stock_limits_the_choice() -> None:
    choice = choose_vials(300, (100, 200), stock={100: 0, 200: 5})
    assert choice.vials == ((200, 2),)
    with pytest.raises(DosingError, match="cannot supply 300 U"):
        choose_vials(300, (100, 200), stock={100: 1, 200: 0})


@given(
    units=st.integers(1, 450),
    sizes=st.lists(st.sampled_from([50, 100, 150, 200, 300]), min_size=1, max_size=3,
                   unique=True),
)
def test_the_chosen_vials_never_waste_more_than_any_other_combination(
    units: int, sizes: list[int]
) -> None:
    choice = choose_vials(units, sizes)
    ranges = [range(units // s + 2) for s in sizes]
    for counts in product(*ranges):
        opened = sum(c * s for c, s in zip(counts, sizes, strict=True))
        if opened >= units:
            assert choice.waste_units <= opened - units
            if opened - units == choice.waste_units:
                assert choice.vial_count <= sum(counts)


def test_reconstitution_for_five_units_per_tenth_of_a_millilitre() -> None:
    assert reconstitution_ml(200, Decimal(50)) == Decimal("4.00")
    assert reconstitution_ml(100, Decimal(50)) == Decimal("2.00")
    assert injection_ml(5, Decimal(50)) == Decimal("0.10")


def test_the_default_price_list_holds_4057_nok_per_200_unit_vial() -> None:
    cost = session_cost(choose_vials(155))
    assert (cost.currency, cost.total) == ("NOK", Decimal(4057))
    with pytest.raises(DosingError, match="no price for a 100 U vial"):
        session_cost(choose_vials(100), DEFAULT_PRICE_LIST)


def test_a_price_list_passed_in_is_used() -> None:
    prices = PriceList("clinic-2026", "NOK",
                       MappingProxyType({100: Decimal(2100), 200: Decimal(4000)}))
    assert session_cost(choose_vials(300), prices).total == Decimal(6100)


def test_patient_share_under_blue_prescription_and_self_pay() -> None:
    rules = CopaymentRules("test-copay", Decimal(50), Decimal(520), Decimal(3000))
    share = patient_share(Decimal(4057), "blue_prescription", rules)
    assert (share.patient_pays, share.reimbursed) == (Decimal(520), Decimal(3537))
    capped = patient_share(Decimal(4057), "blue_prescription", rules,
                           paid_this_year=Decimal(2900))
    assert capped.patient_pays == Decimal(100)
    assert "annual cap" in capped.reason
    own = patient_share(Decimal(4057), "self_pay")
    assert (own.patient_pays, own.reimbursed) == (Decimal(4057), Decimal(0))
