"""`kpi report --view scorecard` as circulated documents: HTML, XLSX and DOCX through the render
registry, on the towns fixture with weights (data/scorecard.yaml) and status rules
(data/status.yaml); formats that cannot show a scorecard say so."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.render.registry import FORMAT_BY_NAME, View, names
from tests.paths import FIXTURES

runner = CliRunner()

RANK_POINTS = "rule: rank-points\nweights: {主营业务收入: 40, regular_tax: 30, 新招引企业: 30}\n"
CAPPED = "weights: {主营业务收入: 40, 常规税收贡献: 30, 新招引企业: 30}\n"
LIGHTS = """\
statuses:
  - {name: green, label: 绿灯, colour: "1B7F3B", when: {pace: ">= 16"}}
  - {name: yellow, label: 黄灯, colour: "B7791F", fill: "FFF4D6", when: {pace: ">= 2"}}
  - {name: red, label: 红灯, colour: "B42318"}
"""


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    """capped-rate weights and three lights: only 智慧网谷小镇 and 汽车互联网小镇 have
    主营业务收入 targets of their own, so only their cells have a rate and a colour."""
    root = tmp_path / "towns"
    shutil.copytree(FIXTURES / "towns", root)
    (root / "data" / "scorecard.yaml").write_text(CAPPED, encoding="utf-8")
    (root / "data" / "status.yaml").write_text(LIGHTS, encoding="utf-8")
    return root


def write(folder: Path, out: Path, *args: str) -> Path:
    result = runner.invoke(
        app,
        [
            "report",
            "--data",
            str(folder),
            "-m",
            "2020-06",
            "--view",
            "scorecard",
            "-o",
            str(out),
            *args,
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_registry_lists_the_scorecard_formats() -> None:
    assert names(View.SCORECARD) == ["table", "markdown", "json", "xlsx", "html", "docx"]
    assert View.SCORECARD not in FORMAT_BY_NAME["csv"].views


def test_html_golden(towns: Path, tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    page = write(towns, tmp_path / "card.html").read_text(encoding="utf-8")
    golden("scorecard-towns.html", page)


def test_html_cells_carry_the_status_rules_colours(towns: Path, tmp_path: Path) -> None:
    """At 1-6月 汽车互联网小镇 is +16.76 points (绿灯, ≥ 16) and 智慧网谷小镇 +15.47 (黄灯,
    ≥ 2); cells without a figure are not coloured; the legend names the lights shown, in
    status.yaml's order; ties are 并列."""
    page = write(towns, tmp_path / "card.html").read_text(encoding="utf-8")
    assert "td.s-yellow,span.s-yellow{color:#B7791F;background:#FFF4D6}" in page
    rows = [
        re.findall(r'<td class="([^"]*)">([^<]*)</td>', r)
        for r in re.findall(r"<tr>(.*?)</tr>", page)
    ]
    assert rows[1] == [
        ("num rank", "1"),
        ("org", "汽车互联网小镇"),
        ("num s-green", "66.76%"),
        ("num", "—"),
        ("num", "—"),
        ("num score", "26.70"),
    ]
    assert rows[2][2] == ("num s-yellow", "65.47%")
    assert [r[0][1] for r in rows[3:]] == ["并列3", "并列3", "并列3"]
    assert '<span class="s-green">绿灯</span> <span class="s-yellow">黄灯</span></p>' in page


def test_xlsx_rates_fills_and_ties(towns: Path, tmp_path: Path) -> None:
    """capped-rate: 汽车互联网小镇 40 × 66.76 ÷ 100 = 26.704 → 26.70, 智慧网谷小镇 40 × 65.47
    ÷ 100 = 26.188 → 26.19; the other three score 0 and share 3rd place, the rank a number
    shown as 并列3 by its format. Rates are numbers in 0.00% with the light's fill."""
    book = load_workbook(write(towns, tmp_path / "card.xlsx"))
    sheet = book["赛马得分"]
    assert sheet["A1"].value == "2020年1-6月赛马得分"
    assert sheet["A2"].value == "得分 = Σ(完成率×权重)÷Σ权重，完成率封顶120%，无完成率计0"
    assert [c.value for c in sheet[3]] == [
        "排名",
        "单位",
        "主营业务收入（权重40）",
        "常规税收贡献（权重30）",
        "新招引企业（权重30）",
        "得分",
    ]
    got = [(r[0].value, r[0].number_format, r[1].value, r[5].value) for r in sheet.iter_rows(4, 8)]
    assert got[:2] == [(1, "0", "汽车互联网小镇", 26.7), (2, "0", "智慧网谷小镇", 26.19)]
    assert {(rank, fmt, score) for rank, fmt, _, score in got[2:]} == {(3, '"并列"0', 0)}
    assert sheet["F4"].number_format == "0.00"
    green, yellow = sheet["C4"], sheet["C5"]
    assert (green.value, green.number_format) == (0.6676, "0.00%")
    assert green.font.color.rgb == "001B7F3B"
    assert (yellow.value, yellow.fill.fgColor.rgb, yellow.font.color.rgb) == (
        0.6547,
        "00FFF4D6",
        "00B7791F",
    )
    assert sheet["D4"].value == "—" and sheet["D4"].fill.fill_type is None
    assert sheet.freeze_panes == "C4"
    assert [c.value for c in sheet[10] if c.value] == ["颜色：", "绿灯", "黄灯"]
    assert sheet["C10"].fill.fgColor.rgb == "00FFF4D6"


