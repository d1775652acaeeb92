"""`kpi init` and `kpi templates`: helpers that create files for users."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gongshu_kpi.cli.app import app
from gongshu_kpi.cli.options import DataOption, DebugOption, in_project


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to create the project (made if absent).")],
    debug: DebugOption = False,
) -> None:
    """Scaffold a new project: data/targets.yaml, data/actuals/ with an example CSV, and
    templates/ with copies of the default templates. Never overwrites a file."""
    from gongshu_kpi.scaffold import scaffold

    for line in scaffold(folder):
        typer.echo(line)


@app.command()
def templates(
    export: Annotated[
        Path | None,
        typer.Option("--export", help="Copy the default templates into this folder to edit."),
    ] = None,
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """List the templates --template can use, or export the shipped defaults to edit."""
    from gongshu_kpi.render.template import PACKAGE_TEMPLATES, template_names
    from gongshu_kpi.scaffold import export_templates

    if export is not None:
        for line in export_templates(export):
            typer.echo(line)
        return
    user_dir = None
    if data is not None or in_project():
        from gongshu_kpi import pipeline

        user_dir = pipeline.find_data_folder(data).templates
    for name in template_names(user_dir):
        where = "数据目录" if user_dir and (user_dir / f"{name}.j2").is_file() else "默认"
        typer.echo(f"{name}\t{where}")
    typer.echo(f"（默认模板位于 {PACKAGE_TEMPLATES}）", err=True)
