"""number_from_cell's shortcut for fractions gives what the general rule gives."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongshu_kpi.core.numbers import digits_problem
from gongshu_kpi.loaders.numbers import NumberError, number_from_cell


def _as_excel_shows(value: float) -> Decimal:
    """The rule as first written: 15 significant digits, a whole number as an integer."""
    shown = Decimal(format(value, ".15g"))
    if shown == shown.to_integral_value():
        return Decimal(int(shown))
    return shown


@settings(max_examples=2000, deadline=None)
@given(
    st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(-(10**9), 10**9).map(lambda n: n / 100)
    | st.sampled_from([0.0, -0.0, 713.9999999999999, 1e16, 1.5e16, 1e-5, 123.45, -7.0])
)
def test_number_from_cell_equals_the_general_rule(value: float) -> None:
    expected = _as_excel_shows(value)
    if digits_problem(Decimal(format(value, ".15g"))) is not None:  # 1e308, 1e-300
        with pytest.raises(NumberError, match="上限"):
            number_from_cell(value)
        return
    got = number_from_cell(value)
    assert (str(got), got.as_tuple()) == (str(expected), expected.as_tuple())
