"""output.py: where a report may be written — a missing folder or a folder as the file is
refused before anything runs; a write that fails names the file; a failure mid-write
leaves neither a half file nor a stray temporary one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gongshu_kpi.core.problems import UsageError
from gongshu_kpi.output import check_output_path, write_atomically


def test_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "r.md"
    with pytest.raises(UsageError) as refused:
        check_output_path(target, [])
    assert str(refused.value) == f"--output {target}：目录 {target.parent} 不存在"


def test_a_folder_as_the_output_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as refused:
        check_output_path(tmp_path, [])
    assert str(refused.value) == f"--output {tmp_path} 是一个目录；请给出文件名"


def test_a_device_that_fails_names_the_file() -> None:
    """A device is written directly, not replaced; /dev/full refuses every write."""
    with pytest.raises(UsageError) as refused:
        write_atomically(Path("/dev/full"), "x")
    assert str(refused.value) == "无法写入 /dev/full：No space left on device；修正：换一个输出位置"


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.md"
    target.write_text("old", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]
