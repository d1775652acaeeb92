"""The `kpi` command line: parse options, call the pipeline, render, map errors to exit codes.

One module per command group; importing one registers its commands on `app`, and `--help`
lists them in import order: the main job first.
"""

import os

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
    # kpi's Pydantic models are its own input schema, not a service to observe: without
    # this, the first model scans every installed package's entry points for Pydantic
    # plugins (4.5 ms of a 0.4 s report here; more with more packages installed).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    _resolve_annotations()
    app(prog_name="kpi")


def _resolve_annotations() -> None:
    """Each command's annotations evaluated once, before Typer reads them. The modules
    write them as text (`from __future__ import annotations`) and Typer evaluates the text
    twice per function (inspect.signature, then get_type_hints), for every command on every
    run: about a tenth of `kpi --help`."""
    import typing

    from typer.models import ParameterInfo

    functions = [info.callback for info in app.registered_commands]
    if app.registered_callback is not None:
        functions.append(app.registered_callback.callback)
    while functions:
        function = functions.pop()
        if function is None or not isinstance(function.__annotations__, dict):
            continue
        try:
            hints = typing.get_type_hints(function, include_extras=True)
        except (NameError, TypeError):
            continue  # left for Typer, which says what is wrong
        function.__annotations__ = hints
        functions.extend(
            extra.callback
            for hint in hints.values()
            for extra in getattr(hint, "__metadata__", ())
            if isinstance(extra, ParameterInfo) and extra.callback is not None
        )
