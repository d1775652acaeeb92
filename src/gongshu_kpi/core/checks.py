"""Checks over complete series: small pure functions, each returning problems."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind
from gongshu_kpi.core.problems import Problem, Severity

SeriesCheck = Callable[[Indicator, ActualSeries], Iterator[Problem]]


def check_ytd_not_decreasing(indicator: Indicator, series: ActualSeries) -> Iterator[Problem]:
    """A year-to-date flow can only grow unless the indicator allows negative amounts."""
    if indicator.kind is not Kind.FLOW or series.basis is not Basis.YTD:
        return
    if indicator.allow_negative:
        return
    previous: tuple[int, object] | None = None
    for month, value in series.values.items():
        if previous is not None and value < previous[1]:  # type: ignore[operator]
            yield Problem(
                "ytd-decreasing",
                f"“{indicator.name}”1-{month}月累计 {value} 小于 1-{previous[0]}月累计 "
                f"{previous[1]}（累计数不应减少）",
                series.sources[month],
                "核对两个月的累计数，是否把当月数填成了累计数",
            )
        previous = (month, value)


def check_month_gaps(indicator: Indicator, series: ActualSeries) -> Iterator[Problem]:
    """Monthly amounts must cover every month from January, or the sum is short.

    Year-to-date (or stock) figures stay right with a month missing in between, since the
    latest one is the figure; the gap is still worth a warning, as a file may be lost.
    """
    months = list(series.values)
    if indicator.kind is Kind.FLOW and series.basis is Basis.MONTH:
        missing = [m for m in range(1, months[-1] + 1) if m not in series.values]
        if missing:
            names = "、".join(f"{m}月" for m in missing)
            yield Problem(
                "missing-month",
                f"“{indicator.name}”按当月数填报，但缺少 {names} 的数据，1-N月累计无法求和",
                series.sources[months[-1]],
                f"补填 {names} 的当月数，或改为填报1-N月累计数",
            )
        return
    missing = [m for m in range(months[0], months[-1]) if m not in series.values]
    if missing:
        names = "、".join(f"{m}月" for m in missing)
        org = f"（{series.org}）" if series.org else ""
        yield Problem(
            "missing-month",
            f"“{indicator.name}”{org}有 {months[0]}月 至 {months[-1]}月 的数据，但缺少 {names}",
            series.sources[months[-1]],
            f"补填 {names} 的数据（完成率按最新月份计算，不受影响）",
            Severity.WARNING,
        )


SERIES_CHECKS: tuple[SeriesCheck, ...] = (check_ytd_not_decreasing, check_month_gaps)


def check_series(
    indicators: dict[str, Indicator], series_by_indicator: dict[str, list[ActualSeries]]
) -> list[Problem]:
    return [
        problem
        for indicator_id, all_series in series_by_indicator.items()
        for series in all_series
        for check in SERIES_CHECKS
        for problem in check(indicators[indicator_id], series)
    ]
