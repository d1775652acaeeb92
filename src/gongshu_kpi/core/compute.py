"""Kept for the merge of parallel branches only, and will be removed: the figures now live in
`gongshu_kpi.core.figures` (facts, formulas, exact, result, rank). Import from there."""

from gongshu_kpi.core.figures.exact import target_of
from gongshu_kpi.core.figures.facts import Facts, SeriesKey, build_facts, check_yoy_bases
from gongshu_kpi.core.figures.formulas import growth, places_of, status_of, time_progress_at
from gongshu_kpi.core.figures.rank import rank_results
from gongshu_kpi.core.figures.result import (
    Projection,
    ReportRequest,
    compute_report,
    compute_result,
    project,
)

__all__ = [
    "Facts",
    "Projection",
    "ReportRequest",
    "SeriesKey",
    "build_facts",
    "check_yoy_bases",
    "compute_report",
    "compute_result",
    "growth",
    "places_of",
    "project",
    "rank_results",
    "status_of",
    "target_of",
    "time_progress_at",
]
