"""number_from_cell's shortcut for fractions gives what the general rule gives."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongshu_kpi.loaders.numbers import number_from_cell


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
    got, expected = number_from_cell(value), _as_excel_shows(value)
    assert (str(got), got.as_tuple()) == (str(expected), expected.as_tuple())
