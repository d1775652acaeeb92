"""Options shared by several commands, and the choices of the option types.

Light on purpose: imported for `kpi --help`, so nothing here loads the pipeline.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gongshu_kpi.cli.errors import remember_debug


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


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


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
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display on stderr.")]


def in_project() -> bool:
    here = Path.cwd().resolve()
    return any((p / "data" / "targets.yaml").is_file() for p in (here, *here.parents))
