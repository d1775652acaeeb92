"""Periods of a month, quarter or half-year: parsing `--period` values and data cells, labels."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongshu_kpi.core.periodic.period import (
    Frequency,
    LabelStyle,
    Period,
    label,
    label_en,
    parse_period,
)
from tests import paths

PACKAGE = paths.PACKAGE / "core" / "periodic"


@pytest.mark.parametrize(
    ("text", "expected", "frequency"),
    [
        ("2021-Q2", Period(2021, 4, 6), Frequency.QUARTERLY),
        ("2021q2", Period(2021, 4, 6), Frequency.QUARTERLY),
        ("2021-H1", Period(2021, 1, 6), Frequency.HALF_YEARLY),
        ("2021 H2", Period(2021, 7, 12), Frequency.HALF_YEARLY),
        ("2021-06", Period(2021, 6, 6), Frequency.MONTHLY),
        ("2021年6月", Period(2021, 6, 6), Frequency.MONTHLY),
        ("2021年一季度", Period(2021, 1, 3), Frequency.QUARTERLY),
        ("2021年第三季度", Period(2021, 7, 9), Frequency.QUARTERLY),
        ("2021年4季度", Period(2021, 10, 12), Frequency.QUARTERLY),
        ("2021Q1", Period(2021, 1, 3), Frequency.QUARTERLY),
        ("2021年1-3月", Period(2021, 1, 3), Frequency.QUARTERLY),
        ("2021年上半年", Period(2021, 1, 6), Frequency.HALF_YEARLY),
        ("2021年下半年", Period(2021, 7, 12), Frequency.HALF_YEARLY),
        ("2021年二季度", Period(2021, 4, 6), Frequency.QUARTERLY),
        ("2021年前三季度", Period(2021, 1, 9), None),
        ("2021年全年", Period(2021, 1, 12), None),
        ("2021年1-2月", Period(2021, 1, 2), None),
    ],
)
def test_parse_period(text: str, expected: Period, frequency: Frequency | None) -> None:
    """Every form offices write parses to the months it means, with its frequency."""
    period = parse_period(text)
    assert period == expected
    assert period.frequency is frequency


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021-Q5", "季度应写作 Q1 到 Q4（如 2021-Q2）"),
        ("2021-H3", "半年只有 H1（上半年）和 H2（下半年）"),
        ("2021年五季度", "应写作 2021-06、2021-Q2、2021-H1"),
        ("上半年", "应写作 2021-06、2021-Q2、2021-H1"),
        ("2021年3-1月", "无法识别的期间“2021年3-1月”"),
    ],
)
def test_parse_period_refuses_with_the_fix(text: str, message: str) -> None:
    """A period that cannot be read is refused in Chinese, naming the forms that work."""
    with pytest.raises(ValueError, match=message):
        parse_period(text)


@pytest.mark.parametrize(
    ("period", "months", "names"),
    [
        (Period(2021, 1, 6), "1-6月", "上半年"),
        (Period(2021, 1, 9), "1-9月", "前三季度"),
        (Period(2021, 1, 3), "1-3月", "一季度"),
        (Period(2021, 4, 6), "4-6月", "二季度"),
        (Period(2021, 10, 12), "10-12月", "四季度"),
        (Period(2021, 7, 12), "7-12月", "下半年"),
        (Period(2021, 1, 12), "1-12月", "全年"),
        (Period(2021, 1, 5), "1-5月", "1-5月"),  # no name of its own
        (Period(2021, 1, 2), "1-2月", "1-2月"),
        (Period(2021, 6, 6), "6月", "6月"),
        (Period(2021, 1, 1), "1月", "1月"),
    ],
)
def test_labels_follow_the_setting(period: Period, months: str, names: str) -> None:
    """Labels by months (1-6月) or by name (上半年) as the office's setting asks."""
    assert label(period) == months
    assert label(period, LabelStyle.MONTHS) == months
    assert label(period, LabelStyle.NAMES) == names


@pytest.mark.parametrize(
    ("period", "months", "names"),
    [
        (Period(2021, 1, 6), "Jan-Jun", "H1"),
        (Period(2021, 1, 9), "Jan-Sep", "Q1-Q3"),
        (Period(2021, 4, 6), "Apr-Jun", "Q2"),
        (Period(2021, 7, 12), "Jul-Dec", "H2"),
        (Period(2021, 1, 12), "Jan-Dec", "Full year"),
        (Period(2021, 1, 2), "Jan-Feb", "Jan-Feb"),
        (Period(2021, 6, 6), "Jun", "Jun"),
    ],
)
def test_english_labels(period: Period, months: str, names: str) -> None:
    """English output names periods the way its month labels do (Jan-Jun) or by name (H1)."""
    assert label_en(period) == months
    assert label_en(period, LabelStyle.NAMES) == names


def test_period_navigation() -> None:
    """The period before one of the same length crosses the year; same months last year."""
    assert Period(2021, 4, 6).before() == Period(2021, 1, 3)
    assert Period(2021, 1, 3).before() == Period(2020, 10, 12)
    assert Period(2021, 1, 1).before() == Period(2020, 12, 12)
    assert Period(2021, 3, 4).before() == Period(2021, 1, 2)
    assert Period(2021, 4, 6).last_year() == Period(2020, 4, 6)
    assert Period(2021, 4, 6).year_to_date == Period(2021, 1, 6)
    assert str(Period(2021, 4, 6)) == "2021年4-6月"
    assert Period(2021, 7, 9).number == 3 and Period(2021, 1, 9).number == 0
    with pytest.raises(ValueError, match="跨年"):
        Period(2021, 2, 4).before()
    with pytest.raises(ValueError, match="起止有序"):
        Period(2021, 6, 4)
    with pytest.raises(ValueError, match="没有第 5 个季度"):
        Period.of(2021, Frequency.QUARTERLY, 5)


@given(
    st.integers(2000, 2099),
    st.sampled_from(list(Frequency)),
    st.data(),
)
def test_codes_round_trip(year: int, frequency: Frequency, data: st.DataObject) -> None:
    """A period written as a code or as its Chinese name parses back to itself."""
    number = data.draw(st.integers(1, frequency.per_year))
    period = Period.of(year, frequency, number)
    assert period.frequency is frequency and period.number == number
    assert parse_period(f"{year}年{label(period)}") == period
    if frequency is Frequency.QUARTERLY:
        assert parse_period(f"{year}-Q{number}") == period
        assert parse_period(f"{year}年{label(period, LabelStyle.NAMES)}") == period
    if frequency is Frequency.HALF_YEARLY:
        assert parse_period(f"{year}-H{number}") == period


@given(st.integers(2000, 2099), st.integers(1, 12), st.integers(1, 12))
def test_any_window_label_parses_back(year: int, a: int, b: int) -> None:
    """Any window's label (4-6月, 1-9月, 6月), after its year, reads back as the window."""
    period = Period(year, min(a, b), max(a, b))
    assert parse_period(f"{year}年{label(period)}") == period
    assert str(period) == f"{year}年{label(period)}"


def test_periodic_package_is_pure() -> None:
    """core/periodic imports no file, YAML, Excel, terminal or template library."""
    banned = {"pathlib", "os", "io", "yaml", "openpyxl", "rich", "typer", "jinja2", "polars"}
    paths = sorted(PACKAGE.glob("*.py"))
    assert len(paths) >= 6
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                roots = {node.module.split(".")[0]}
            else:
                continue
            assert not roots & banned, f"{path.name} imports {roots & banned}"
