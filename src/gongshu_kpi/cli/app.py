"""The Typer app, its shared options, the exit-code contract and the one error boundary.

Heavy modules (pydantic models, loaders, Jinja, Excel readers) are imported inside the
commands so that `kpi --help` stays as fast as a bare Typer app.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from gongshu_kpi import __version__
from gongshu_kpi.cli.language import KpiGroup

# The exit-code contract, also in README.md and `kpi --help`.
EXIT_OK = 0
EXIT_DATA = 1  # problems in targets, actuals or a template
EXIT_USAGE = 2  # bad options, no data folder, output cannot be written
EXIT_BUG = 3  # an internal error: a bug in kpi
EXIT_INTERRUPTED = 130

HELP = (
    f"kpi {__version__}：年度目标任务 + 月度实际数 → 完成率、序时进度、成绩单文本与 CI 校验。"
    "\n\nWithout --data, kpi looks for data/targets.yaml in the current folder and its parents."
    "\n\nExit codes: 0 ok; 1 problems in the data or a template; 2 usage error (bad option, "
    "no data folder, output not writable); 3 internal error (please report it; --debug shows "
    "details)."
)

app = typer.Typer(
    cls=KpiGroup,  # help and usage errors in Chinese, or English (cli/language.py)
    help=HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    docx = "docx"


class RankBy(StrEnum):
    rate = "rate"
    yoy = "yoy"


class ViewFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        "-d",
        help="Data folder holding targets.yaml and actuals/ (or a project folder with data/).",
        show_default=False,
    ),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show the Python traceback of an internal error.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kpi {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """kpi: exact KPI completion figures, bulletins and CI checks."""


def err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


@contextmanager
def error_boundary(debug: bool) -> Iterator[None]:
    """The one place exceptions become messages and exit codes."""
    from gongshu_kpi.core.problems import DataError, UsageError

    try:
        yield
    except typer.Exit:
        raise
    except UsageError as exc:
        err(f"错误：{exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except DataError as exc:
        from gongshu_kpi.render.problems import render_problems, summarise

        err(
            render_problems(exc.problems)
            + f"{exc.what}有误，未生成结果（{summarise(exc.problems)}）。"
        )
        raise typer.Exit(EXIT_DATA) from None
    except KeyboardInterrupt:
        err("已中断。")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as exc:
        if debug:
            import traceback

            traceback.print_exc()
        err(
            f"内部错误：{type(exc).__name__}: {exc}\n"
            "这是 kpi 的缺陷，请附上命令和数据报告问题（加 --debug 可看到详细信息）。"
        )
        raise typer.Exit(EXIT_BUG) from None


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


def emit(text: object, output: Path | None) -> None:
    """Print to stdout, or write the file atomically."""
    from gongshu_kpi.output import write_atomically

    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        elif isinstance(text, str):
            sys.stdout.write(text)
        else:
            print_wide(text)
        return
    if isinstance(text, str | bytes):
        write_atomically(output, text)
    else:
        write_atomically(output, table_text(text))


def print_wide(renderable: Any) -> None:
    """Print a table at its natural width when the terminal is narrower: Rich would otherwise
    cut figures to fit (52.47% becoming 52.4…), and a hidden digit is worse than a wrap.
    (The report table splits itself to fit: see render_table's `width`.)"""
    from rich.console import Console

    console = Console()
    needed = natural_width(console, renderable)
    if needed > console.width:
        console = Console(width=needed)
    with console.capture() as captured:
        console.print(renderable)
    sys.stdout.write(strip_line_ends(captured.get()))


def terminal_width() -> int:
    """The terminal's width ($COLUMNS first; 80 when output goes to a pipe)."""
    from rich.console import Console

    return Console().width


def strip_line_ends(text: str) -> str:
    """No spaces at the ends of lines (Rich pads every cell), colour codes kept."""
    import re

    return re.sub(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", r"\1", text, flags=re.MULTILINE)


def natural_width(console: Any, renderable: Any) -> int:
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update_width(10_000), renderable).maximum


def table_text(table: object) -> str:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=80, color_system=None, force_terminal=False)
    console.width = max(80, natural_width(console, table))
    console.print(table)
    return strip_line_ends(buffer.getvalue())


def in_project() -> bool:
    here = Path.cwd().resolve()
    return any((p / "data" / "targets.yaml").is_file() for p in (here, *here.parents))


def one_indicator(pipeline: Any, data: Path | None, name: str, org: str | None) -> Any:
    """Load the data folder and look up one indicator and one org (or the whole)."""
    folder = pipeline.find_data_folder(data)
    loaded = pipeline.load(folder)
    (chosen,) = pipeline.select_indicators(loaded.targets, [name])
    who = pipeline.resolve_orgs(loaded, [org] if org else [], False)[0]
    return loaded, chosen, who


def fail(code: int) -> NoReturn:
    raise typer.Exit(code)


class StderrProgress:
    """A spinner on stderr naming the stage under way, shown only when loading has taken
    over a second and stderr is a terminal (never in pipes, CI logs or with --quiet)."""

    DELAY = 1.0

    def __init__(self) -> None:
        import threading

        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("读取数据")
        self._timer = threading.Timer(self.DELAY, self._progress.start)
        self._timer.daemon = True

    def step(self, what: str) -> None:
        self._progress.update(self._task, description=what)

    def __enter__(self) -> StderrProgress:
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()
        self._progress.stop()


@contextmanager
def progress_display(quiet: bool) -> Iterator[StderrProgress | None]:
    """Progress for slow loads when someone is watching; None otherwise."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    with StderrProgress() as shown:
        yield shown


QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display on stderr.")]
