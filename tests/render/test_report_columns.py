"""`kpi report --columns`: 当月, 环比, 当月同比, 累计环比, 两年平均, 距目标还差, 月均需完成 in the
table, Markdown, HTML, CSV, XLSX and JSON.

Hand-checked data (2021, 亿元, year-to-date): 1-2月 30 (one combined release), 1-3月 48,
1-4月 68, so the months' own amounts are 1-2月 30, 3月 18, 4月 20. 2020: 1月 10, 2月 10,
3月 15, 4月 16 (year-to-date 10, 20, 35, 51). Target 200.
- 1-2月: 当月 "1-2月 30", 当月同比 (30 − 20) ÷ 20 = 50.0%.
- 3月: 当月 18, 当月同比 (18 − 15) ÷ 15 = 20.0%, 环比 "—": March against a two-month release
  is not comparable (the footer says so, no split is guessed).
- 4月: 当月 20, 环比 (20 − 18) ÷ 18 = 11.11% → 11.1%, 当月同比 (20 − 16) ÷ 16 = 25.0%;
  距目标还差 200 − 68 = 132, 月均需完成 132 ÷ 8 = 16.5 → 17 (the places of 68 and 200: 0).
在库企业数 (a stock, 家): 3月末 50, 4月末 55 → 累计环比 (55 − 50) ÷ 50 = 10.0%.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from gongshu_kpi.render.columns import CHOICES, UnknownColumnError, parse_columns

runner = CliRunner()
TARGETS = """year: 2021
indicators:
  - id: revenue
    name: 主营业务收入
    unit: 亿元
    target: 200
    kind: flow
  - id: firms
    name: 在库企业数
    unit: 家
    target: 100
    kind: stock
"""
ROWS_2021 = (
    "指标,月份,数值,口径,计量单位\n"
    "主营业务收入,2021-02,30,累计,亿元\n"
    "主营业务收入,2021-03,48,累计,亿元\n"
    "主营业务收入,2021-04,68,累计,亿元\n"
    "在库企业数,2021-03,50,累计,家\n"
    "在库企业数,2021-04,55,累计,家\n"
)
ROWS_2020 = "指标,月份,数值,口径,计量单位\n" + "".join(
    f"主营业务收入,2020-{m:02d},{v},累计,亿元\n" for m, v in ((1, 10), (2, 20), (3, 35), (4, 51))
)
ALL = "当月,环比,当月同比,累计环比,两年平均,gap,need"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "p" / "data"
    (folder / "actuals").mkdir(parents=True)
    (folder / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (folder / "actuals" / "r-2021.csv").write_text(ROWS_2021, encoding="utf-8")
    (folder / "actuals" / "r-2020.csv").write_text(ROWS_2020, encoding="utf-8")
    return folder


def kpi(folder: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(folder)], env={"COLUMNS": "250"})


def markdown_rows(text: str) -> dict[str, list[str]]:
    """The Markdown table: header cells under "", then each indicator's cells by its name."""
    rows = [ln.strip("|").split(" | ") for ln in text.splitlines() if ln.startswith("| ")]
    table = {row[0].strip(): [c.strip() for c in row] for row in rows[1:] if row[0] != "---"}
    table[""] = [c.strip() for c in rows[0]]
    return table


def cell(table: dict[str, list[str]], row: str, header: str) -> str:
    return table[row][table[""].index(header)]


def test_names_in_chinese_and_english_in_the_order_asked() -> None:
    assert parse_columns(["环比,当月", "month-yoy", "MOM", "累计环比"]) == (
        "mom",
        "month",
        "month-yoy",
        "ytd-mom",
    )
    assert parse_columns(["两年平均，距目标还差", "月均需完成", "预计全年"]) == (
        "two-year",
        "gap",
        "need",
        "projection",
    )
    with pytest.raises(UnknownColumnError, match="当月/当月数/month"):
        parse_columns(["当年"])


def test_an_unknown_column_is_a_usage_error_listing_the_names(data: Path) -> None:
    result = kpi(data, "report", "-m", "2021-04", "--columns", "当年")
    assert result.exit_code == 2
    assert "--columns 当年" in result.output and "累计环比/ytd-mom" in result.output


