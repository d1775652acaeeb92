"""loaders/files.scan_folder: every entry under data/ is read or reported — FIFOs, sockets
and devices are named by kind, a link back to a folder already read is a loop, an
unreadable folder says so, and dot-files and Excel's lock files are skipped by name."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from gongshu_kpi.loaders.files import scan_folder


def _scan(folder: Path) -> tuple[list[str], list[tuple[str, str, str | None]]]:
    found, problems = scan_folder(folder, folder, lambda p: p.relative_to(folder).as_posix())
    return (
        [p.name for p in found],
        [(p.code, p.message, p.location.path if p.location else None) for p in problems],
    )


def test_a_fifo_and_a_socket_are_named_by_kind(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.csv")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.csv"))
        names, problems = _scan(tmp_path)
    finally:
        server.close()
    assert names == ["a.csv"]
    assert problems == [
        ("not-a-file", "不是普通文件（是命名管道 FIFO），未读取", "pipe.csv"),
        ("not-a-file", "不是普通文件（是套接字），未读取", "s.csv"),
    ]


def test_a_device_is_named_as_one(tmp_path: Path) -> None:
    try:
        os.mknod(tmp_path / "dev.csv", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("this machine does not let the test make a device node")
    assert _scan(tmp_path)[1] == [("not-a-file", "不是普通文件（是设备文件），未读取", "dev.csv")]


def test_a_link_back_to_a_folder_already_read_is_a_loop(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "sub" / "back").symlink_to(tmp_path)
    names, problems = _scan(tmp_path)
    assert names == ["b.csv"]
    assert problems == [("bad-link", "符号链接形成循环", "sub/back")]


def test_dot_files_and_excel_lock_files_are_skipped(tmp_path: Path) -> None:
    for name in (".hidden.csv", "~$a.xlsx", "a.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    assert _scan(tmp_path) == (["a.xlsx"], [])


def test_an_unreadable_folder_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    listdir = os.listdir

    def refuse(path: str | os.PathLike[str]) -> list[str]:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    assert _scan(tmp_path) == ([], [("unreadable", "无法读取目录：Permission denied", "locked")])
