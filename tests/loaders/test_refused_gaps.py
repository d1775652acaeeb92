"""One bad cell, one error (core/refused.py, loaders/refusals.py): a row refused for its
value, unit or a misspelt indicator is not reported as a missing month as well, by the
careful path and the columnar engine alike; a refused row that cannot be placed is named
in the gap's message instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from gongshu_kpi import pipeline
from gongshu_kpi.core.problems import Problem, Severity
from tests.loaders.test_columnar import TARGETS, both_ways

HEADER = "指标,月份,口径,数值"
GOOD = {1: "1.5", 2: "2.25", 3: "0.1", 4: "3"}  # 营业收入 (亿元, 当月) by month


def csv_folder(root: Path, cells: dict[int, tuple[str, str, str] | None]) -> pipeline.DataFolder:
    """营业收入 for January to April, month by month; `cells` replaces a month's row
    (line = month + 1) with (indicator, month, value), or drops it (None)."""
    actuals = root / "data" / "actuals"
    actuals.mkdir(parents=True)
    (root / "data" / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    lines = [HEADER]
    for month, value in GOOD.items():
        replaced = cells.get(month, ("营业收入", f"2020-{month:02d}", value))
        if replaced is None:
            continue
        name, period, cell = replaced
        lines.append(f"{name},{period},当月,{cell}")
    (actuals / "a.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pipeline.DataFolder(root / "data", root / "templates")


def errors(folder: pipeline.DataFolder) -> list[Problem]:
    return [p for p in pipeline.load(folder).problems if p.severity is Severity.ERROR]


# Each hazard: the bad row (for February, line 3) and the one error it must give.
HAZARDS = [
    (
        "misspelt indicator",
        ("营业收人", "2020-02", "2.25"),
        "a.csv:3:1: 未知指标“营业收人”（是否为“营业收入”？）",
    ),
    ("blank value", ("营业收入", "2020-02", ""), "a.csv:3:4: 缺少数值（空单元格）"),
    (
        "bad grouping",
        ("营业收入", "2020-02", '"1,52345"'),
        "a.csv:3:4: 数值“1,52345”千分位格式错误",
    ),
    ("other currency", ("营业收入", "2020-02", "2亿美元"), "a.csv:3:4: “营业收入”定义单位为“亿元”"),
    ("placeholder", ("营业收入", "2020-02", "—"), "a.csv:3:4: 缺少数值（“—”）"),
]


@pytest.mark.parametrize("case", HAZARDS, ids=[case[0] for case in HAZARDS])
def test_one_bad_cell_one_error(
    case: tuple[str, tuple[str, str, str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, row, message = case
    folder = csv_folder(tmp_path, {2: row})
    found = errors(folder)
    assert len(found) == 1, [str(p) for p in found]
    assert str(found[0]).split("data/actuals/")[-1].startswith(message)
    assert all(p.code != "missing-month" for p in found)
    engine, careful = both_ways(folder, monkeypatch)
    assert engine == careful


def test_blank_cell_fix_says_a_month_between_cannot_be_left_out(tmp_path: Path) -> None:
    """The blank cell's fix does not advise deleting the row: February deleted leaves a gap."""
    (found,) = errors(csv_folder(tmp_path / "blank", {2: ("营业收入", "2020-02", "")}))
    assert found.fix is not None
    assert "删除该行" not in found.fix.split("；")[0]
    assert "中间的月份不能空缺" in found.fix
    deleted = errors(csv_folder(tmp_path / "deleted", {2: None}))
    assert [p.code for p in deleted] == ["missing-month"]
    assert "缺少 2月" in deleted[0].message


def test_unplaced_refused_row_is_named_in_the_gap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad month cell: the row cannot be placed, so February is still missing, and the
    gap's message names the refused line as a likely cause."""
    folder = csv_folder(tmp_path, {2: ("营业收入", "2020-13", "2.25")})
    found = errors(folder)
    assert [p.code for p in found] == ["bad-month", "missing-month"]
    assert found[0].location is not None and found[0].location.line == 3
    gap = str(found[1])
    assert "a.csv:5: " in gap and "缺少 2月" in gap
    assert "（被拒绝的 " in gap and "a.csv:3 可能就是缺少的月份" in gap
    engine, careful = both_ways(folder, monkeypatch)
    assert engine == careful


def test_a_refused_row_of_another_month_leaves_the_gap(tmp_path: Path) -> None:
    """A refused row suppresses only the month it would have filled: April refused while
    February is simply absent still leaves 缺少 2月."""
    folder = csv_folder(tmp_path, {2: ("企业数", "2020-02", "1"), 4: ("营业收入", "2020-04", "")})
    found = errors(folder)
    assert [p.code for p in found] == ["bad-value", "missing-month"]
    assert "缺少 2月 的数据" in found[1].message
    assert "被拒绝" not in found[1].message  # 企业数's row and April's are placed elsewhere


def test_placeholder_in_a_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A "—" in a 1-2月 当月 row of an .xlsx: the one error is at its cell, and January and
    February are not reported missing."""
    actuals = tmp_path / "data" / "actuals"
    actuals.mkdir(parents=True)
    (tmp_path / "data" / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "数据"
    rows: list[list[str | float]] = [
        ["指标", "月份", "数值", "口径"],
        ["营业收入", "2020年1-2月", "—", "当月"],
        ["营业收入", "2020-03", 4.1, "当月"],
        ["营业收入", "2020-04", 4, "当月"],
    ]
    for cells in rows:
        sheet.append(cells)
    workbook.save(actuals / "whole.xlsx")
    folder = pipeline.DataFolder(tmp_path / "data", tmp_path / "templates")
    found = errors(folder)
    assert [str(p).split("data/actuals/")[-1] for p in found] == [
        (
            "whole.xlsx:数据!C2: 缺少数值（“—”）；修正：填写数值，不要用占位符；"
            "尚未上报的最近月份可删除该行，中间的月份不能空缺"
        )
    ]
    engine, careful = both_ways(folder, monkeypatch)
    assert engine == careful