def test_help_lists_every_column_name() -> None:
    """--help (English and the Chinese help) names each column as users type it."""
    for lang in ("en", "zh"):
        result = runner.invoke(app, ["report", "--help"], env={"COLUMNS": "400", "LANG": lang})
        text = " ".join(result.output.split())
        for choice in CHOICES:
            assert f"{choice.names[0]}/{choice.key}" in text, (lang, choice.key)


def test_a_1_to_2_release_is_printed_whole_and_march_has_no_chain(data: Path) -> None:
    result = kpi(data, "report", "-m", "2021-02", "-c", ALL, "-f", "markdown")
    assert result.exit_code == 0, result.output
    table = markdown_rows(result.stdout)
    assert table[""][-7:] == [
        "2月当月",
        "当月环比",
        "当月同比",
        "累计环比",
        "两年平均增长",
        "距目标还差",
        "月均需完成",
    ]
    assert cell(table, "主营业务收入", "2月当月") == "1-2月 30亿元"
    assert cell(table, "主营业务收入", "当月同比") == "50.0%"
    march = markdown_rows(kpi(data, "report", "-m", "2021-03", "-c", ALL, "-f", "markdown").stdout)
    assert cell(march, "主营业务收入", "3月当月") == "18亿元"
    assert cell(march, "主营业务收入", "当月环比") == "—"
    assert cell(march, "主营业务收入", "当月同比") == "20.0%"
    text = kpi(data, "report", "-m", "2021-03", "-c", "环比", "-f", "markdown").stdout
    assert "当月环比 — 主营业务收入：1-2月为2个月的合并数，3月与1-2月长度不同，环比不可比" in text


def test_april_figures_in_markdown(data: Path) -> None:
    result = kpi(data, "report", "-m", "2021-04", "-c", ALL, "-f", "markdown")
    table = markdown_rows(result.stdout)
    assert [cell(table, "主营业务收入", h) for h in table[""][-7:]] == [
        "20亿元",
        "11.1%",
        "25.0%",
        "—",
        "—",
        "132亿元",
        "17亿元",
    ]
    assert cell(table, "在库企业数", "累计环比") == "10.0%"
    assert cell(table, "在库企业数", "4月当月") == "—"  # a stock has no month's amount
    # Why 累计环比 of a flow is "—", once, in its own paragraph (the fact-check reads it).
    assert "\n\n累计环比 — 主营业务收入：期间累计数逐月累加" in result.stdout


def test_json_has_the_ytd_chain_and_the_notes(data: Path) -> None:
    result = kpi(data, "report", "-m", "2021-04", "-f", "json")
    revenue, firms = json.loads(result.stdout)["indicators"]
    assert (revenue["month_amount"], revenue["chain"], revenue["month_yoy"]) == (
        "20",
        "11.1",
        "25.0",
    )
    assert revenue["ytd_chain"] is None and "没有意义" in revenue["ytd_chain_note"]
    assert (firms["ytd_chain"], firms["ytd_chain_note"]) == ("10.0", None)
    march = json.loads(kpi(data, "report", "-m", "2021-03", "-f", "json").stdout)
    assert "环比不可比" in march["indicators"][0]["chain_note"]


