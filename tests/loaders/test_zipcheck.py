"""loaders/zipcheck.check_workbook: what is refused before an .xlsx is opened, each with the
reason a person can act on — unreadable, a broken archive, too many parts, another
program's file renamed, more cells than the limit."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from gongshu_kpi.loaders import limits
from gongshu_kpi.loaders.zipcheck import MAX_MEMBERS, check_workbook


def _said(path: Path) -> tuple[str, str]:
    problem = check_workbook(path, "a.xlsx")
    assert problem is not None
    return problem.code, problem.message


def _zip(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return path


def test_a_folder_is_unreadable(tmp_path: Path) -> None:
    assert _said(tmp_path) == ("unreadable", "无法读取：Is a directory")


def test_a_broken_archive(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(40))
    code, message = _said(path)
    assert code == "not-xlsx"
    assert message.startswith("不是有效的 .xlsx（压缩包已损坏：")


def test_too_many_parts(tmp_path: Path) -> None:
    path = _zip(tmp_path / "a.xlsx", [f"p{i}" for i in range(MAX_MEMBERS + 1)])
    assert _said(path) == (
        "zip-bomb",
        f"压缩包内有 {MAX_MEMBERS + 1} 个文件，超过上限 {MAX_MEMBERS}，已拒绝",
    )


@pytest.mark.parametrize(
    ("names", "guess"),
    [
        (["[Content_Types].xml", "word/document.xml"], "可能是 .docx 改名"),
        (["Index/Document.iwa", "Index/Tables/DataList.iwa"], "可能是 .numbers 改名"),
        (["notes.txt"], "zip 压缩包中没有工作簿部件，可能是 .ods/.docx 改名"),
    ],
)
def test_another_programs_file_renamed(tmp_path: Path, names: list[str], guess: str) -> None:
    path = _zip(tmp_path / "a.xlsx", names)
    assert _said(path) == ("not-xlsx", f"不是 Excel 工作簿（{guess}）")


def test_more_cells_than_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in range(1, 4):
        sheet.cell(row, 1, row)
    path = tmp_path / "a.xlsx"
    book.save(path)
    assert check_workbook(path, "a.xlsx") is None
    monkeypatch.setattr(limits, "MAX_WORKBOOK_CELLS", 2)
    code, message = _said(path)
    assert code == "too-big"
    assert "单元格超过 2 个" in message
