"""`kpi status` (催报) output: a table, JSON, and a reminder text per org from a template."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongshu_kpi.core.collection import (
    STATE_LABEL,
    CollectionStatus,
    OrgStatus,
    ReportState,
)
from gongshu_kpi.core.form_layout import basis_text

JSON_SCHEMA_VERSION = 1
REMINDER_TEMPLATE = "reminder"


def _date(day: Any) -> str:
    return "" if day is None else f"{day:%Y年%-m月%-d日}"


def reminder_context(status: CollectionStatus, org: OrgStatus) -> dict[str, Any]:
    """The variables of the reminder template (README: 催报), all plain strings and lists."""
    return {
        "org": org.org_label,
        "year": status.year,
        "month": status.month,
        "month_label": f"{status.year}年{status.month}月",
        "due": _date(status.due),
        "today": _date(status.today),
        "overdue": any(s.state is ReportState.LATE for s in org.lines),
        "never_reported": not org.ever_reported,
        "items": [
            {
                "id": s.indicator.id,
                "name": s.indicator.name,
                "unit": s.indicator.unit,
                "basis": basis_text(s.basis, s.indicator, status.month),
                "state": s.state.value,
                "state_label": STATE_LABEL[s.state],
            }
            for s in org.outstanding
        ],
    }


def render_reminders(status: CollectionStatus, template: Path, shown_as: str) -> dict[str, str]:
    """org label -> reminder text, for every org with something outstanding."""
    from gongshu_kpi.render.template import render_context

    return {
        org.org_label: render_context(reminder_context(status, org), template, shown_as).strip()
        for org in status.orgs
        if org.outstanding
    }


def render_status_table(status: CollectionStatus) -> Any:
    """One row per org and indicator, the org's name on its first row only."""
    from rich.table import Table

    due = _date(status.due) or "未设定（targets.yaml settings.due_day）"
    when = f"{status.year}年{status.month}月"
    table = Table(title=f"{when} 报送情况（报送期限：{due}；今天：{_date(status.today)}）")
    for header in ("填报单位", "指标", "状态", "来源"):
        table.add_column(header)
    for org in status.orgs:
        for index, line in enumerate(org.lines):
            label = org.org_label if index == 0 else ""
            if index == 0 and not org.ever_reported:
                label += "（本年未报送过）"
            table.add_row(
                label,
                line.indicator.name,
                STATE_LABEL[line.state],
                "" if line.source is None else str(line.source),
            )
    return table


def status_summary(status: CollectionStatus) -> str:
    counts = "，".join(f"{STATE_LABEL[s]} {status.count(s)}" for s in ReportState)
    waiting = sum(1 for o in status.orgs if o.outstanding)
    return f"{len(status.orgs)} 个填报单位，{waiting} 个尚有未报指标；{counts}。"


def render_status_json(status: CollectionStatus, reminders: dict[str, str]) -> str:
    """Stable JSON (README: kpi status); fields are only ever added."""
    document = {
        "schema_version": JSON_SCHEMA_VERSION,
        "kind": "kpi-status",
        "month": f"{status.year:04d}-{status.month:02d}",
        "due_date": None if status.due is None else status.due.isoformat(),
        "today": status.today.isoformat(),
        "summary": {
            "orgs": len(status.orgs),
            "orgs_outstanding": sum(1 for o in status.orgs if o.outstanding),
            **{state.value: status.count(state) for state in ReportState},
        },
        "orgs": [
            {
                "org": org.org_label,
                "state": org.state.value,
                "ever_reported": org.ever_reported,
                "indicators": [
                    {
                        "id": line.indicator.id,
                        "name": line.indicator.name,
                        "state": line.state.value,
                        "source": None if line.source is None else str(line.source),
                    }
                    for line in org.lines
                ],
                "reminder": reminders.get(org.org_label),
            }
            for org in status.orgs
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
