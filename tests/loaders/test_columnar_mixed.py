"""Row-level fallback (loaders/columnar_mixed.py): only the rows (or files) the engine cannot
vouch for take the careful path, the rest stays in columns, and the outcome (problems,
figures, sources, series, org order, report) is the careful path's, in the same order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from gongshu_kpi import pipeline
from gongshu_kpi.loaders import columnar_mixed
from gongshu_kpi.loaders.actuals import actual_files
from gongshu_kpi.loaders.rows import RowContext, accept_row
from gongshu_kpi.loaders.targets import load_targets
from tests.loaders.test_columnar import both_ways, table_text, tables, write_folder
from tests.loaders.test_columnar_xlsx import write_workbook

HEADER = ["指标", "月份", "口径", "填报单位", "数值"]
ORGS = ("甲镇", "乙街道", "丙园区")


def clean_rows() -> list[list[str]]:
    """Twelve months of three indicators for three orgs: 108 rows."""
    return [
        [indicator, f"2020-{month:02d}", "当月", org, f"{month * 7 + n}.{n}5"]
        for n, org in enumerate(ORGS)
        for indicator in ("revenue", "profit", "balance")
        for month in range(1, 13)
    ]


class Counted:
    """accept_row as the mixed path calls it, counting the rows it is given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rows: list[int] = []
        real = accept_row

        def counting(raw: Any, ctx: RowContext) -> Any:
            self.rows.append(raw.row)
            return real(raw, ctx)

        monkeypatch.setattr(columnar_mixed, "accept_row", counting)


def mixed_read(folder: pipeline.DataFolder) -> columnar_mixed.ColumnarRead | None:
    targets, _ = load_targets(folder.targets, "targets.yaml")
    assert targets is not None
    paths = actual_files(folder.actuals)
    listing = [(p, str(p), None) for p in paths]
    return columnar_mixed.read_columnar(listing, RowContext(targets), 0)


@pytest.mark.parametrize(
    ("cell", "located"),
    [
        ("12.5万", True),  # 万 in a cell: the careful path judges it (万 alone is no 亿元)
        ("—", True),  # no number: the careful path says where
        ("1,234.5", False),  # thousands separators (quoted in the CSV)
        ("abc", True),
        ("", True),
    ],
)
def test_only_the_rejected_row_takes_the_careful_path(
    cell: str, located: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = clean_rows()
    rows[40][4] = cell  # row 42 of the file (line 1 is the header)
    folder = write_folder(tmp_path, [table_text(HEADER, rows)])
    counted = Counted(monkeypatch)
    read = mixed_read(folder)
    if cell in ("1,234.5", ""):
        # A quoted cell or an empty one: the engine cannot read the file as a plain table,
        # and with no other file the careful path reads the folder as before.
        assert read is None
    else:
        assert read is not None and not read.clean
        assert counted.rows == [42]
    fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful
    assert any(":42:" in p or "第42行" in p for p in fast[0]) is located


def test_a_series_with_a_duplicate_month_goes_to_the_builder_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A problem across rows (the same month twice): no row is rejected, so the careful
    parser reads nothing; the series' rows reach the careful builder from the columns."""
    rows = clean_rows()
    rows.insert(50, list(rows[45]))
    folder = write_folder(tmp_path, [table_text(HEADER, rows)])
    counted = Counted(monkeypatch)
    read = mixed_read(folder)
    assert read is not None and len(read.store.flagged) == 1 and not counted.rows
    fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful
    assert any("重复" in p for p in fast[0])


def test_a_file_the_engine_cannot_read_beside_one_it_can(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quoted file is read carefully whole; the series it shares with a clean file (the
    same org's later months) are built from both, in reading order."""
    rows = clean_rows()
    early = [r for r in rows if int(r[1][5:]) <= 6]
    late = [r for r in rows if int(r[1][5:]) > 6]
    late[3][4] = "1,000.25"  # quoted by the csv writer
    folder = write_folder(tmp_path, [table_text(HEADER, early), table_text(HEADER, late)])
    read = mixed_read(folder)
    assert read is not None and read.files[0] is not None and read.files[1] is None
    fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful


def test_rows_after_a_note_row_are_read_as_the_careful_reader_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 注 row ends the careful reader's table: the engine's rows below it are not data,
    so the file is read carefully whole."""
    rows = clean_rows()
    rows.insert(60, ["注：以上为快报数", "", "", "", "1"])
    folder = write_folder(tmp_path, [table_text(HEADER, rows)])
    assert mixed_read(folder) is None  # the only file: the careful path reads the folder
    fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful


def test_unit_cells_the_engine_cannot_convert_take_the_careful_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header = ["指标", "月份", "口径", "计量单位", "数值"]
    rows = [["revenue", f"2020-{m:02d}", "当月", "万元", f"{m}00.5"] for m in range(1, 13)]
    rows[2][3] = "美元"  # another dimension: a problem with its cell
    rows[5][3] = "亩"  # unknown for money: a problem too
    folder = write_folder(tmp_path, [table_text(header, rows)])
    counted = Counted(monkeypatch)
    read = mixed_read(folder)
    assert read is not None and counted.rows == [4, 7]
    fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful


def test_a_workbook_with_a_noisy_number_keeps_its_other_rows_in_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1e20 in a cell (an exponent, past the digits): the careful path decides; the other
    rows stay in columns."""
    rows: list[list[Any]] = [
        ["revenue", f"2020-{m:02d}", "当月", round(m * 1.25, 2)] for m in range(1, 13)
    ]
    rows[4][3] = 1e20
    folder = write_workbook(tmp_path, rows)
    counted = Counted(monkeypatch)
    read = mixed_read(folder)
    assert read is not None and counted.rows == [6]
    fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=tables())
def test_mixed_clean_and_dirty_tables_agree_and_stay_mostly_in_columns(
    case: tuple[list[str], bool], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Generated tables with damaged rows: the mixed path gives the careful path's outcome,
    and the careful parser reads only the rows the engine refused."""
    folder = write_folder(tmp_path_factory.mktemp("mixed"), case[0])
    with pytest.MonkeyPatch.context() as monkeypatch:
        counted = Counted(monkeypatch)
        read = mixed_read(folder)
        if read is not None and all(f is not None for f in read.files):
            assert len(counted.rows) == sum(len(f.bad) for f in read.files if f is not None)
        fast, careful = both_ways(folder, monkeypatch)
    assert fast == careful
