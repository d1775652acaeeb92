"""Notes on a month's figures (落后原因 / 下步措施), per indicator and optionally per org, from
data/notes/YYYY-MM.yaml (README: Notes); shown under the line in bulletins and documents, and
`kpi check` warns when an indicator far behind time progress has none."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from gongshu_kpi.core.problems import Location, Problem, Severity

if TYPE_CHECKING:
    from gongshu_kpi.core.models import IndicatorResult, Report

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
DEFAULT_NOTE_POINTS = Decimal(5)  # behind by more than this many points needs a note


class NoteSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    indicator: Text  # id or name
    org: str = ""  # "" (or absent): the whole
    reason: str = ""  # 落后原因
    steps: str = ""  # 下步措施


class NotesFile(BaseModel):
    """data/notes/YYYY-MM.yaml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    notes: tuple[NoteSpec, ...] = ()
    # kpi check warns when an indicator is behind by more than this and has no note.
    require_when_behind: Decimal = Field(default=DEFAULT_NOTE_POINTS, ge=0)


@dataclass(frozen=True, slots=True)
class Note:
    reason: str
    steps: str


@dataclass(frozen=True, slots=True)
class MonthNotes:
    """The notes of one month: (indicator id, org) -> note; where they were written."""

    month: int
    notes: Mapping[tuple[str, str], Note]
    points: Decimal = DEFAULT_NOTE_POINTS
    where: Location | None = None


def apply_notes(report: Report, notes: MonthNotes | None) -> Report:
    """The report with each result's note of the requested month attached."""
    if notes is None or notes.month != report.month:
        return report
    results = tuple(
        replace(r, note=notes.notes.get((r.indicator.id, r.org))) for r in report.results
    )
    return replace(report, results=results)


def behind_points(result: IndicatorResult) -> Decimal | None:
    """Points behind time progress (positive when behind; under a cap, when above)."""
    if result.pace is None or result.time_progress is None:
        return None
    return result.pace if result.indicator.direction.value == "lower" else -result.pace


def check_missing_notes(
    results: tuple[IndicatorResult, ...], notes: MonthNotes | None, month: int, where: Location
) -> Iterator[Problem]:
    """A warning per indicator (of the whole) behind by more than the threshold, no note."""
    points = DEFAULT_NOTE_POINTS if notes is None else notes.points
    noted = {} if notes is None or notes.month != month else notes.notes
    for result in results:
        behind = behind_points(result)
        if result.org or behind is None or behind <= points:
            continue
        if (result.indicator.id, "") in noted:
            continue
        yield Problem(
            "missing-note",
            f"“{result.indicator.name}”落后序时进度 {behind} 个百分点（超过 {points}），"
            f"本月没有说明落后原因和下步措施",
            where,
            f"在 {where.path} 中为该指标写上 reason（落后原因）和 steps（下步措施）",
            Severity.WARNING,
        )
