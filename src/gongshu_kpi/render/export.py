"""The CSV export of a report (and the formula guard of every spreadsheet's text cells):
figures as strings, amounts as printed in the unit of the column beside them."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gongshu_kpi.render.columns import adjusted, export_fields
from gongshu_kpi.render.formats import report_as_data
from gongshu_kpi.render.view import make_view

if TYPE_CHECKING:
    from gongshu_kpi.core.models import OutputLanguage, Report
    from gongshu_kpi.render.jobs import ReportJob


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading ' (numbers untouched)."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


TEXT_FIELDS = frozenset(
    {"id", "name", "org", "unit", "target_unit", "actual_unit", "group", "owner", "external_ranks"}
)

# Columns of CSV (and the XLSX data sheet): key in report_as_data, 中文 header, English header.
# Amounts are as printed (core/display.py) in the unit of the column beside them; JSON keeps
# the exact figures.
EXPORT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("id", "指标代码", "id"),
    ("name", "指标", "indicator"),
    ("org", "单位", "org"),
    ("group", "分组", "group"),
    ("owner", "责任单位", "owner"),
    ("kind", "类型", "kind"),
    ("target", "年度目标", "target"),
    ("target_unit", "目标计量单位", "target_unit"),
    ("as_of", "截至月份", "as_of"),
    ("actual", "累计完成", "actual"),
    ("actual_unit", "计量单位", "actual_unit"),
    ("completion_rate", "完成率(%)", "completion_rate"),
    ("time_progress", "序时进度(%)", "time_progress"),
    ("pace", "差值(百分点)", "pace"),
    ("status", "状态", "status"),
    ("previous_year", "上年同期", "previous_year"),
    ("yoy", "同比(%)", "yoy"),
    ("share", "占比(%)", "share"),
    ("projection", "预计全年", "projection"),
    ("projection_method", "预计方法", "projection_method"),
    ("rank", "排名", "rank"),
    ("external_ranks", "外部排名", "external_ranks"),
)

# Only when some line's target was adjusted during the year (target_changes): in 目标计量单位.
ORIGINAL_TARGET = ("original_target", "原目标", "original_target")


def export_rows(
    report: Report, lang: OutputLanguage, columns: Sequence[str] = ()
) -> tuple[list[str], list[dict[str, Any]]]:
    """Headers and rows for CSV: figures as strings, amounts as printed; then the columns
    asked for with --columns."""
    records = report_as_data(report)["indicators"]
    view = make_view(report, lang)
    extras = export_fields(view, columns, lang)
    fields = list(EXPORT_FIELDS)
    if any(adjusted(line) for line in view.lines):  # 原目标 beside the target in force
        at = next(i for i, (key, _, _) in enumerate(fields) if key == "target_unit") + 1
        fields.insert(at, ORIGINAL_TARGET)
    rows: list[dict[str, Any]] = []
    for record, line in zip(records, view.lines, strict=True):
        row = {key: record.get(key) for key, _, _ in fields}
        row["name"] = line.name
        row["target"] = line.target or None
        row["target_unit"] = line.target_unit
        if ORIGINAL_TARGET in fields:
            row["original_target"] = line.original_target or None
        row["actual"] = line.actual or None
        row["actual_unit"] = line.actual_unit
        row["previous_year"] = line.previous or None
        row["projection"] = line.projection or None
        row["status"] = line.status or None
        row["projection_method"] = line.projection_method or None
        row["rank"] = line.rank or None
        row.update({f"+{field}": getattr(line, field) or None for field, _ in extras})
        rows.append(row)
    headers = [zh if lang == "zh" else en for _, zh, en in fields]
    return headers + [header for _, header in extras], rows


def render_csv(report: Report, lang: OutputLanguage = "zh", keys: Sequence[str] = ()) -> str:
    """UTF-8 with BOM so Excel on Chinese Windows opens it correctly."""
    headers, rows = export_rows(report, lang, keys)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [
                neutralise(str(v))
                if k in TEXT_FIELDS and v is not None
                else ("" if v is None else v)
                for k, v in row.items()
            ]
        )
    return "\ufeff" + buffer.getvalue()


def csv_output(job: ReportJob) -> str:
    """The report view's CSV renderer (render/registry.py)."""
    return render_csv(job.report, job.language, job.columns)
