"""The exit-code contract and the one error boundary every command runs inside.

The boundary wraps the command group's invoke (cli/app.py), so each command body only raises:
UsageError (exit 2), DataError (exit 1), Ctrl-C (exit 130), anything else a bug (exit 3).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from gongshu_kpi.core.problems import DataError

EXIT_OK = 0
EXIT_DATA = 1  # problems in targets, actuals or a template
EXIT_USAGE = 2  # bad options, no data folder, output cannot be written
EXIT_BUG = 3  # an internal error: a bug in kpi
EXIT_INTERRUPTED = 130


class _Debug:
    """Whether --debug was given to the command running now (set by the option's callback)."""

    shown = False


def remember_debug(value: bool) -> bool:
    _Debug.shown = value
    return value


def err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def fail(code: int) -> NoReturn:
    raise typer.Exit(code)


@contextmanager
def error_boundary() -> Iterator[None]:
    """The one place exceptions become messages and exit codes."""
    from gongshu_kpi.cli.language import current_language
    from gongshu_kpi.core.problems import DataError, UsageError

    _Debug.shown = False
    english = current_language() == "en"
    try:
        yield
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise  # typer.Exit from a command, and Click's own usage errors (cli/language.py)
    except UsageError as exc:
        if english:
            from gongshu_kpi.cli.messages import english_usage

            err(f"Error: {english_usage(str(exc))}")
        else:
            err(f"错误：{exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except DataError as exc:
        err(_data_problems(exc, english))
        raise typer.Exit(EXIT_DATA) from None
    except KeyboardInterrupt:
        err("Interrupted." if english else "已中断。")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as exc:
        _report_bug(exc, english)
        raise typer.Exit(EXIT_BUG) from None


def _data_problems(exc: DataError, english: bool) -> str:
    from gongshu_kpi.render.problems import render_problems, summarise

    if english:
        # exc.what names the input in Chinese (目标、实际数…); the problems say which file.
        counts = summarise(exc.problems, "en")
        return (
            render_problems(exc.problems, lang="en")
            + f"Problems in the input, nothing made ({counts})."
        )
    return (
        render_problems(exc.problems) + f"{exc.what}有误，未生成结果（{summarise(exc.problems)}）。"
    )


def _report_bug(exc: Exception, english: bool = False) -> None:
    if _Debug.shown:
        import traceback

        traceback.print_exc()
    if english:
        err(
            f"Internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in kpi; please report it with the command and the data "
            "(--debug shows details)."
        )
        return
    err(
        f"内部错误：{type(exc).__name__}: {exc}\n"
        "这是 kpi 的缺陷，请附上命令和数据报告问题（加 --debug 可看到详细信息）。"
    )
