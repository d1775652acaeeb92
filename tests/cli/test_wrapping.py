"""--help wraps Chinese at any width: never cut with "…", no line wider than the terminal,
no space added after Chinese punctuation (cli/wrapping.py)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.cli.wrapping import break_offsets, line_starts

runner = CliRunner()
COMMANDS = ["", "report", "check", "explain", "trend", "publish", "init", "templates", "form"]
COMMANDS += ["status"]


@pytest.mark.parametrize("width", range(60, 201, 10))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c or "kpi")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_fits_every_width(width: int, command: str, lang: str) -> None:
    env = {"LANG": f"{lang}_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": str(width)}
    result = runner.invoke(app, [*([command] if command else []), "--help"], env=env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "…" not in result.stdout
    assert max(cell_len(line) for line in lines) <= width
    if lang == "zh":  # no space put after Chinese punctuation to make a place to wrap
        for line in lines:
            inner = line.replace("[required]", "").strip(" │")
            assert not any(f"{mark} " in inner for mark in "，。；：、）"), line


def test_line_starts_follow_chinese_rules() -> None:
    text = "完成率（年度）：达到，好 a word"
    starts = [text[i] for i in line_starts(text)]
    assert "（" in starts and "年" not in starts  # never after an opening bracket
    assert "）" not in starts and "：" not in starts and "，" not in starts  # nor before a close
    assert "w" in starts and "o" not in starts  # Latin words at spaces only


@pytest.mark.parametrize("width", [4, 5, 9, 13])
def test_break_offsets_fill_lines_without_overflow(width: int) -> None:
    text = "数据目录（含 targets.yaml 和 actuals/），或含 data/ 的项目目录。"
    bounds = [0, *break_offsets(text, width), len(text)]
    lines = [text[a:b].rstrip() for a, b in pairwise(bounds)]
    assert "".join(text[a:b] for a, b in pairwise(bounds)) == text
    assert all(cell_len(line) <= width for line in lines), lines
    # Greedy: the next line's first piece would not have fitted on this one.
    starts = set(line_starts(text))
    for line, nxt in zip(lines, bounds[1:-1], strict=False):
        following = min((s for s in starts if s > nxt), default=len(text))
        if nxt in starts:
            assert cell_len(line + text[nxt:following].rstrip()) > width or not line
