"""Title rows above a long table's header (loaders/table.py): a title merged over the
table's width is a title like a one-cell one, whether the writer kept its text in the
top-left cell only or repeated it in every merged cell, through the careful path and the
columnar engine alike, and the figures are read."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.merge import MergedCellRange

from gongshu_kpi import pipeline
from tests.loaders.test_columnar import TARGETS
from tests.loaders.test_columnar_xlsx import CLEAN, json_report, taken

TITLE = "2020年1-3月全区指标"
HEADER = ["指标", "月份", "口径", "数值"]
# 1.5 + 2.25 + 0.1; a stock at its month; -3.5 + 0 + 1234567.125 (CLEAN's rows)
FIGURES = {"revenue": "3.85", "firms": "14", "profit": "1234563.625"}


def titled_workbook(root: Path, title: str) -> pipeline.DataFolder:
    """CLEAN under a title row in A1 (merged over A1:D1 as `title` says) and a blank row."""
    actuals = root / "data" / "actuals"
    actuals.mkdir(parents=True)
    (root / "data" / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "数据"
    if title == "merged":  # openpyxl keeps the text in A1 only, as Excel does
        sheet.append([TITLE])
        sheet.merge_cells("A1:D1")
    elif title == "merged, repeated":  # the text written into every merged cell too
        sheet.append([TITLE] * 4)
        sheet.merged_cells.add(MergedCellRange(sheet, "A1:D1"))
    else:  # repeated, not merged
        sheet.append([TITLE] * 4)
    sheet.append([])
    sheet.append(HEADER)
    for cells in CLEAN:
        sheet.append(cells)
    workbook.save(actuals / "actuals.xlsx")
    return pipeline.DataFolder(root / "data", root / "templates")


@pytest.mark.parametrize("title", ["merged", "merged, repeated", "repeated"])
def test_merged_title_row_above_the_header(
    title: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = titled_workbook(tmp_path, title)
    assert not taken(folder)  # the engine leaves a titled sheet to the careful path
    code, careful = json_report(folder, monkeypatch, fast=False)
    assert code == 0, careful
    actual = {row["id"]: row["actual"] for row in careful["indicators"] if row["actual"]}
    assert actual == FIGURES
    assert json_report(folder, monkeypatch, fast=True) == (code, careful)


def test_repeated_title_in_a_csv(tmp_path: Path) -> None:
    """The same in a CSV saved from such a sheet: the title in every cell of its row."""
    actuals = tmp_path / "data" / "actuals"
    actuals.mkdir(parents=True)
    (tmp_path / "data" / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    rows = [",".join([TITLE] * 4), "", ",".join(HEADER), "营业收入,2020-01,当月,1.5"]
    (actuals / "a.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    loaded = pipeline.load(pipeline.DataFolder(tmp_path / "data", tmp_path / "templates"))
    assert [str(p) for p in loaded.problems if p.severity.name == "ERROR"] == []
    revenue = loaded.facts.raw[("revenue", 2020)]
    assert {org: dict(s.values) for org, s in revenue.items()} == {"": {1: Decimal("1.5")}}


def test_a_header_of_one_repeated_text_is_no_title(tmp_path: Path) -> None:
    """Cells alike but not side by side (A1 and C1) are no merged title: the row is taken
    as the header, and its missing columns are reported."""
    actuals = tmp_path / "data" / "actuals"
    actuals.mkdir(parents=True)
    (tmp_path / "data" / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    text = f"{TITLE},,{TITLE},\n" + ",".join(HEADER) + "\n营业收入,2020-01,当月,1.5\n"
    (actuals / "a.csv").write_text(text, encoding="utf-8")
    loaded = pipeline.load(pipeline.DataFolder(tmp_path / "data", tmp_path / "templates"))
    assert [p.code for p in loaded.problems if p.severity.name == "ERROR"] == ["missing-column"]
