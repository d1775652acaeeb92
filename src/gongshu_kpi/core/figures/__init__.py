"""The figures: from the data's facts to every number a report prints, exact, then rounded.

`facts` holds what the data says (year-to-date series per indicator, year and org, rolled up
the org tree); `core.formulas` (beside this package, so `core.periodic` can use it too) writes
each figure's arithmetic once (completion rate or share of a cap used, time progress, pace and
its status, growth and 倍, growth gap, share, projection); `exact.exact_figures` applies them to
one indicator for one org or group and returns every figure unrounded together with the inputs
it used (target, actual, last year's figure, time progress, the whole of a share, the months
and unit) as an `IndicatorFigures`; `result` rounds those once at the display places into the
`IndicatorResult` every renderer prints, and builds reports; `explain` shows the same exact
figures as the steps a reader can check, and `rank` orders orgs. Nothing else in the tool
computes a figure: the fact-check and `publish` compare and record from `exact_figures` too.
Pure: no I/O.
"""

from gongshu_kpi.core.figures.exact import (
    ExactProjection,
    IndicatorFigures,
    exact_figures,
    exact_projection,
    months_up_to,
    target_of,
)
from gongshu_kpi.core.figures.facts import Facts, SeriesKey, build_facts, check_yoy_bases
from gongshu_kpi.core.figures.result import (
    Projection,
    ReportRequest,
    compute_report,
    compute_result,
    printed,
    project,
)

__all__ = [
    "ExactProjection",
    "Facts",
    "IndicatorFigures",
    "Projection",
    "ReportRequest",
    "SeriesKey",
    "build_facts",
    "check_yoy_bases",
    "compute_report",
    "compute_result",
    "exact_figures",
    "exact_projection",
    "months_up_to",
    "printed",
    "project",
    "target_of",
]