def test_table_html_and_csv_have_the_columns(data: Path) -> None:
    table = kpi(data, "report", "-m", "2021-03", "-c", "当月,环比")
    assert table.exit_code == 0, table.output
    assert "3月当月" in table.stdout and "当月环比 — 主营业务收入：" in table.stdout
    page = kpi(data, "report", "-m", "2021-02", "-c", "当月,环比", "-f", "html").stdout
    assert "<th>2月当月</th><th>当月环比</th>" in page
    assert '<td class="num">1-2月 30亿元</td>' in page
    text = kpi(data, "report", "-m", "2021-04", "-c", ALL, "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    revenue = rows[0]
    assert (revenue["当月期间"], revenue["4月当月"], revenue["当月环比(%)"]) == (
        "4月",
        "20",
        "11.1",
    )
    assert (revenue["距目标还差"], revenue["月均需完成"], revenue["需完成周期"]) == (
        "132",
        "17",
        "monthly",
    )
    assert rows[1]["累计环比(%)"] == "10.0"


def _sheet_rows(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path).worksheets[0]
    return [list(row) for row in sheet.iter_rows(min_row=3)]


def test_xlsx_has_the_columns_as_numbers(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    result = kpi(data, "report", "-m", "2021-02", "-c", "当月,当月同比", "-o", str(out))
    assert result.exit_code == 0, result.output
    header, revenue = _sheet_rows(out)[:2]
    names = [c.value for c in header]
    month = revenue[names.index("2月当月")]
    assert month.value == Decimal(30) and month.number_format == '"1-2月 "0'
    yoy = revenue[names.index("当月同比")]
    assert yoy.value == Decimal("0.5") and yoy.number_format == "0.0%"


def test_xlsx_with_projection_has_gap_and_need(data: Path, tmp_path: Path) -> None:
    """What table, Markdown and HTML show with --projection: 预计全年, 距目标还差, 月均需完成."""
    out = tmp_path / "p.xlsx"
    result = kpi(data, "report", "-m", "2021-04", "--projection", "-o", str(out))
    assert result.exit_code == 0, result.output
    header, revenue = _sheet_rows(out)[:2]
    names = [c.value for c in header]
    assert names[-3:] == ["预计全年", "距目标还差", "月均需完成"]
    gap, need = revenue[names.index("距目标还差")], revenue[names.index("月均需完成")]
    assert (gap.value, gap.number_format) == (Decimal(132), "0")
    assert (need.value, need.number_format) == (Decimal(17), "0")


def test_a_markdown_report_with_every_column_checks_clean(data: Path, tmp_path: Path) -> None:
    """A Markdown report is also a draft bulletin: its new columns (距目标还差 holds 目标,
    当月同比 holds 同比) must not be read as the target or the year-on-year growth."""
    for month in ("2021-02", "2021-03", "2021-04"):
        args = ("report", "-m", month, "-c", ALL, "--projection", "-f", "markdown")
        draft = tmp_path / f"draft-{month}.md"
        draft.write_text(kpi(data, *args).stdout, encoding="utf-8")
        result = kpi(data, "check", "--bulletin", str(draft), "-m", month, "-f", "json")
        verdict = json.loads(result.stdout)
        assert result.exit_code == 0, result.stdout
        assert verdict["bulletin"]["wrong"] == 0 and verdict["bulletin"]["checked"] > 0
        assert not [p for p in verdict["problems"] if p["code"].startswith("bulletin-")]


def test_columns_golden(data: Path, golden: Callable[[str, str], None]) -> None:
    """Every column at 1-3月 (March after the 1-2月 release) and 1-2月, with the footer notes."""
    for month in ("2021-02", "2021-03"):
        result = kpi(data, "report", "-m", month, "-c", ALL, "--projection", "-f", "markdown")
        assert result.exit_code == 0, result.output
        golden(f"report-columns-{month}.md", result.stdout)


def test_columns_with_a_template_says_it_does_nothing(data: Path) -> None:
    result = kpi(data, "report", "-m", "2021-04", "-c", "当月", "-t", "bulletin")
    assert result.exit_code == 0, result.output
    assert "--columns 不起作用" in result.stderr and "当月" not in result.stdout


def test_english_notes_say_why_by_kind(data: Path) -> None:
    result = kpi(data, "report", "-m", "2021-03", "-c", "mom,ytd-mom", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "MoM — 主营业务收入: not comparable" in result.stdout
    assert "YTD MoM — 在库企业数: no figure for the period before" in result.stdout


def test_a_growth_targets_amount_columns_print_the_amounts_unit() -> None:
    """规上工业增加值 has a growth target (8%): its 累计完成 prints as growth (9.2%), but its
    month's amount and still-to-do columns are amounts, in 亿元 — never '109.20%'."""
    from tests.paths import FIXTURES

    towns = str(FIXTURES / "towns" / "data")
    result = runner.invoke(
        app, ["report", "--data", towns, "-m", "2020-06", "-c", "month", "-f", "markdown"]
    )
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("| 规上工业增加值"))
    assert row.split(" | ")[-1] == "1-6月 109.20亿元 |"
