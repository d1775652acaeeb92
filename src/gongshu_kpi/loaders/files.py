"""Which paths under data/ are input files: every one is read or reported, none skipped silently.

A symbolic link is followed only to a file inside the project folder: a link elsewhere
could make `kpi check` print lines of any file on a CI runner (in `--format github`
annotations, say), so it is refused without reading or naming its target. Dangling links,
link loops, FIFOs (reading one would wait for ever), devices, sockets and folders named
like data files are errors naming the path.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from gongshu_kpi.core.problems import Location, Problem

# Names never read as data: dot-files and the lock files Excel and WPS leave open beside
# a workbook (~$a.xlsx).
SKIPPED_PREFIXES = (".", "~$")
# Folders named like these are a mistake (an unzipped workbook, a copy gone wrong).
DATA_SUFFIXES = frozenset({".csv", ".xlsx", ".xlsm", ".xls", ".xlsb", ".et", ".ods", ".yaml"})


def present(path: Path) -> bool:
    """Anything at the path, a dangling link included (Path.exists follows links)."""
    return os.path.lexists(path)


def input_problem(path: Path, shown_as: str, root: Path) -> Problem | None:
    """Why the path is not a regular file to read inside `root`, or None when it is."""
    where = Location(shown_as)
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return Problem(
                "bad-link", "符号链接指向的文件不存在", where, "删除该链接，或放入真实文件"
            )
        except (RuntimeError, OSError):  # a loop: Python 3.11 raises RuntimeError
            return Problem("bad-link", "符号链接形成循环", where, "删除该链接，或放入真实文件")
        if not target.is_relative_to(root.resolve()):
            # The target's name is not printed either: it is none of the report's business.
            return Problem(
                "link-outside",
                "符号链接指向项目目录之外，已拒绝（未读取）",
                where,
                "把文件本身复制到项目目录中，不要用指向外部的链接",
            )
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return Problem("unreadable", f"无法读取：{exc.strerror}", where, "检查文件权限")
    if stat.S_ISREG(mode):
        return None
    return Problem(
        "not-a-file",
        f"不是普通文件（是{_kind(mode)}），未读取",
        where,
        "换成普通的数据文件，或把它移出 data/",
    )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISFIFO(mode):
        return "命名管道 FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def scan_folder(
    folder: Path, root: Path, shown: Callable[[Path], str]
) -> tuple[list[Path], list[Problem]]:
    """Regular files under `folder` (links inside `root` followed), in a stable order, and a
    problem for every other entry that is not skipped by name."""
    files: list[Path] = []
    problems: list[Problem] = []
    visited: set[Path] = set()

    def visit(directory: Path) -> None:
        real = directory.resolve()
        if real in visited:  # a link back to a folder already read
            problems.append(
                Problem("bad-link", "符号链接形成循环", Location(shown(directory)), "删除该链接")
            )
            return
        visited.add(real)
        try:
            names = sorted(entry.name for entry in directory.iterdir())
        except OSError as exc:
            problems.append(
                Problem("unreadable", f"无法读取目录：{exc.strerror}", Location(shown(directory)))
            )
            return
        for name in names:
            if name.startswith(SKIPPED_PREFIXES):
                continue
            path = directory / name
            problem = input_problem(path, shown(path), root)
            if problem is None:
                files.append(path)
            elif problem.code == "not-a-file" and path.is_dir():
                if path.suffix.lower() in DATA_SUFFIXES:
                    problems.append(
                        Problem(
                            "not-a-file",
                            f"“{name}”是一个目录，不是数据文件，未读取",
                            Location(shown(path)),
                            "把目录改名，或放入真正的数据文件",
                        )
                    )
                else:
                    visit(path)
            else:
                problems.append(problem)

    visit(folder)
    return sorted(files), problems
