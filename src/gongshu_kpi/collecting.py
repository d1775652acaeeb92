"""The `kpi form` and `kpi status` pipelines: forms to send out, and who has not reported.

Loading and file writing live here; what goes on a form and who counts as late is pure
(core/collection.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from gongshu_kpi import pipeline
from gongshu_kpi.core.collection import (
    CollectionStatus,
    build_form,
    collection_status,
    reporting_orgs,
)
from gongshu_kpi.core.problems import DataError, Problem, UsageError


@dataclass(frozen=True, slots=True)
class WrittenForm:
    path: Path
    org_label: str
    lines: int


def load_clean(folder: pipeline.DataFolder) -> pipeline.Loaded:
    """The data, which must be free of errors: forms pre-fill figures from it."""
    loaded = pipeline.load(folder)
    pipeline.refuse_figures_with_errors(loaded)
    return loaded


def write_forms(
    folder: pipeline.DataFolder, month: str, out: Path | None, force: bool = False
) -> list[WrittenForm]:
    """One form per reporting org into `out` (default: forms/YYYY-MM beside data/)."""
    from gongshu_kpi.core.form_layout import form_file_name
    from gongshu_kpi.output import write_atomically
    from gongshu_kpi.render.form_xlsx import render_form

    loaded = load_clean(folder)
    year, number = pipeline.resolve_month(loaded, month)
    target = out if out is not None else folder.data.parent / "forms" / f"{year:04d}-{number:02d}"
    if target.resolve().is_relative_to(folder.data.resolve()):
        raise UsageError(
            f"--out {target} 在数据目录 {folder.data} 中：空白填报表会被当作实际数读取；"
            "请写到其他目录，填好后再放入 actuals/"
        )
    specs = [build_form(loaded.facts, org, year, number) for org in reporting_orgs(loaded.facts)]
    paths = [target / form_file_name(spec) for spec in specs]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise UsageError(
            f"{pipeline.shown(existing[0])} 已存在（共 {len(existing)} 个）：可能是已填好的表；"
            "换一个 --out 目录，或加 --force 覆盖"
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"无法新建目录 {target}：{exc.strerror}") from None
    written = []
    for spec, path in zip(specs, paths, strict=True):
        write_atomically(path, render_form(spec))
        written.append(WrittenForm(path, spec.org_label, len(spec.lines)))
    return written


@dataclass(frozen=True, slots=True)
class StatusResult:
    status: CollectionStatus
    reminders: dict[str, str]  # org label -> 催报 text, for orgs with something outstanding
    problems: list[Problem]  # the data's: a file that cannot be read is a report not received


def status(
    folder: pipeline.DataFolder,
    month: str | None,
    today: dt.date | None = None,
    template: str | None = None,
) -> StatusResult:
    """Who has reported the month (None: the latest month with data), who has not, who is
    late (kpi status), with a reminder per org from the template (default: reminder,
    overridable in templates/)."""
    from gongshu_kpi.render.status import REMINDER_TEMPLATE, render_reminders
    from gongshu_kpi.render.template import BadTemplateError, locate_template

    name = template or REMINDER_TEMPLATE
    path = locate_template(name, folder.templates)
    if path is None:
        raise UsageError(f"--template {name}：找不到模板")
    loaded = pipeline.load(folder)
    year, number = pipeline.resolve_month(loaded, month)
    found = collection_status(loaded.facts, year, number, today or pipeline.today())
    try:
        reminders = render_reminders(found, path, pipeline.shown(path))
    except BadTemplateError as exc:
        raise DataError([exc.problem], what="模板") from None
    return StatusResult(found, reminders, loaded.problems)
