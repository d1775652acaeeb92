"""Declared limits on workbooks: refused from the zip's XML before the reader allocates."""

from __future__ import annotations

import sys
import warnings
import zipfile
from pathlib import Path

import pytest

from gongshu_kpi.loaders import limits
from gongshu_kpi.loaders.sheetscan import SheetScan, _above, _wider, column_number
from gongshu_kpi.loaders.xlsx_rows import read_xlsx_rows
from gongshu_kpi.loaders.zipcheck import check_workbook
from tests.paths import SCRIPTS

sys.path.insert(0, str(SCRIPTS))
from hostile_xlsx import MAIN, cell, long_table, shared_strings, sheet, write_xlsx

HEADER = ("指标", "月份", "数值", "口径")


def refused(path: Path) -> str:
    problem = check_workbook(path, path.name)
    assert problem is not None, "the workbook was accepted"
    assert problem.location is not None and problem.location.path == path.name
    return problem.message


def test_an_ordinary_workbook_passes(tmp_path: Path) -> None:
    rows = [HEADER, *[("产业投资", f"2020-{m:02d}", m, "当月") for m in range(1, 13)]]
    path = write_xlsx(tmp_path / "ok.xlsx", sheet(long_table(rows)))
    assert check_workbook(path, "ok.xlsx") is None
    assert len([r for r in read_xlsx_rows(path, "ok.xlsx") if not hasattr(r, "code")]) == 12


@pytest.mark.parametrize(
    "ref",
    ["XFD1048576", "XFD20000", "A1048577", "XFE1", "ZZZZ1", "A99999999999"],
)
def test_a_cell_far_out_is_refused_before_reading(tmp_path: Path, ref: str) -> None:
    """One cell at XFD1048576 made python-calamine abort the process (17 billion cells)."""
    path = write_xlsx(
        tmp_path / "far.xlsx", sheet(long_table([HEADER]) + f'<row r="2">{cell(ref, 1)}</row>')
    )
    message = refused(path)
    assert "已拒绝" in message and ("上限" in message or "范围" in message)
    # the refusal is the only thing read from the file
    assert [p.code for p in read_xlsx_rows(path, "far.xlsx")] == ["too-big"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "body",
    [
        # a namespace prefix, spaces around '=', single quotes, another attribute first, a tab
        '<x:row r="1"><x:c r="XFD20000"><x:v>1</x:v></x:c></x:row>',
        '<row r="1"><c r = "XFD20000"><v>1</v></c></row>',
        "<row r='1'><c r='XFD20000'><v>1</v></c></row>",
        '<row r="1"><c s="0" r="XFD20000"><v>1</v></c></row>',
        '<row r="1"><c\tr="XFD20000"><v>1</v></c></row>',
        # no reference: the row's number places the cells
        '<row r="1000000">' + "<c><v>1</v></c>" * 20 + "</row>",
    ],
)
def test_unusual_spellings_of_a_far_cell_are_refused_too(tmp_path: Path, body: str) -> None:
    xml = (
        f'<?xml version="1.0"?><x:worksheet xmlns:x="{MAIN}" xmlns="{MAIN}">'
        f"<x:sheetData>{body}</x:sheetData></x:worksheet>"
    )
    assert "已拒绝" in refused(write_xlsx(tmp_path / "odd.xlsx", xml))


def test_a_declared_dimension_alone_is_not_trusted_nor_feared(tmp_path: Path) -> None:
    """WPS writes a wrong <dimension>; the reader sizes by the cells, and so does the check."""
    xml = sheet(long_table([HEADER]), head='<dimension ref="A1:XFD1048576"/>')
    assert check_workbook(write_xlsx(tmp_path / "dim.xlsx", xml), "dim.xlsx") is None


def test_the_grid_limit_counts_rows_times_columns(tmp_path: Path) -> None:
    ok_rows = limits.MAX_SHEET_GRID // 26
    ok = write_xlsx(
        tmp_path / "ok.xlsx", sheet(f'<row r="{ok_rows}">{cell(f"Z{ok_rows}", 1)}</row>')
    )
    assert check_workbook(ok, "ok.xlsx") is None
    over = ok_rows + 1
    bad = write_xlsx(tmp_path / "bad.xlsx", sheet(f'<row r="{over}">{cell(f"Z{over}", 1)}</row>'))
    assert f"超过上限 {limits.MAX_SHEET_GRID:,}" in refused(bad)


def test_a_cell_beyond_its_rows_number_is_seen(tmp_path: Path) -> None:
    """Rows say 1..3, but one cell names row 900000 in column Z: the cell counts."""
    rows = long_table([HEADER, ("a", "b", 1, "c")]) + f'<row r="3">{cell("Z900000", 1)}</row>'
    assert "900,000" in refused(write_xlsx(tmp_path / "liar.xlsx", sheet(rows)))


