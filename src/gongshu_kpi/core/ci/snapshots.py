"""Publish snapshots: the figures and targets a bulletin went out with, to compare later.

`kpi publish --month 2020-06` stores every year-to-date figure up to that month (the whole and
each org) and every target as decimal strings; `kpi check` then reports a published value
that has since changed and a target changed during the year.  Pure: JSON text in and out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.periodic.targets import indicator_target_at

if TYPE_CHECKING:
    from gongshu_kpi.core.figures.facts import Facts

SNAPSHOT_SCHEMA = 1
SNAPSHOT_KIND = "kpi-published"


@dataclass(frozen=True, slots=True)
class PublishedFigure:
    indicator_id: str
    org: str  # "" is the whole
    month: int  # N of 1-N月
    value: Decimal  # year-to-date, in the indicator's unit


@dataclass(frozen=True, slots=True)
class Snapshot:
    year: int
    month: int
    targets: Mapping[str, Decimal]  # indicator id -> annual target of `year` in force at `month`
    figures: tuple[PublishedFigure, ...]
    path: str = ""  # where it was read from, for messages


def take_snapshot(facts: Facts, year: int, month: int) -> Snapshot:
    """Every year-to-date point up to `month` and every target of `year`, as in force at
    `month` (an adjusted target once its month has come: what the bulletin went out with)."""
    targets = {
        i.id: t.target
        for i in facts.targets.indicators
        if (t := indicator_target_at(i, year, facts.targets.year, month)) is not None
    }
    figures = tuple(
        PublishedFigure(indicator.id, org, m, point.value)
        for indicator in facts.targets.indicators
        for org, series in sorted(facts.org_series(indicator.id, year).items())
        for m, point in sorted(series.items())
        if m <= month
    )
    return Snapshot(year, month, targets, figures)


def snapshot_to_json(snapshot: Snapshot) -> str:
    """Stable JSON: decimal strings, never floats; sorted so re-publishing diffs cleanly."""
    data = {
        "schema_version": SNAPSHOT_SCHEMA,
        "kind": SNAPSHOT_KIND,
        "year": snapshot.year,
        "month": f"{snapshot.year:04d}-{snapshot.month:02d}",
        "targets": {k: format(v, "f") for k, v in snapshot.targets.items()},
        "figures": [
            {
                "indicator": f.indicator_id,
                "org": f.org,
                "month": f.month,
                "ytd": format(f.value, "f"),
            }
            for f in snapshot.figures
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class SnapshotError(ValueError):
    """A snapshot file that is not what `kpi publish` writes."""


def snapshot_from_json(text: str, path: str = "") -> Snapshot:
    """Read what snapshot_to_json wrote; SnapshotError says what is wrong."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"不是有效的 JSON（第{exc.lineno}行：{exc.msg}）") from None
    if not isinstance(data, dict) or data.get("kind") != SNAPSHOT_KIND:
        raise SnapshotError(f'不是 kpi publish 写出的快照（缺少 "kind": "{SNAPSHOT_KIND}"）')
    if data.get("schema_version") != SNAPSHOT_SCHEMA:
        raise SnapshotError(f"快照版本 {data.get('schema_version')} 不受支持（应为 1）")
    try:
        year = int(data["year"])
        month = int(str(data["month"]).split("-")[1])
        targets = {str(k): _decimal(v) for k, v in dict(data["targets"]).items()}
        figures = tuple(_figure(item) for item in data["figures"])
    except (KeyError, IndexError, TypeError, ValueError, InvalidOperation) as exc:
        raise SnapshotError(f"快照内容不完整或有误（{type(exc).__name__}: {exc}）") from None
    return Snapshot(year, month, targets, figures, path)


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError(f"应为数值文字，得到 {value!r}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"不是有限数：{value!r}")
    return result


def _figure(item: Any) -> PublishedFigure:
    return PublishedFigure(
        str(item["indicator"]), str(item["org"]), int(item["month"]), _decimal(item["ytd"])
    )
