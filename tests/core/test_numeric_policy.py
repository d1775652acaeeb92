"""One numeric policy: exact at every size it accepts, a located error beyond it.

Values have at most 30 integer and 15 fraction digits (core/numbers.py); within that every
sum, rate, growth and projection is checked here against exact rational arithmetic
(fractions.Fraction), at 1, 28, 29 and 30 digits and at the smallest fractions.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.figures import project
from gongshu_kpi.core.formulas import growth
from gongshu_kpi.core.models import Indicator, Kind
from gongshu_kpi.core.numbers import (
    MAX_FRACTION_DIGITS,
    MAX_INTEGER_DIGITS,
    digits_problem,
    percent,
    round_to,
)
from gongshu_kpi.core.rollup import Point, sum_series
from gongshu_kpi.loaders.numbers import NumberError, number_from_cell, parse_number

runner = CliRunner()


def decimals(integer_digits: int) -> st.SearchStrategy[Decimal]:
    """Positive decimals with exactly this many integer digits and 0-15 fraction digits."""
    wholes = st.integers(10 ** (integer_digits - 1), 10**integer_digits - 1)
    return st.tuples(wholes, st.integers(0, MAX_FRACTION_DIGITS)).flatmap(
        lambda pair: st.integers(0, 10 ** pair[1] - 1).map(
            lambda frac: Decimal(f"{pair[0]}.{frac:0{pair[1]}d}") if pair[1] else Decimal(pair[0])
        )
    )


def exact_round(value: Fraction, places: int) -> Decimal:
    """Half-up rounding of an exact rational, the oracle."""
    scaled = value * 10**places
    sign = -1 if scaled < 0 else 1
    rounded = sign * math.floor(abs(scaled) + Fraction(1, 2))
    return (Decimal(rounded) / Decimal(10**places)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )


SIZES = st.sampled_from([1, 2, 15, 27, 28, 29, 30])


@settings(max_examples=300, deadline=None)
@given(SIZES.flatmap(lambda n: st.lists(decimals(n), min_size=1, max_size=40)))
def test_sums_are_exact_at_every_accepted_size(values: list[Decimal]) -> None:
    """Roll-ups used the default 28-digit context: 29-digit sums were rounded."""
    summed = sum_series([{6: v} for v in values])[6]
    assert Fraction(summed) == sum(Fraction(v) for v in values)
    assert sum(values, Decimal(0)) == summed  # bare arithmetic follows the policy too


@settings(max_examples=300, deadline=None)
@given(SIZES.flatmap(decimals), SIZES.flatmap(decimals), st.integers(0, 6))
def test_rates_round_the_exact_quotient(actual: Decimal, target: Decimal, places: int) -> None:
    got = round_to(percent(actual, target), places)
    assert got == exact_round(Fraction(actual) / Fraction(target) * 100, places)
    assert round_to(growth(actual, target), places) == exact_round(
        (Fraction(actual) - Fraction(target)) / Fraction(target) * 100, places
    )


def _indicator() -> Indicator:
    return Indicator(id="x", name="产业投资", unit="亿元", target=Decimal(1), kind=Kind.FLOW)


@settings(max_examples=200, deadline=None)
@given(
    SIZES.flatmap(decimals), SIZES.flatmap(decimals), SIZES.flatmap(decimals), st.integers(1, 11)
)
def test_projections_are_exact_from_29_digits_on(
    ytd: Decimal, last_ytd: Decimal, last_full: Decimal, month: int
) -> None:
    """The seasonal projection (YTD × last full year ÷ last YTD) was wrong from 29 digits."""
    point = Point(ytd, tuple)
    last = {month: Point(last_ytd, tuple), 12: Point(last_full, tuple)}
    got = project(_indicator(), point, month, last, "half-up")
    assert got is not None and got.method == "seasonal"
    places = max(0, -ytd.as_tuple().exponent)  # type: ignore[operator]
    expected = exact_round(Fraction(ytd) * Fraction(last_full) / Fraction(last_ytd), places)
    assert got.value == expected
    run_rate = project(_indicator(), point, month, {}, "half-up")
    assert run_rate is not None
    assert run_rate.value == exact_round(Fraction(ytd) * 12 / month, places)


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("7", True),
        ("9" * 28, True),
        ("9" * 29, True),
        ("9" * MAX_INTEGER_DIGITS, True),
        ("9" * (MAX_INTEGER_DIGITS + 1), False),
        ("9" * 60, False),
        ("2783" + "0" * 57, False),
        ("0." + "0" * 14 + "1", True),
        ("0." + "0" * 15 + "1", False),
        ("0." + "0" * 54 + "1", False),
        ("1" + "0" * 4400, False),
    ],
)
def test_typed_numbers_within_the_policy_or_a_clear_error(text: str, accepted: bool) -> None:
    if accepted:
        assert str(parse_number(text).value) == str(Decimal(text))
    else:
        with pytest.raises(NumberError, match="上限") as raised:
            parse_number(text)
        assert len(raised.value.message) < 200  # a 4,400-digit number is not echoed whole


@pytest.mark.parametrize("value", [1e308, -1e308, 1e-300, 1.5e31, 5e-16])
def test_spreadsheet_numbers_beyond_the_policy_are_errors(value: float) -> None:
    with pytest.raises(NumberError, match="上限"):
        number_from_cell(value)


def test_policy_edges() -> None:
    assert digits_problem(Decimal("1E+29")) is None
    assert digits_problem(Decimal("1E+30")) is not None
    assert digits_problem(Decimal("0E-16")) is not None  # a zero written with 16 places
    assert digits_problem(Decimal("Infinity")) == "不是有限数"


@pytest.mark.parametrize("text", ["27.83¹", "13²", "①", "⑩", "½", "₃", "2⁰20", "𝟙𝟚"])
def test_compatibility_digits_are_errors_never_numbers(text: str) -> None:
    """NFKC would read 27.83¹ (a footnote marker) as 27.831, 13² as 132 and ① as 1."""
    with pytest.raises(NumberError, match="特殊数字字符"):
        parse_number(text)


def test_full_width_digits_are_still_read() -> None:
    assert str(parse_number("４１９．７２").value) == "419.72"


@pytest.mark.parametrize(("text", "shown"), [("-0", "0"), ("-0.00", "0.00"), ("－0.0", "0.0")])
def test_minus_zero_is_zero(text: str, shown: str) -> None:
    assert str(parse_number(text).value) == shown
    assert str(number_from_cell(-0.0)) == "0"
    assert str(round_to(Decimal("-0.001"), 2)) == "0.00"


def _project(tmp_path: Path, targets: str, rows: str) -> Path:
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(targets, encoding="utf-8")
    (data / "actuals" / "a.csv").write_text("指标,月份,数值,口径\n" + rows, encoding="utf-8")
    return data


TARGETS = (
    "year: 2020\nindicators:\n  - {id: inv, name: 产业投资, unit: 亿元, target: 46, kind: flow}\n"
)


def test_a_minus_zero_actual_prints_zero(tmp_path: Path) -> None:
    data = _project(tmp_path, TARGETS, "产业投资,2020-06,-0,累计\n")
    result = runner.invoke(app, ["report", "--data", str(data), "--template", "bulletin"])
    assert result.exit_code == 0, result.output
    assert "完成0亿元，完成率0.00%" in result.output
    assert "-0" not in result.output


@pytest.mark.parametrize(
    ("targets", "rows", "where"),
    [
        (
            TARGETS.replace("target: 46", "target: 4.6e-400"),
            "产业投资,2020-06,1,累计\n",
            "targets.yaml:3",
        ),
        (
            TARGETS.replace("target: 46", "target: 1" + "0" * 4400),
            "产业投资,2020-06,1,累计\n",
            "targets.yaml:3",
        ),
        (TARGETS, "产业投资,2020-06,1e-55,累计\n", "a.csv:2"),
        (
            TARGETS.replace("kind: flow", "kind: flow, direction: lower"),
            "产业投资,2020-06,0.0000000000000000000001,累计\n",
            "a.csv:2",
        ),
        (TARGETS, "产业投资,2020-06," + "9" * 48 + ",累计\n", "a.csv:2"),
        (TARGETS, "产业投资,2020-06,27.83¹,累计\n", "a.csv:2"),
    ],
)
def test_hostile_numbers_are_data_errors_not_crashes(
    tmp_path: Path, targets: str, rows: str, where: str
) -> None:
    """Each of these exited 3 (an internal error), and `kpi check` passed some of them."""
    data = _project(tmp_path, targets, rows)
    for command in (["report"], ["check"]):
        result = runner.invoke(app, [*command, "--data", str(data)])
        assert result.exit_code == 1, result.output
        assert where in result.output and "内部错误" not in result.output
