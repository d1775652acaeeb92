"""loaders/actuals.read_actual_rows and csv_rows.read_csv_rows at their edges: a file kpi
does not read (with a fix, or ignored with a warning), a file over the row limit, a CSV
declared sheet-per-month, an unreadable path."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongshu_kpi.core.problems import Problem, Severity
from gongshu_kpi.loaders import limits
from gongshu_kpi.loaders.actuals import read_actual_rows
from gongshu_kpi.loaders.csv_rows import read_csv_rows
from gongshu_kpi.loaders.rows import RawRow
from gongshu_kpi.loaders.sources import SourceEntry


def _problems(items: list[RawRow | Problem]) -> list[tuple[str, str, str | None, Severity]]:
    return [(p.code, p.message, p.fix, p.severity) for p in items if isinstance(p, Problem)]


def test_a_file_kpi_does_not_read(tmp_path: Path) -> None:
    old, other = tmp_path / "a.xls", tmp_path / "a.pdf"
    old.write_bytes(b"x")
    other.write_bytes(b"x")
    assert _problems(list(read_actual_rows(old, "a.xls"))) == [
        (
            "unsupported-file",
            "不支持的文件类型 .xls",
            "旧版 .xls 不受支持；在 Excel/WPS 中另存为 .xlsx",
            Severity.ERROR,
        )
    ]
    assert _problems(list(read_actual_rows(other, "a.pdf"))) == [
        ("ignored-file", "不是 CSV 或 .xlsx，已忽略", None, Severity.WARNING)
    ]


def test_rows_over_the_limit_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "指标,月份,数值,口径\n" + "".join(f"营业收入,2020-0{m},{m},累计\n" for m in (1, 2, 3)),
        encoding="utf-8",
    )
    monkeypatch.setattr(limits, "MAX_ROWS_PER_FILE", 2)
    items = list(read_actual_rows(path, "a.csv"))
    assert sum(isinstance(item, RawRow) for item in items) == 2
    assert _problems(items) == [
        ("too-big", "超过 2 行，其余未读取", "把数据拆分为多个文件", Severity.ERROR)
    ]


def test_a_csv_cannot_be_sheet_per_month(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("指标,月份,数值\n", encoding="utf-8")
    entry = SourceEntry(match="*.csv", layout="sheet-per-month")
    [problem] = _problems(list(read_csv_rows(path, "a.csv", entry)))
    assert problem[:2] == (
        "sources-layout",
        "sheet-per-month（每月一个工作表）只适用于 .xlsx，CSV 文件没有工作表",
    )


def test_an_unreadable_csv(tmp_path: Path) -> None:
    folder = tmp_path / "a.csv"
    folder.mkdir()
    assert _problems(list(read_csv_rows(folder, "a.csv"))) == [
        ("unreadable", "无法读取：Is a directory", "检查文件权限或是否被占用", Severity.ERROR)
    ]
