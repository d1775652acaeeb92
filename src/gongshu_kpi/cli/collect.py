"""`kpi form` (collection forms to send out) and `kpi status` (催报: who has not reported)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gongshu_kpi.cli.app import app
from gongshu_kpi.cli.console import emit, table_text
from gongshu_kpi.cli.errors import EXIT_DATA, err, fail
from gongshu_kpi.cli.options import DataOption, DebugOption

if TYPE_CHECKING:
    from gongshu_kpi.collecting import StatusResult

MonthOption = Annotated[
    str, typer.Option("--month", "-m", help="The month collected, YYYY-MM.", show_default=False)
]
StatusMonthOption = Annotated[
    str | None,
    typer.Option(
        "--month",
        "-m",
        help="The month collected, YYYY-MM. Default: the latest with data.",
        show_default=False,
    ),
]


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    text = "text"


@app.command()
def form(
    month: MonthOption,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder for the forms. Default: forms/YYYY-MM beside data/.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace forms already in that folder.")
    ] = False,
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """Write one Excel collection form (填报表) per reporting org for a month.

    Each form lists the org's indicators, units and basis with last month's and last year's
    figures, in a protected sheet with one input column. Filled forms dropped into
    data/actuals/ are read back as they are.
    """
    from gongshu_kpi import pipeline
    from gongshu_kpi.collecting import write_forms

    folder = pipeline.find_data_folder(data)
    for written in write_forms(folder, month, out, force):
        typer.echo(f"{pipeline.shown(written.path)}\t{written.org_label}\t{written.lines} 项")


@app.command()
def status(
    month: StatusMonthOption = None,
    fmt: Annotated[
        StatusFormat,
        typer.Option(
            "--format", "-f", help="table (with the reminders), json, or text (reminders only)."
        ),
    ] = StatusFormat.table,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Judge lateness as of this date, YYYY-MM-DD. Default: today.",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help="Reminder template: a name in templates/ or a file. Default: reminder.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """Who has reported the month (催报), with a reminder text per org.

    Per org and indicator 已报, 未报 or 逾期 (not reported after settings.due_day of the next
    month). Exits 1 when a data file has errors (its figures count as not reported).
    """
    from gongshu_kpi import pipeline
    from gongshu_kpi.collecting import status as collection_status
    from gongshu_kpi.core.problems import has_errors
    from gongshu_kpi.output import check_output_path
    from gongshu_kpi.render.problems import render_problems
    from gongshu_kpi.render.status import status_summary

    day = _day(today)
    folder = pipeline.find_data_folder(data)
    if output is not None:
        check_output_path(output, [folder.targets], [folder.data])
    result = collection_status(folder, month, day, template)
    emit(_status_text(result, fmt), output)
    notes = render_problems(result.problems)
    if notes:
        err(notes)
    err(status_summary(result.status))
    if has_errors(result.problems):
        fail(EXIT_DATA)


def _day(today: str | None) -> dt.date | None:
    """--today as a date (None: today)."""
    from gongshu_kpi.core.problems import UsageError

    if today is None:
        return None
    try:
        return dt.date.fromisoformat(today)
    except ValueError:
        raise UsageError(f"--today {today}：应写作 YYYY-MM-DD") from None


def _status_text(result: StatusResult, fmt: StatusFormat) -> str:
    from gongshu_kpi.render.status import render_status_json, render_status_table

    found, reminders = result.status, result.reminders
    if fmt is StatusFormat.json:
        return render_status_json(found, reminders)
    if fmt is StatusFormat.text:
        return "".join(f"{reminder}\n\n" for reminder in reminders.values())
    text = table_text(render_status_table(found))
    return text + "".join(f"\n【催报】{reminder}\n" for reminder in reminders.values())
