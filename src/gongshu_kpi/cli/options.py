"""Options shared by several commands, and the choices of the option types.

Light on purpose: imported for `kpi --help`, so nothing here loads the pipeline.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gongshu_kpi.cli.errors import remember_debug
from gongshu_kpi.render.registry import View, names

# The --format choices come from the renderer registry: a new format is one entry there.
REPORT_FORMATS = names(View.REPORT, View.PUBLICATION)
Format = StrEnum("Format", [(n, n) for n in REPORT_FORMATS])  # type: ignore[misc]
ViewFormat = StrEnum("ViewFormat", [(n, n) for n in names(View.TREND)])  # type: ignore[misc]
CheckFormat = StrEnum("CheckFormat", [(n, n) for n in names(View.CHECK)])  # type: ignore[misc]
EXPLAIN_FORMATS = names(View.EXPLAIN)


class RankBy(StrEnum):
    rate = "rate"
    yoy = "yoy"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def listed(choices: list[str], last: str = " or ", between: str = ", ") -> str:
    """Choices for a help text: 'a, b or c'."""
    return between.join(choices[:-1]) + last + choices[-1] if len(choices) > 1 else choices[0]


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        "-d",
        help="Data folder holding targets.yaml and actuals/ (or a project folder with data/).",
        show_default=False,
    ),
]
# Read by the error boundary (cli/errors.py), not by the commands.
DebugOption = Annotated[
    bool,
    typer.Option(
        "--debug", help="Show the Python traceback of an internal error.", callback=remember_debug
    ),
]
# `kpi report`, `kpi check` and `kpi explain` take a period the same way; the pipeline turns
# it into the --month it ends with (pipeline.month_of_period).
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        help="As of the end of a quarter or half-year: 2021-Q2, 2021-H1, "
        "2021年一季度 (instead of --month).",
        show_default=False,
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display on stderr.")]


def in_project() -> bool:
    here = Path.cwd().resolve()
    return any((p / "data" / "targets.yaml").is_file() for p in (here, *here.parents))
