"""The display rule for amounts (core/display.py) and every output that uses it, on a project
with amounts in 亿元, 万元 and 万美元 entered with one or two decimals, partly in another
magnitude than their indicator's (tests/fixtures/magnitudes)."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.display import AmountRule, amount_text, places_of
from gongshu_kpi.core.units import convert, parse_unit
from tests.paths import FIXTURES

FIXTURE = FIXTURES / "magnitudes"
runner = CliRunner()

# What each figure must print as, whatever the format.
EXPECTED = (
    "100亿元",
    "37.15亿元",
    "150000万元",
    "63500.7万元",
    "3.2亿美元",
    "25431.7万美元",
    "65家",
)
# An amount with three or more decimals: none of the fixture's data has that precision.
SPURIOUS = re.compile(r"\d+\.\d{3,}\s*(?:亿元|万元|亿美元|万美元)")


@pytest.fixture
def magnitudes(tmp_path: Path) -> Path:
    root = tmp_path / "magnitudes"
    shutil.copytree(FIXTURE, root)
    return root


def kpi(folder: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--data", str(folder)])
    assert result.exit_code == 0, result.output
    return result.stdout


def rule(own: str, shown: str, finest: str | None = None, places: int | None = None) -> AmountRule:
    return AmountRule(
        parse_unit(own), parse_unit(shown), parse_unit(finest or own), places, "half-up"
    )


# --- the rule, directly -----------------------------------------------------------------


def test_conversion_to_a_smaller_magnitude_keeps_the_datas_precision() -> None:
    """Issue 17: 11.1564200亿元 into a 万元 indicator was 111564.2000000万元."""
    assert str(convert(Decimal("11.1564200"), parse_unit("亿元"), parse_unit("万元"))) == (
        "111564.200"
    )
    assert str(convert(Decimal("5"), parse_unit("亿元"), parse_unit("万元"))) == "50000"
    assert str(convert(Decimal("1.15"), parse_unit("亿元"), parse_unit("万元"))) == "11500"
    # Division already gives the shortest exact quotient.
    assert str(convert(Decimal("278300"), parse_unit("万元"), parse_unit("亿元"))) == "27.83"


@pytest.mark.parametrize(
    ("value", "own", "shown", "finest", "places", "printed"),
    [
        ("25.80", "亿元", "亿元", None, None, "25.80"),  # entered trailing zero kept
        ("34.70619", "亿元", "亿元", "万元", None, "34.71"),  # 347061.9万元 entered
        ("5.741", "亿元", "亿元", "万元", None, "5.74"),  # 57410万元
        ("82.1111", "亿元", "亿元", "万元", None, "82.11"),
        ("32.4836912", "亿元", "亿元", "万元", None, "32.484"),  # entered with 3 places in 万元
        ("0.0003", "亿元", "亿元", "万元", None, "0.0003"),  # not shown as 0.00
        ("111564.200", "万元", "万元", None, None, "111564.200"),
        ("2.54317", "亿美元", "万美元", "万美元", None, "25431.7"),
        ("3.2", "亿美元", "亿美元", None, None, "3.2"),
        ("45000", "万美元", "亿美元", None, None, "4.5"),  # a target shown in 亿
        ("34.70619", "亿元", "亿元", "万元", 1, "34.7"),  # places declared
        ("46", "亿元", "亿元", None, 2, "46.00"),
        ("2.54317", "亿美元", "万美元", "万美元", 0, "25432"),
    ],
)
def test_amount_rule(
    value: str, own: str, shown: str, finest: str | None, places: int | None, printed: str
) -> None:
    assert rule(own, shown, finest, places).text(Decimal(value)) == printed


def test_thousands_separator() -> None:
    assert amount_text(Decimal("111564.200"), thousands=True) == "111,564.200"
    assert amount_text(Decimal("-1234"), thousands=True) == "-1,234"
    assert amount_text(Decimal("4.5E+4")) == "45000"


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=3),
)
def test_amounts_entered_in_wan_shown_in_yi(units: int, places: int) -> None:
    """Never more places than bulletins print (or the entry had), never further from the
    exact figure than half the last printed place, and the same as the exact figure when
    that already has few enough places."""
    entered = Decimal(units).scaleb(-places)
    exact = convert(entered, parse_unit("万元"), parse_unit("亿元"))
    shown = rule("亿元", "亿元", "万元").value(exact)
    if str(shown) != str(exact):
        assert places_of(shown) <= max(2, places)
        assert abs(shown - exact) <= Decimal(5).scaleb(-places_of(shown) - 1)
        assert shown != 0 or exact == 0
    else:
        assert str(shown) == str(exact)


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(0, 7))
def test_amounts_entered_in_yi_shown_in_wan_keep_their_digits(units: int, places: int) -> None:
    """亿 → 万 moves the decimal point: same digits, no trailing zeros added."""
    entered = Decimal(units).scaleb(-places)
    shown = convert(entered, parse_unit("亿元"), parse_unit("万元"))
    assert shown == entered * 10000
    assert places_of(shown) == max(0, places - 4)


# --- every output -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("report",),
        ("report", "-f", "markdown"),
        ("report", "-f", "html"),
        ("report", "-t", "bulletin"),
        ("report", "-t", "bulletin_full"),
    ],
)
def test_every_text_output_prints_amounts_as_written(magnitudes: Path, args: tuple[str]) -> None:
    out = kpi(magnitudes, *args)
    for figure in EXPECTED:
        assert figure in out, (figure, out)
    assert not SPURIOUS.search(out), SPURIOUS.search(out)


def test_english_bulletin_and_table(magnitudes: Path) -> None:
    """English output: name_en where given, units in English words."""
    targets = magnitudes / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    text = text.replace(
        "    name: 实际利用外资\n", "    name: 实际利用外资\n    name_en: Foreign capital used\n"
    )
    targets.write_text(text, encoding="utf-8")
    out = kpi(magnitudes, "report", "-t", "bulletin_en")
    assert (
        "* Foreign capital used: annual target 3.2 100 million US dollars; "
        "Jan-Mar actual 25431.7 10,000 US dollars; completion 79.47%." in out
    )
    assert "* 营业收入: annual target 100 100 million yuan; Jan-Mar actual 37.15 100 million" in out
    table = kpi(magnitudes, "report", "-f", "markdown", "--lang", "en")
    assert "| Foreign capital used | 3.2 100 million US dollars | Jan-Mar |" in table
    assert "| 65 firms |" in table


def test_by_org_table(magnitudes: Path) -> None:
    out = kpi(magnitudes, "report", "--by", "org", "-f", "markdown")
    assert "| 营业收入 | 东区 | — | 1-3月 | 18.00亿元 |" in out  # 180001.2万元
    assert "| 税收收入 | 东区 | — | 1-3月 | 37000万元 |" in out  # 1.15 + 1.20 + 1.35 亿元
    assert "15000.7万美元" in out
    assert not SPURIOUS.search(out)


def test_json_keeps_exact_figures_and_adds_the_printed_ones(magnitudes: Path) -> None:
    data = json.loads(kpi(magnitudes, "report", "-f", "json"))
    by_id = {line["id"]: line for line in data["indicators"]}
    assert by_id["revenue"]["actual"] == "37.15012"  # exact, in 亿元
    assert by_id["revenue"]["display"] == {
        "target": "100",
        "target_unit": "亿元",
        "actual": "37.15",
        "actual_unit": "亿元",
    }
    assert by_id["tax"]["actual"] == "63500.7"  # no trailing zeros from 亿元 entries
    assert by_id["fdi"]["display"]["actual"] == "25431.7"
    assert by_id["fdi"]["display"]["actual_unit"] == "万美元"
    assert by_id["fdi"]["display"]["target"] == "3.2"


def test_csv_prints_amounts_as_written(magnitudes: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    kpi(magnitudes, "report", "-o", str(out))
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("指标代码,指标,单位,分组,责任单位,类型,年度目标,目标计量单位")
    assert "revenue,营业收入,,,区发改局,flow,100,亿元,2026-03,37.15,亿元,37.15," in lines[1]
    assert ",3.2,亿美元,2026-03,25431.7,万美元,79.47," in lines[3]
    english = tmp_path / "en.csv"
    kpi(magnitudes, "report", "-o", str(english), "--lang", "en")
    header = english.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("id,indicator,org,group,owner,kind,target,target_unit")


def test_declared_places_and_thousands(magnitudes: Path) -> None:
    targets = magnitudes / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    text = text.replace("year: 2026\n", "year: 2026\nsettings:\n  thousands_separator: true\n")
    text = text.replace(
        "    owner: 区税务局\n", "    owner: 区税务局\n    display: {places: 2, target_places: 0}\n"
    )
    targets.write_text(text, encoding="utf-8")
    table = kpi(magnitudes, "report", "-f", "markdown")
    assert "| 税收收入 | 150,000万元 | 1-3月 | 63,500.70万元 |" in table
    bulletin = kpi(magnitudes, "report", "-t", "bulletin")  # 千分位 is for tables only
    assert "年度目标任务150000万元，1-3月完成63500.70万元" in bulletin


@pytest.mark.parametrize(
    ("display", "message"),
    [
        ("{target_unit: 万元}", "只能相差万、亿等数量级"),
        ("{actual_unit: 家}", "只能相差万、亿等数量级"),
        ("{actual_unit: 万磅}", "无法识别的计量单位"),
        ("{place: 2}", "place"),
        ("{places: 9}", "places"),
    ],
)
def test_display_is_read_strictly(magnitudes: Path, display: str, message: str) -> None:
    targets = magnitudes / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8").replace(
        "    display:\n      actual_unit: 万美元   # as offices print it: 3.2亿美元 target, "
        "25431.7万美元 actual\n",
        f"    display: {display}\n",
    )
    assert f"display: {display}" in text
    targets.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["report", "--data", str(magnitudes)])
    assert result.exit_code == 1
    assert re.search(r"targets.yaml:\d+:\d+: 错误", result.stderr), result.stderr
    assert message in result.stdout + result.stderr


def test_kpis_own_bulletin_passes_its_fact_check(magnitudes: Path, tmp_path: Path) -> None:
    """Amounts rounded for display (37.15亿元 of 37.15012) still agree with the data."""
    for template in ("bulletin", "bulletin_full"):
        draft = tmp_path / f"{template}.txt"
        kpi(magnitudes, "report", "-t", template, "-o", str(draft))
        result = runner.invoke(app, ["check", "--bulletin", str(draft), "--data", str(magnitudes)])
        assert result.exit_code == 0, result.output
        assert "错误" not in result.stdout


def test_trend_prints_amounts_by_the_rule_and_in_english(magnitudes: Path) -> None:
    """kpi trend: 10.80005亿元 (January) prints 10.80; --lang en gives English headers."""
    table = kpi(magnitudes, "trend", "revenue", "-f", "markdown")
    assert "## 营业收入 2026年逐月（亿元）" in table
    assert "| 1月 | 10.80 | 10.80 | 10.80% | — | — |" in table
    assert "| 3月 | 14.10 | 37.15 | 37.15% | — | — |" in table
    english = kpi(magnitudes, "trend", "fdi", "-f", "markdown", "--lang", "en")
    assert "(10,000 US dollars)" in english and "| Month | Month's amount | YTD |" in english
    assert "| Mar | 10000.0 | 25431.7 | 79.47% | — | — |" in english


def test_yi_into_a_wan_indicator_has_no_spurious_zeros(magnitudes: Path) -> None:
    """Issue 17: a 万元 indicator fed 11.1564200 亿元 printed 111564.2000000万元 in the report,
    the bulletin, JSON and explain; the data's precision is 0.001万元."""
    actuals = magnitudes / "data" / "actuals" / "2026.csv"
    text = actuals.read_text(encoding="utf-8")
    text = text.replace(
        "税收收入,东区,2026-01,1.15,当月,亿元", "税收收入,东区,2026-01,11.1564200,当月,亿元"
    )
    actuals.write_text(text, encoding="utf-8")
    # 111564.200 + 12000 + 13500 (东区) + 26500.7 (西区) = 163564.900万元 at 1-3月
    for args in (("report",), ("report", "-t", "bulletin"), ("explain", "tax")):
        out = kpi(magnitudes, *args)
        assert "163564.900万元" in out or "163564.900" in out, (args, out)
        assert "163564.9000" not in out and "111564.2000" not in out
    data = json.loads(kpi(magnitudes, "report", "-f", "json"))
    tax = next(line for line in data["indicators"] if line["id"] == "tax")
    assert tax["actual"] == "163564.900" and tax["display"]["actual"] == "163564.900"
    explained = kpi(magnitudes, "explain", "tax", "--org", "东区")
    assert "111564.200" in explained and "111564.2000" not in explained


@pytest.mark.parametrize("text", ["亿元", "万美元", "万元", "元", "家", "个", "项", "万吨", "亿度"])
def test_english_units_read_back_as_the_unit_they_print(text: str) -> None:
    """What --lang en prints (100 million yuan) the fact-check reads back as that unit."""
    from gongshu_kpi.core.display import unit_from_english, unit_in_english
    from gongshu_kpi.core.units import parse_unit

    unit = parse_unit(text)
    back = unit_from_english(unit_in_english(text), prefer=unit)
    assert back is not None
    assert (back.dimension, back.scale) == (unit.dimension, unit.scale)
    assert unit_from_english("100 million bananas") is None
