"""The XLSX report: opened with openpyxl, checked for what an office relies on; converted by
LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.render.xlsx import display_width
from tests.paths import FIXTURES

runner = CliRunner()


@pytest.fixture
def magnitudes(tmp_path: Path) -> Path:
    root = tmp_path / "magnitudes"
    shutil.copytree(FIXTURES / "magnitudes", root)
    return root


def workbook(folder: Path, out: Path, *args: str) -> Path:
    result = runner.invoke(app, ["report", "-o", str(out), "--data", str(folder), *args])
    assert result.exit_code == 0, result.output
    return out


def rows(sheet: Worksheet, first: int = 3) -> list[list[object]]:
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=first)]


def test_sheets_headers_formats_and_print_setup(magnitudes: Path, tmp_path: Path) -> None:
    book = load_workbook(workbook(magnitudes, tmp_path / "r.xlsx"))
    assert book.sheetnames == ["汇总", "分单位", "逐月", "图表数据", "图表"]
    sheet = book["汇总"]
    assert sheet["A1"].value == "2026年1-3月指标完成情况"
    assert "完成率、序时进度" in str(sheet["A2"].value)
    header = [c.value for c in sheet[3]]
    assert header == [
        "指标",
        "年度目标",
        "目标单位",
        "期间",
        "累计完成",
        "计量单位",
        "完成率",
        "序时进度",
        "差值（百分点）",
        "状态",
    ]
    revenue, tax, fdi, firms = (sheet[row] for row in range(4, 8))
    # Numbers are numbers, formatted to the places the bulletin prints.
    assert revenue[4].value == pytest.approx(37.15012) and revenue[4].number_format == "0.00"
    assert tax[4].value == pytest.approx(63500.7) and tax[4].number_format == "0.0"
    assert (fdi[1].value, fdi[1].number_format, fdi[2].value) == (3.2, "0.0", "亿美元")
    assert fdi[4].value == pytest.approx(25431.7) and fdi[5].value == "万美元"
    assert firms[4].value == 65 and firms[4].number_format == "0"
    assert revenue[6].value == pytest.approx(0.3715) and revenue[6].number_format == "0.00%"
    assert revenue[7].number_format == "0.00%"
    assert revenue[8].value == pytest.approx(12.15) and revenue[8].number_format.startswith("+")
    assert revenue[9].value == "超序时" and revenue[9].fill.fgColor.rgb.endswith("D8F0DE")
    assert sheet["A3"].font.b
    assert sheet.freeze_panes == "B4"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    fit = sheet.sheet_properties.pageSetUpPr
    assert fit is not None and fit.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    # Widths fit CJK text: 实际利用外资 is 12 columns wide.
    assert sheet.column_dimensions["A"].width >= display_width("实际利用外资") + 2
    footer = [c.value for c in sheet["A"] if isinstance(c.value, str)]
    assert any(str(v).startswith("数据来源：") and "2026.csv" in str(v) for v in footer)


def test_by_org_and_trend_sheets(magnitudes: Path, tmp_path: Path) -> None:
    book = load_workbook(workbook(magnitudes, tmp_path / "r.xlsx"))
    orgs = rows(book["分单位"], 4)
    assert orgs[1][:2] == ["营业收入", "东区"] and orgs[1][5] == pytest.approx(18.00012)
    assert book["分单位"]["F5"].number_format == "0.00"  # 18.00012 shows 18.00
    trend = book["逐月"]
    assert [c.value for c in trend[3]] == ["指标", "项目", "计量单位", "1月", "2月", "3月"]
    assert [c.value for c in trend[4]][:3] == ["营业收入", "累计完成", "亿元"]
    assert trend["F4"].value == pytest.approx(37.15012) and trend["F4"].number_format == "0.00"
    assert trend["D5"].number_format == "0.00%"


def test_native_charts(magnitudes: Path, tmp_path: Path) -> None:
    from openpyxl.chart import BarChart

    book = load_workbook(workbook(magnitudes, tmp_path / "r.xlsx"))
    # openpyxl keeps a sheet's charts in a private list its type stubs leave out.
    charts = book["图表"]._charts  # type: ignore[attr-defined]
    # Completion rate vs time progress, then each indicator's orgs ranked (four indicators).
    assert len(charts) == 5
    assert all(isinstance(chart, BarChart) for chart in charts)
    data = book["图表数据"]
    assert [c.value for c in data[2]][:3] == [
        "营业收入",
        pytest.approx(0.3715),
        pytest.approx(0.25),
    ]


def test_every_sheet_prints_a4_landscape(magnitudes: Path, tmp_path: Path) -> None:
    """The README: every sheet prints on A4 landscape, one page wide; 图表数据 among them."""
    book = load_workbook(workbook(magnitudes, tmp_path / "r.xlsx"))
    setups = {
        name: (
            book[name].page_setup.orientation,
            book[name].page_setup.paperSize,
            book[name].page_setup.fitToWidth,
        )
        for name in book.sheetnames
    }
    assert setups == dict.fromkeys(book.sheetnames, ("landscape", 9, 1))
    assert book["图表数据"].print_title_rows is None and book["图表"].print_title_rows is None


def test_english_headers(magnitudes: Path, tmp_path: Path) -> None:
    book = load_workbook(workbook(magnitudes, tmp_path / "r.xlsx", "--lang", "en"))
    assert book.sheetnames == ["Summary", "By org", "Monthly", "Chart data", "Charts"]
    header = [c.value for c in book["Summary"][3]]
    assert header[:3] == ["Indicator", "Annual target", "Target unit"]
    assert book["Summary"]["J4"].value == "ahead"


def test_formula_like_text_stays_text(project: Path, tmp_path: Path) -> None:
    targets = project / "data" / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace("name: 开工项目", 'name: "=HYPERLINK(1)"'),
        encoding="utf-8",
    )
    csv = project / "data" / "actuals" / "platforms-2020.csv"
    csv.write_text(
        csv.read_text(encoding="utf-8").replace("开工项目", "projects_started"), encoding="utf-8"
    )
    book = load_workbook(workbook(project, tmp_path / "r.xlsx"))
    cell = book["汇总"]["A4"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"
    assert book["图表数据"]["A2"].value == "'=HYPERLINK(1)"


def test_thousands_separator_in_number_formats(magnitudes: Path, tmp_path: Path) -> None:
    targets = magnitudes / "data" / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace(
            "year: 2026\n", "year: 2026\nsettings:\n  thousands_separator: true\n"
        ),
        encoding="utf-8",
    )
    sheet = load_workbook(workbook(magnitudes, tmp_path / "r.xlsx"))["汇总"]
    assert sheet["B5"].number_format == "#,##0" and sheet["E5"].number_format == "#,##0.0"


def test_display_width() -> None:
    assert display_width("实际利用外资") == 12
    assert display_width("abc") == 3
    assert display_width(Decimal("12.5")) == 4


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_it(magnitudes: Path, tmp_path: Path) -> None:
    book = workbook(magnitudes, tmp_path / "r.xlsx")
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "r.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