def test_shared_string_counts_and_lengths(tmp_path: Path) -> None:
    body = sheet(long_table([HEADER]) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>')
    declared = write_xlsx(
        tmp_path / "count.xlsx", body, shared_strings(["a"], declared=4_000_000_000)
    )
    assert "4,000,000,000" in refused(declared)
    text = "长" * (limits.MAX_CELL_TEXT_CHARS * 2)
    long_one = write_xlsx(tmp_path / "long.xlsx", body, shared_strings([text]))
    assert f"{limits.MAX_CELL_TEXT_CHARS:,} 个字符" in refused(long_one)
    fine = write_xlsx(tmp_path / "fine.xlsx", body, shared_strings(["长" * 1000]))
    assert check_workbook(fine, "fine.xlsx") is None


def test_a_long_shared_string_used_by_thousands_of_rows_is_refused_cheaply(tmp_path: Path) -> None:
    """The 49 KB workbook that took 41 s and 3.2 GB: one 1 MB string, 4,000 cells using it."""
    refs = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, 4002))
    path = write_xlsx(
        tmp_path / "amp.xlsx", sheet(long_table([HEADER]) + refs), shared_strings(["x" * 1_000_000])
    )
    assert path.stat().st_size < 60_000
    assert "个字符" in refused(path)


def test_duplicate_zip_members_are_an_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dup.xlsx", sheet(long_table([HEADER])))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is told to write
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("xl/worksheets/sheet1.xml", sheet(long_table([("x",)])))
    assert "同名部件（xl/worksheets/sheet1.xml）" in refused(path)


@pytest.mark.parametrize("number", [0, 1, 9, 10, 99, 100001, 999_999, 1_048_576])
def test_above_matches_exactly_the_greater_numbers(number: int) -> None:
    import re

    pattern = re.compile(rb"(?:%b)\Z" % _above(number))
    for candidate in {0, 1, 8, 9, 10, 11, 99, 100, number - 1, number, number + 1, number * 10}:
        if candidate >= 0:
            assert bool(pattern.match(str(candidate).encode())) == (candidate > number)


@pytest.mark.parametrize("column", [0, 1, 5, 26, 27, 52, 702, 703, 16_384])
def test_wider_matches_exactly_the_later_columns(column: int) -> None:
    import re

    def letters(n: int) -> bytes:
        out = b""
        while n > 0:
            n, r = divmod(n - 1, 26)
            out = bytes([65 + r]) + out
        return out

    pattern = re.compile(rb"(?:%b)\Z" % _wider(column))
    for candidate in {1, 2, 26, 27, 52, 53, 702, 703, column, column + 1, max(column - 1, 1)}:
        assert column_number(letters(candidate)) == candidate
        assert bool(pattern.match(letters(candidate))) == (candidate > column)


def test_the_scan_measures_across_chunk_boundaries() -> None:
    xml = sheet(long_table([HEADER, *[("a", "b", n, "c") for n in range(2000)]])).encode()
    scan = SheetScan("s")
    for start in range(0, len(xml), 997):  # chunks that split tags and numbers
        scan.feed(xml[start : start + 997])
    scan.finish()
    assert (scan.max_row, scan.max_column) == (2001, 4)


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(
        "year: 2020\nindicators:\n"
        "  - {id: inv, name: 产业投资, unit: 亿元, target: 46, kind: flow}\n",
        encoding="utf-8",
    )
    return data


def test_repeated_problems_are_summarised(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from gongshu_kpi.cli import app

    data = _data(tmp_path)
    rows = "".join(f"未知指标{n},2020-06,1,累计\n" for n in range(4000))
    (data / "actuals" / "a.csv").write_text("指标,月份,数值,口径\n" + rows, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--data", str(data)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "a.csv" in line]
    assert len(lines) == limits.MAX_PROBLEMS_PER_KIND + 1
    assert lines[-1].endswith(f"…以及另外 {4000 - limits.MAX_PROBLEMS_PER_KIND:,} 处同类问题")


def test_a_long_cell_repeated_in_thousands_of_rows_makes_short_messages(tmp_path: Path) -> None:
    """A 30,000-character shared string (within Excel's limit) used by 4,000 rows."""
    from typer.testing import CliRunner

    from gongshu_kpi.cli import app

    data = _data(tmp_path)
    refs = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c>{cell(f"B{r}", "2020-06")}'
        f"{cell(f'C{r}', 1)}{cell(f'D{r}', '累计')}</row>"
        for r in range(2, 4002)
    )
    write_xlsx(
        data / "actuals" / "a.xlsx",
        sheet(long_table([HEADER]) + refs),
        shared_strings(["长" * 30_000]),
    )
    result = CliRunner().invoke(app, ["check", "--data", str(data)])
    assert result.exit_code == 1
    assert len(result.output) < 20_000
    assert "（共 30,000 字）" in result.output and "处同类问题" in result.output
