"""Property tests of core/units.unit_table: a chain of declared units (each `same_as` the one
before, by an exact factor, declared in any order) converts both ways exactly."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import prod

from hypothesis import given
from hypothesis import strategies as st

from gongshu_kpi.core.units import DeclaredUnit, convert, parse_unit, unit_table

NAMES = "甲乙丙丁戊己"


@given(
    factors=st.lists(st.integers(1, 10_000), min_size=1, max_size=len(NAMES) - 1),
    value=st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False),
    reverse=st.booleans(),
    magnitude=st.sampled_from(["", "万", "亿"]),
)
def test_a_chain_of_declared_units_converts_both_ways_exactly(
    factors: list[int], value: Decimal, reverse: bool, magnitude: str
) -> None:
    names = [f"{NAMES[i]}车次" for i in range(len(factors) + 1)]
    declared = [DeclaredUnit(names[0], "x")] + [
        DeclaredUnit(names[i], "x", same_as=names[i - 1], factor=Fraction(factor))
        for i, factor in enumerate(factors, 1)
    ]
    table = unit_table(reversed(declared) if reverse else declared)
    last, first = parse_unit(magnitude + names[-1], table), parse_unit(names[0], table)
    size = {"": 1, "万": 10**4, "亿": 10**8}[magnitude]
    there = convert(value, last, first)
    assert Fraction(there) == Fraction(value) * prod(factors) * size
    assert convert(there, first, last) == value
