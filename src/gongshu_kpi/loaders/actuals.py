"""Every actuals file in a folder, read by the loader its suffix chooses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.loaders import limits
from gongshu_kpi.loaders.csv_rows import read_csv_rows
from gongshu_kpi.loaders.files import scan_folder
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
    """Files under the actuals folder in a stable order, skipping hidden and lock files
    (and whatever scan_actuals reports: links out of the project, FIFOs, folders)."""
    return scan_actuals(folder, str)[0]


def scan_actuals(folder: Path, shown: Callable[[Path], str]) -> tuple[list[Path], list[Problem]]:
    """The actuals files, and a problem for every entry that is not one (data/actuals/ lies
    in the project folder, the limit for links)."""
    return scan_folder(folder, folder.absolute().parent.parent, shown)


def read_actual_rows(
    path: Path, shown_as: str, entry: SourceEntry | None = None
) -> Iterator[RawRow | Problem]:
    """The rows of one file, laid out as its sources.yaml entry (if any) declares."""
    loader = LOADER_BY_SUFFIX.get(path.suffix.lower())
    if loader is read_xlsx_rows and is_form(path):  # a returned kpi form: its metadata sheet
        yield from _bounded(read_form_rows(path, shown_as), shown_as)
        return
    if loader is not None:
        yield from _bounded(loader(path, shown_as, entry), shown_as)
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


def _bounded(items: Iterator[RawRow | Problem], shown_as: str) -> Iterator[RawRow | Problem]:
    """At most MAX_ROWS_PER_FILE rows of one file, then one problem saying so."""
    rows = 0
    for item in items:
        if type(item) is RawRow:
            rows += 1
            if rows > limits.MAX_ROWS_PER_FILE:
                yield Problem(
                    "too-big",
                    f"超过 {limits.MAX_ROWS_PER_FILE:,} 行，其余未读取",
                    Location(shown_as),
                    "把数据拆分为多个文件",
                )
                return
        yield item
