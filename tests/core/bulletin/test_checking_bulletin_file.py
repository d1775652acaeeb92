"""checking.read_bulletin: a draft bulletin in UTF-8 or GB18030 is read; bytes in neither
are a located problem; a file that cannot be opened is a usage error naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongshu_kpi.checking import read_bulletin
from gongshu_kpi.core.problems import UsageError

TEXT = "◎ 主营业务收入1-6月累计完成419.72亿元。\n"


def test_utf8_and_gb18030_are_read(tmp_path: Path) -> None:
    for encoding in ("utf-8-sig", "gb18030"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(TEXT.encode(encoding))
        assert read_bulletin(path) == (TEXT, [])


def test_bytes_in_neither_encoding_are_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(b"\x80\xff\x80")
    text, [problem] = read_bulletin(path)
    assert text is None
    assert (problem.code, problem.message) == (
        "bulletin-encoding",
        "成绩单文件既不是 UTF-8 也不是 GB18030 编码，无法读取",
    )


def test_a_file_that_cannot_be_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "b.txt"
    path.write_text(TEXT, encoding="utf-8")

    def refuse(self: Path, mode: str = "r") -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(UsageError) as refused:
        read_bulletin(path)
    assert str(refused.value) == f"--bulletin {path}：无法读取（Permission denied）"
