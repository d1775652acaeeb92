"""Reading a YAML settings file's text: UTF-8 (with or without BOM), or a located problem."""

from __future__ import annotations

import codecs
from pathlib import Path

from gongshu_kpi.core.problems import Location, Problem


def read_utf8(path: Path, shown_as: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem naming the line and column UTF-8 stops at.

    A YAML file saved by Notepad's "ANSI" on Chinese Windows is GBK: say so, since a byte
    offset alone sends the user hunting.
    """
    raw = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[start : exc.start].decode("utf-8")) + 1
        try:
            raw.decode("gb18030")
            guess = "，看起来是 GBK/GB18030 编码（记事本的“ANSI”）"
        except UnicodeDecodeError:
            guess = ""
        return None, Problem(
            "encoding",
            f"无法按 UTF-8 解码{guess}",
            Location(shown_as, line, column),
            f"用 UTF-8 编码另存 {path.name}",
        )
