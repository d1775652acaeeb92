"""The prepared view-model every renderer and template reads: numbers already formatted."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from gongshu_kpi.core.models import IndicatorResult, OutputLanguage, Report, Status
from gongshu_kpi.core.periods import period_label

STATUS_TEXT: dict[OutputLanguage, dict[Status, str]] = {
    "zh": {Status.AHEAD: "超序时", Status.ON_PACE: "达序时", Status.BEHIND: "落后序时"},
    "en": {Status.AHEAD: "ahead", Status.ON_PACE: "on pace", Status.BEHIND: "behind"},
}
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def plain(value: Decimal) -> str:
    """A Decimal as written, never in exponent form: 4.5E+4 -> 45000, 25.80 stays 25.80."""
    return format(value, "f")


def signed(value: Decimal) -> str:
    return f"+{plain(value)}" if value > 0 else plain(value)


def period_text(month: int, lang: OutputLanguage) -> str:
    if lang == "en":
        return MONTH_ABBR[0] if month == 1 else f"{MONTH_ABBR[0]}-{MONTH_ABBR[month - 1]}"
    return period_label(month)


@dataclass(frozen=True, slots=True)
class Line:
    """One indicator, every figure a display string ('' where there is no data)."""

    id: str
    name: str
    unit: str
    group: str
    owner: str
    kind: str
    target: str
    has_data: bool
    as_of: str  # YYYY-MM
    period: str  # 1-6月
    actual: str
    rate: str  # 52.47 (no % sign: templates and tables add their own)
    time_progress: str
    pace: str  # +1.23 / -6.33 percentage points
    pace_abs: str  # 6.33, for sentences that say 超/落后 in words
    status: str
    status_code: str


@dataclass(frozen=True, slots=True)
class View:
    year: int
    month: int
    period: str
    rounding: str
    lines: tuple[Line, ...]

    def as_context(self) -> dict[str, Any]:
        """What templates see: plain dicts and strings."""
        context = asdict(self)
        context["lines_with_data"] = [line for line in context["lines"] if line["has_data"]]
        return context


def make_line(result: IndicatorResult, year: int, lang: OutputLanguage) -> Line:
    ind = result.indicator
    empty = result.as_of is None
    return Line(
        id=ind.id,
        name=ind.name,
        unit=ind.unit,
        group=ind.group,
        owner=ind.owner,
        kind=ind.kind.value,
        target=plain(ind.target),
        has_data=not empty,
        as_of="" if result.as_of is None else f"{year:04d}-{result.as_of:02d}",
        period="" if result.as_of is None else period_text(result.as_of, lang),
        actual="" if result.actual is None else plain(result.actual),
        rate="" if result.rate is None else plain(result.rate),
        time_progress="" if result.time_progress is None else plain(result.time_progress),
        pace="" if result.pace is None else signed(result.pace),
        pace_abs="" if result.pace is None else plain(abs(result.pace)),
        status="" if result.status is None else STATUS_TEXT[lang][result.status],
        status_code="" if result.status is None else result.status.value,
    )


def make_view(report: Report, lang: OutputLanguage = "zh") -> View:
    return View(
        year=report.year,
        month=report.month,
        period=period_text(report.month, lang),
        rounding=report.settings.rounding,
        lines=tuple(make_line(r, report.year, lang) for r in report.results),
    )
