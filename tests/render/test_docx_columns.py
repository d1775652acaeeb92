"""`kpi report -o 成绩单.docx --columns … --projection`: the Word table has the columns of the
Markdown and HTML reports, in their order, with their cell texts, and the footer says why a
figure is "—"; a table too wide for the portrait page is set on an A4 landscape page.

The data are test_report_columns.py's hand-checked ones: at 1-3月 the revenue's 当月 is 18亿元,
its 当月同比 20.0%, its 环比 "—" (March after a 1-2月 release is not comparable)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.render.docx import HOUSE_STYLE
from tests.paths import FIXTURES
from tests.render.test_report_columns import ALL, ROWS_2020, ROWS_2021, TARGETS, markdown_rows

runner = CliRunner()
CHAIN_WHY = "当月环比 — 主营业务收入：1-2月为2个月的合并数，3月与1-2月长度不同，环比不可比"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "p" / "data"
    (folder / "actuals").mkdir(parents=True)
    (folder / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (folder / "actuals" / "r-2021.csv").write_text(ROWS_2021, encoding="utf-8")
    (folder / "actuals" / "r-2020.csv").write_text(ROWS_2020, encoding="utf-8")
    return folder


def kpi(folder: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--data", str(folder)])
    assert result.exit_code == 0, result.output
    return result.stdout


def word(folder: Path, out: Path, *args: str) -> Any:
    from docx import Document

    kpi(folder, "report", *args, "-o", str(out))
    return Document(str(out))


def cells(document: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


def test_docx_table_is_the_markdown_table(data: Path, tmp_path: Path) -> None:
    """Every header and every cell as Markdown prints them, the 当月 and 环比 among them."""
    args = ("-m", "2021-03", "-c", ALL, "--projection")
    document = word(data, tmp_path / "r.docx", *args)
    table = markdown_rows(kpi(data, "report", *args, "-f", "markdown"))
    rows = cells(document)
    assert rows[0] == table[""]
    assert rows[0][-8:] == [
        "3月当月",
        "当月环比",
        "当月同比",
        "累计环比",
        "两年平均增长",
        "距目标还差",
        "月均需完成",
        "预计全年",
    ]
    assert rows[1:] == [table[row[0]] for row in rows[1:]]
    revenue = dict(zip(rows[0], rows[1], strict=True))
    shown = (revenue["3月当月"], revenue["当月环比"], revenue["当月同比"])
    assert shown == ("18亿元", "—", "20.0%")
    # Why the 环比 is "—": the footer line of the Markdown and HTML reports.
    notes = [p.text for p in document.paragraphs if p.text.startswith("当月环比 — ")]
    assert len(notes) == 1 and notes[0].startswith(CHAIN_WHY)
    assert notes[0] in kpi(data, "report", *args, "-f", "markdown").split("\n\n")
    page = kpi(data, "report", *args, "-f", "html")
    assert f"<p>{notes[0]}</p>" in page
    assert re.findall(r"<th[^>]*>([^<]*)</th>", page) == rows[0]


def test_a_1_to_2_release_and_english_headers(data: Path, tmp_path: Path) -> None:
    document = word(data, tmp_path / "e.docx", "-m", "2021-02", "-c", "当月,mom", "--lang", "en")
    rows = cells(document)
    table = markdown_rows(
        kpi(data, "report", "-m", "2021-02", "-c", "当月,mom", "--lang", "en", "-f", "markdown")
    )
    assert rows[0][-2:] == ["Feb amount", "MoM"]
    assert rows[0] == table[""] and rows[1] == table[rows[1][0]]
    assert rows[1][-2] == "Jan-Feb 30 100 million yuan"  # the combined release, never split


def test_without_columns_the_table_stays_on_the_portrait_page(data: Path, tmp_path: Path) -> None:
    from docx.enum.section import WD_ORIENT

    document = word(data, tmp_path / "p.docx", "-m", "2021-04")
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT]
    assert "月均需完成" not in cells(document)[0]
    style = document.tables[0].rows[1].cells[0].paragraphs[0].style
    assert style is not None and style.name == "KPI 表格"


def test_a_wide_table_goes_on_a_landscape_page_and_fits(data: Path, tmp_path: Path) -> None:
    """Text, landscape table with its notes, then the charts back on portrait pages; the
    columns' widths fill the landscape page and no figure is narrower than its text."""
    from docx.enum.section import WD_ORIENT

    from gongshu_kpi.render.docx import _needed
    from gongshu_kpi.render.xlsx import display_width

    document = word(data, tmp_path / "w.docx", "-m", "2021-04", "-c", ALL, "--projection")
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = document.sections[1]
    room = (landscape.page_width - landscape.left_margin - landscape.right_margin) / 360000
    table = document.tables[0]
    widths = [column.width.cm for column in table.columns]
    assert sum(widths) == pytest.approx(room, abs=0.01)
    assert room == pytest.approx(HOUSE_STYLE.landscape_width_cm, abs=0.01)
    role = {"KPI 表格": "table", "KPI 宽表格": "wide_table"}[
        table.rows[1].cells[0].paragraphs[0].style.name
    ]
    for index, width in enumerate(widths[1:], start=1):
        longest = max(display_width(row.cells[index].text) for row in table.rows[1:])
        assert width >= _needed([longest], HOUSE_STYLE, role)[0] - 1e-6, index


def narrower_than_their_text(table: Any, wraps: set[int]) -> list[str]:
    """The headers of the columns (other than `wraps`, the names) too narrow for a cell's text
    in the table's style: where a figure would break onto two lines (50.04 / %)."""
    from gongshu_kpi.render.docx import _needed
    from gongshu_kpi.render.xlsx import display_width

    role = {"KPI 表格": "table", "KPI 宽表格": "wide_table"}[
        table.rows[1].cells[0].paragraphs[0].style.name
    ]
    heads = [cell.text for cell in table.rows[0].cells]
    narrow = []
    for index, column in enumerate(table.columns):
        longest = max(display_width(row.cells[index].text) for row in table.rows[1:])
        if index not in wraps and column.width.cm < _needed([longest], HOUSE_STYLE, role)[0]:
            narrow.append(heads[index])
    return narrow


def test_the_by_org_table_fits_like_the_main_one(tmp_path: Path) -> None:
    """--by org adds the 单位 column: the table goes landscape (the portrait page is too
    narrow for it at 小五), no figure, period or 全区 is split, the header repeats."""
    from docx.enum.section import WD_ORIENT

    document = word(
        FIXTURES / "towns" / "data", tmp_path / "o.docx", "-m", "2020-06", "--by", "org"
    )
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells][:2] == ["指标", "单位"]
    assert document.sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert narrower_than_their_text(table, wraps={0}) == []
    assert "<w:tblHeader/>" in table.rows[0]._tr.xml
