"""Checks over complete series: small pure functions, each returning problems."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind
from gongshu_kpi.core.periodic.period import Frequency, LabelStyle, Period, label
from gongshu_kpi.core.periodic.progress import missing_periods, reported_periods
from gongshu_kpi.core.problems import Problem, Severity
from gongshu_kpi.core.refused import Refusals

_NO_REFUSALS = Refusals()


def _who(series: ActualSeries) -> str:
    return f"（{series.org}）" if series.org else ""


def check_ytd_not_decreasing(indicator: Indicator, series: ActualSeries) -> Iterator[Problem]:
    """A year-to-date flow can only grow unless the indicator allows negative amounts."""
    if indicator.kind is not Kind.FLOW or series.basis is not Basis.YTD:
        return
    if indicator.allow_negative:
        return
    previous: tuple[int, Decimal] | None = None
    for month, value in series.values.items():
        if previous is not None and value < previous[1]:
            yield Problem(
                "ytd-decreasing",
                f"“{indicator.name}”{_who(series)}{series.year}年1-{month}月累计 {value} "
                f"小于 1-{previous[0]}月累计 {previous[1]}（累计数不应减少）",
                series.sources[month],
                "核对两个月的累计数，是否把当月数填成了累计数",
            )
        previous = (month, value)


def check_month_gaps(
    indicator: Indicator, series: ActualSeries, refused: Refusals = _NO_REFUSALS
) -> Iterator[Problem]:
    """Monthly amounts must cover every month from January, or the sum is short.

    Year-to-date (or stock) figures stay right with a month missing in between, since the
    latest one is the figure; the gap is still worth a warning, as a file may be lost.
    A month a refused row would have filled is not missing: that row's error says it
    (core/refused.py); a refused row that cannot be placed is named as a possible cause.
    """
    last = max(series.values)
    if not series.covers and len(series.values) == last:
        return  # months 1..last, each once: nothing missing (the common case, checked fast)
    if indicator.frequency is not Frequency.MONTHLY:
        yield from _missing_periods(indicator, series, refused)
        return
    covered = {m for end in series.values for m in range(series.covers.get(end, end), end + 1)}
    covered |= refused.months(series)
    if indicator.kind is Kind.FLOW and series.basis is Basis.MONTH:
        missing = [m for m in range(1, last + 1) if m not in covered]
        if missing:
            names = "、".join(f"{m}月" for m in missing)
            yield Problem(
                "missing-month",
                f"“{indicator.name}”{_who(series)}{series.year}年按当月数填报，但缺少 {names} "
                f"的数据，1-N月累计无法求和{refused.maybe(series, missing)}",
                series.sources[last],
                f"补填 {names} 的当月数，或改为填报1-N月累计数",
            )
        return
    first = min(series.values)
    missing = [m for m in range(first, last) if m not in covered]
    if missing:
        names = "、".join(f"{m}月" for m in missing)
        yield Problem(
            "missing-month",
            f"“{indicator.name}”{_who(series)}有 {series.year}年 {first}月 至 {last}月 的数据，"
            f"但缺少 {names}{refused.maybe(series, missing)}",
            series.sources[last],
            f"补填 {names} 的数据（完成率按最新月份计算，不受影响）",
            Severity.WARNING,
        )


def _missing_periods(
    indicator: Indicator, series: ActualSeries, refused: Refusals
) -> Iterator[Problem]:
    """A quarterly or half-yearly indicator: every period up to the latest is reported (its
    own amount, or a year-to-date figure at its end); months inside a period never are."""
    last = max(series.values)
    reported = reported_periods(series.values, series.basis, series.year, series.covers)
    spans = tuple(Period(series.year, first, end) for first, end in refused.spans(series))
    missing = missing_periods(indicator.frequency, series.year, last, reported + spans)
    if not missing:
        return
    names = "、".join(label(p, LabelStyle.NAMES) for p in missing)
    summed = indicator.kind is Kind.FLOW and series.basis is Basis.MONTH
    months = [m for p in missing for m in range(p.first, p.last + 1)]
    yield Problem(
        "missing-month",
        f"“{indicator.name}”{_who(series)}{series.year}年缺少 {names} 的数据"
        + ("，1-N月累计无法求和" if summed else "")
        + refused.maybe(series, months),
        series.sources[last],
        f"补填 {names} 的数据",
        Severity.ERROR if summed else Severity.WARNING,
    )


def check_series(
    indicators: Mapping[str, Indicator],
    all_series: Iterable[ActualSeries],
    refused: Refusals = _NO_REFUSALS,
) -> list[Problem]:
    """Every series check over every series; `refused` rows are not reported as gaps too."""
    problems: list[Problem] = []
    for series in all_series:
        indicator = indicators[series.indicator_id]
        problems.extend(check_ytd_not_decreasing(indicator, series))
        problems.extend(check_month_gaps(indicator, series, refused))
    return problems
