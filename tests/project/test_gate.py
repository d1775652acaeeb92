"""The tooling gate of issue 15 that runs inside pytest, so the README's test command stays
short: `ruff format --check`, the size limits (scripts/check_sizes.py), and the lint/format
baselines in pyproject.toml staying exactly as long as today's code needs. (ruff check and
mypy run before pytest in that command; the core's 100% branch coverage is checked at the
end of the run by conftest.py.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.paths import REPO

sys.path.insert(0, str(REPO / "scripts"))
import check_sizes  # a script, imported from its folder
import gate_baseline


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_code_is_formatted() -> None:
    """`ruff format --check .` passes (files listed in the format baseline excepted)."""
    done = _ruff("format", "--check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_functions_and_modules_within_their_size() -> None:
    """No function over 60 lines and no module over 500 outside the listed exceptions."""
    config = check_sizes.load_config(REPO / "pyproject.toml")
    assert (config.max_function_lines, config.max_module_lines) == (60, 500)
    offenders, stale = check_sizes.check(REPO, config)
    assert not offenders, [f"{o.key}: {o.lines} lines" for o in offenders]
    assert not stale, f"exceptions that no longer apply: {stale}"


def test_lint_and_format_baselines_are_current() -> None:
    """The generated baselines list exactly today's findings: nothing fixed stays excused."""
    assert gate_baseline.main(["--check"]) == 0, "run `python scripts/gate_baseline.py`"


# --- the size checker itself, on a project of its own


def _project(tmp_path: Path, exceptions: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [tool.gongshu-kpi.sizes]
            paths = ["pkg"]
            max-function-lines = 4
            max-module-lines = 12
            """
        )
        + exceptions,
        encoding="utf-8",
    )
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text(
        textwrap.dedent(
            '''
            @decorator
            def short():
                """Four lines with its docstring; the decorator does not count."""
                a = 1
                return a


            class K:
                def long(self):
                    a = 1
                    b = 2
                    c = 3
                    return a + b + c
            '''
        ),
        encoding="utf-8",
    )
    return tmp_path


def test_size_checker_names_the_long_function_and_module(tmp_path: Path) -> None:
    root = _project(tmp_path)
    offenders, stale = check_sizes.check(root, check_sizes.load_config(root / "pyproject.toml"))
    assert [(o.key, o.lines) for o in offenders] == [("pkg/m.py", 14), ("pkg/m.py::K.long", 5)]
    assert stale == []


def test_size_exceptions_excuse_and_must_stay_true(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(
        tmp_path,
        '[tool.gongshu-kpi.size-exceptions]\n"pkg/m.py" = "a reason"\n'
        '"pkg/m.py::K.long" = "a reason"\n"pkg/m.py::short" = "no longer long"\n',
    )
    assert check_sizes.main(["--root", str(root)]) == 1
    assert capsys.readouterr().out == (
        "pkg/m.py::short: listed in [tool.gongshu-kpi.size-exceptions] but within its limit "
        "or gone: remove the entry\n"
    )


def test_size_checker_fails_without_exceptions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_sizes.main(["--root", str(_project(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "pkg/m.py: 14 lines (limit 12)" in out
    assert "pkg/m.py::K.long: 5 lines (limit 4)" in out


def test_baseline_block_lists_each_file_once_between_its_markers(tmp_path: Path) -> None:
    findings: list[dict[str, object]] = [
        {"code": "PLR2004", "filename": str(tmp_path / "src" / "b.py")},
        {"code": "E501", "filename": str(tmp_path / "src" / "b.py")},
        {"code": "PLR2004", "filename": str(tmp_path / "src" / "b.py")},
        {"code": "F401", "filename": str(tmp_path / "a.py")},
        {"code": None, "filename": str(tmp_path / "broken.py")},  # a syntax error: not excusable
    ]
    lines = gate_baseline.ruff_block(tmp_path, findings)
    assert lines == ['"a.py" = ["F401"]', '"src/b.py" = ["E501", "PLR2004"]']
    text = 'x = 1\n    # BEGIN ruff baseline\n    "old.py" = ["E501"]\n    # END ruff baseline\ny\n'
    assert gate_baseline.replace_block(text, "ruff baseline", lines) == (
        'x = 1\n    # BEGIN ruff baseline\n    "a.py" = ["F401"]\n'
        '    "src/b.py" = ["E501", "PLR2004"]\n    # END ruff baseline\ny\n'
    )
