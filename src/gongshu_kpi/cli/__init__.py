"""The `kpi` command line: parse options, call the pipeline, render, map errors to exit codes.

One module per command group; importing one registers its commands on `app`, and `--help`
lists them in import order: the main job first.
"""

# isort: off
from gongshu_kpi.cli import report  # noqa: F401 - registers `report`
from gongshu_kpi.cli import check  # noqa: F401 - registers `check`, `publish`
from gongshu_kpi.cli import figures  # noqa: F401 - registers `explain`, `trend`
from gongshu_kpi.cli import collect  # noqa: F401 - registers `form`, `status`
from gongshu_kpi.cli import project  # noqa: F401 - registers `init`, `templates`

# isort: on
from gongshu_kpi.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="kpi")
