"""The Typer app: the `kpi` group, its root options, and the one error boundary around
every command (cli/errors.py).

Heavy modules (pydantic models, loaders, Jinja, Excel readers) are imported inside the
commands so that `kpi --help` stays as fast as a bare Typer app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from gongshu_kpi import __version__
from gongshu_kpi.cli.errors import error_boundary
from gongshu_kpi.cli.language import KpiGroup

if TYPE_CHECKING:
    from typer._click import Context  # Typer vendors Click; its Context type lives there

HELP = (
    f"kpi {__version__}：年度目标任务 + 月度实际数 → 完成率、序时进度、成绩单文本与 CI 校验。"
    "\n\nWithout --data, kpi looks for data/targets.yaml in the current folder and its parents."
    "\n\nExit codes: 0 ok; 1 problems in the data or a template; 2 usage error (bad option, "
    "no data folder, output not writable); 3 internal error (please report it; --debug shows "
    "details)."
)


class KpiCommands(KpiGroup):
    """The group whose invoke runs each command inside the error boundary, once for all."""

    def invoke(self, ctx: Context) -> Any:
        with error_boundary():
            return super().invoke(ctx)


app = typer.Typer(
    cls=KpiCommands,  # help and usage errors in Chinese, or English (cli/language.py)
    help=HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kpi {__version__}")
        raise typer.Exit


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """kpi: exact KPI completion figures, bulletins and CI checks."""