def test_xlsx_amounts_keep_their_unit_in_the_format(towns: Path, tmp_path: Path) -> None:
    """rank-points ranks 主营业务收入 by amount (not every org has a target): 智慧网谷小镇's
    98.20亿元 is the number 98.2 shown as 98.20亿元; its score (40 × 80 + 30 × 100 + 30 ×
    100) ÷ 100 = 92.00 (tests/test_scorecard.py works it out)."""
    (towns / "data" / "scorecard.yaml").write_text(RANK_POINTS, encoding="utf-8")
    sheet = load_workbook(write(towns, tmp_path / "card.xlsx")).active
    assert sheet is not None
    rank, org, revenue, tax, firms, score = sheet[4]
    assert (rank.value, org.value, score.value) == (1, "智慧网谷小镇", 92)
    assert (revenue.value, revenue.number_format) == (98.2, '0.00"亿元"')
    assert (tax.value, tax.number_format) == (8.02, '0.00"亿元"')
    assert (firms.value, firms.number_format) == (210, '0"家"')


def test_xlsx_amounts_keep_their_status_fill(towns: Path, tmp_path: Path) -> None:
    """An amount is judged on its own rate as a rate is: 智慧网谷小镇's 98.20亿元 (+15.47
    points, 黄灯) and 汽车互联网小镇's 80.11亿元 (+16.76, 绿灯) carry their light's fill and
    colour, as the HTML cells and the legend do; an org without a target of its own, none."""
    (towns / "data" / "scorecard.yaml").write_text(RANK_POINTS, encoding="utf-8")
    sheet = load_workbook(write(towns, tmp_path / "card.xlsx")).active
    assert sheet is not None
    revenue = {row[1].value: row[2] for row in sheet.iter_rows(4, 8)}
    yellow, green = revenue["智慧网谷小镇"], revenue["汽车互联网小镇"]
    assert (yellow.value, yellow.fill.fgColor.rgb, yellow.font.color.rgb) == (
        98.2,
        "00FFF4D6",
        "00B7791F",
    )
    assert (green.value, green.font.color.rgb) == (80.11, "001B7F3B")
    plain = revenue["运河财富小镇"]
    assert plain.fill.fill_type is None and plain.font.color is None
    assert [c.value for c in sheet[10] if c.value] == ["颜色：", "绿灯", "黄灯"]


def test_docx_table_and_shading(towns: Path, tmp_path: Path) -> None:
    from docx import Document

    document = Document(io.BytesIO(write(towns, tmp_path / "card.docx").read_bytes()))
    (table,) = document.tables
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert texts[2] == ["2", "智慧网谷小镇", "65.47%", "—", "—", "26.19"]
    assert [row[0] for row in texts[3:]] == ["并列3"] * 3
    assert 'w:fill="FFF4D6"' in table.rows[2].cells[2]._tc.xml
    assert "w:shd" not in table.rows[2].cells[3]._tc.xml
    assert "完成率封顶120%" in document.paragraphs[-1].text


def test_a_format_that_cannot_show_it_says_which_can(towns: Path, tmp_path: Path) -> None:
    out = tmp_path / "card.csv"
    result = runner.invoke(
        app, ["report", "--data", str(towns), "--view", "scorecard", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "只能输出 table、markdown、json、xlsx、html、docx，不能输出 csv" in result.output
    assert not out.exists()


def test_docx_table_fits_as_the_bulletins_does(towns: Path, tmp_path: Path) -> None:
    """The Word bulletin's fitting rule: no figure (98.20亿元, 100.00) narrower than its text,
    the header row repeated on each page, the table's paragraphs in a KPI table style."""
    from docx import Document

    from tests.render.test_docx_columns import narrower_than_their_text

    (towns / "data" / "scorecard.yaml").write_text(RANK_POINTS, encoding="utf-8")
    document = Document(str(write(towns, tmp_path / "card.docx")))
    (table,) = document.tables
    assert narrower_than_their_text(table, wraps={1}) == []
    assert "<w:tblHeader/>" in table.rows[0]._tr.xml
    assert table.rows[1].cells[2].paragraphs[0].style.name == "KPI 表格"
