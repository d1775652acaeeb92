"""Writing to the terminal and to files: wide tables uncut, a progress spinner on stderr.

Rich is imported inside the functions so that `kpi --help` does not pay for it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def emit(text: str | bytes | RenderableType, output: Path | None) -> None:
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


def print_wide(renderable: RenderableType) -> None:
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


def natural_width(console: Console, renderable: RenderableType) -> int:
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update_width(10_000), renderable).maximum


def table_text(table: RenderableType) -> str:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=80, color_system=None, force_terminal=False)
    console.width = max(80, natural_width(console, table))
    console.print(table)
    return strip_line_ends(buffer.getvalue())


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

    def __enter__(self) -> Self:
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
