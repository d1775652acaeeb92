"""Every actuals file in a folder, read by the loader its suffix chooses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.loaders.csv_rows import read_csv_rows
from gongshu_kpi.loaders.form_rows import is_form, read_form_rows
from gongshu_kpi.loaders.rows import RawRow
from gongshu_kpi.loaders.sources import SourceEntry
from gongshu_kpi.loaders.xlsx_rows import read_xlsx_rows

RowLoader = Callable[[Path, str, SourceEntry | None], Iterator[RawRow | Problem]]

LOADER_BY_SUFFIX: dict[str, RowLoader] = {
    ".csv": read_csv_rows,
    ".xlsx": read_xlsx_rows,
    ".xlsm": read_xlsx_rows,
}

# Spreadsheet formats people send by mistake: each gets a message, never silence.
FIX_BY_SUFFIX: dict[str, str] = {
    ".xls": "旧版 .xls 不受支持；在 Excel/WPS 中另存为 .xlsx",
    ".xlsb": "二进制工作簿 .xlsb 不受支持；另存为 .xlsx",
    ".et": "WPS 表格格式不受支持；在 WPS 中另存为 .xlsx",
    ".ods": "ODS 格式不受支持；另存为 .xlsx",
    ".numbers": "Numbers 格式不受支持；导出为 .xlsx 或 CSV",
    ".txt": "文本文件不受支持；另存为 CSV",
    ".tsv": "制表符分隔文件不受支持；另存为 CSV",
}


def actual_files(folder: Path) -> list[Path]:
    """Files under the actuals folder in a stable order, skipping hidden and lock files."""
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))
    )


def read_actual_rows(
    path: Path, shown_as: str, entry: SourceEntry | None = None
) -> Iterator[RawRow | Problem]:
    """The rows of one file, laid out as its sources.yaml entry (if any) declares."""
    loader = LOADER_BY_SUFFIX.get(path.suffix.lower())
    if loader is read_xlsx_rows and is_form(path):
        loader = read_form_rows  # a returned kpi form: recognised by its metadata sheet
    if loader is not None:
        yield from loader(path, shown_as, entry)
        return
    fix = FIX_BY_SUFFIX.get(path.suffix.lower())
    if fix is not None:
        yield Problem(
            "unsupported-file", f"不支持的文件类型 {path.suffix}", Location(shown_as), fix
        )
    else:
        yield Problem(
            "ignored-file",
            "不是 CSV 或 .xlsx，已忽略",
            Location(shown_as),
            severity=Severity.WARNING,
        )
