"""The prepared view-model every renderer and template reads: numbers already formatted."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.display import AmountRule, amount_rule, unit_in_english
from gongshu_kpi.core.figures.result import reached_month
from gongshu_kpi.core.models import (
    Direction,
    ExternalRank,
    IndicatorResult,
    OutputLanguage,
    Report,
    Settings,
    Status,
    TargetType,
)
from gongshu_kpi.core.periodic.period import Frequency, LabelStyle, Period, label
from gongshu_kpi.core.periodic.remaining import need_words
from gongshu_kpi.core.periods import period_label
from gongshu_kpi.core.status_rules import StatusCount, count_statuses, summary_sentence
from gongshu_kpi.core.units import BASE_UNITS

if TYPE_CHECKING:
    from gongshu_kpi.core.unit_specs import UnitTable

STATUS_TEXT: dict[OutputLanguage, dict[Status, str]] = {
    "zh": {Status.AHEAD: "超序时", Status.ON_PACE: "达序时", Status.BEHIND: "落后序时"},
    "en": {Status.AHEAD: "ahead", Status.ON_PACE: "on pace", Status.BEHIND: "behind"},
}
# A growth-rate target is met or missed, not ahead of or behind the calendar.
GROWTH_STATUS_TEXT: dict[OutputLanguage, dict[Status, str]] = {
    "zh": {Status.AHEAD: "高于目标", Status.ON_PACE: "达到目标", Status.BEHIND: "低于目标"},
    "en": {
        Status.AHEAD: "above target",
        Status.ON_PACE: "at target",
        Status.BEHIND: "below target",
    },
}
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PROJECTION_TEXT = {"run-rate": "按当前进度", "seasonal": "按上年同期进度", "profile": "按月度权重"}
_DIGITS = "零一二三四五六七八九"


def plain(value: Decimal) -> str:
    """A Decimal as written, never in exponent form: 4.5E+4 -> 45000, 25.80 stays 25.80."""
    return format(value, "f")


def signed(value: Decimal) -> str:
    return f"+{plain(value)}" if value > 0 else plain(value)


def optional(value: Decimal | None) -> str:
    return "" if value is None else plain(value)


def unit_text(unit: str, lang: OutputLanguage, table: UnitTable = BASE_UNITS) -> str:
    """A unit as the output language writes it (亿元, or 100 million yuan); `table` is the
    indicator's (Indicator.units), for the English words of a unit the project declares."""
    return unit_in_english(unit, table) if lang == "en" else unit


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 24 -> 二十四 (ranks, below 100)."""
    if n < len(_DIGITS):
        return _DIGITS[n]
    tens, ones = divmod(n, len(_DIGITS))
    if tens >= len(_DIGITS):
        return str(n)
    return f"{'' if tens == 1 else _DIGITS[tens]}十{'' if ones == 0 else _DIGITS[ones]}"


def period_text(month: int, lang: OutputLanguage, settings: Settings | None = None) -> str:
    """1-6月, or 上半年 when settings.period_labels is "names" (Chinese only)."""
    if lang == "en":
        return MONTH_ABBR[0] if month == 1 else f"{MONTH_ABBR[0]}-{MONTH_ABBR[month - 1]}"
    if settings is not None and settings.period_labels == "names":
        return label(Period(2000, 1, month), LabelStyle.NAMES)  # the year is not printed
    return period_label(month)


def growth_text(result: IndicatorResult, lang: OutputLanguage) -> str:
    """同比增长11.1% / 同比下降3.2% / 同比持平 / 同比增长1.21倍 (a setting, at 100% and above)."""
    yoy = result.yoy
    if yoy is None:
        return ""
    if lang == "en":
        return f"{signed(yoy)}% year on year"
    if yoy == 0:
        return "同比持平"
    if yoy < 0:
        return f"同比下降{plain(-yoy)}%"
    if result.yoy_times is not None:
        return f"同比增长{plain(result.yoy_times)}倍"
    return f"同比增长{plain(yoy)}%"


def two_year_text(result: IndicatorResult, lang: OutputLanguage) -> str:
    """两年平均增长5.2% / 两年平均下降1.3%, when data two years back exist."""
    average = result.two_year_growth
    if average is None:
        return ""
    if lang == "en":
        return f"{signed(average)}% a year on average over two years"
    if average == 0:
        return "两年平均持平"
    return f"两年平均{'下降' if average < 0 else '增长'}{plain(abs(average))}%"


def still_text(gap: str, need: str, unit: str, result: IndicatorResult) -> str:
    """距年度目标还差X亿元，后N个月月均需完成Y亿元 (后N个季度季均需完成 for a quarterly
    indicator) / 已超额完成年度目标 (amounts as printed)."""
    if result.gap is None:
        return ""
    if result.gap < 0:
        return "已超额完成年度目标"
    if result.gap == 0:
        return "已完成年度目标"
    text = f"距年度目标还差{gap}{unit}"
    if result.months_left and need:
        per = result.need_frequency or Frequency.MONTHLY
        text += f"，{need_words(per, result.months_left)}{need}{unit}"
    return text


def pace_text(result: IndicatorResult, lang: OutputLanguage) -> str:
    if result.pace is None or result.status is None:
        return ""
    points = plain(abs(result.pace))
    if result.indicator.target_type is TargetType.GROWTH:
        return _growth_pace_text(result.pace, lang)
    if lang == "en":
        return f"{signed(result.pace)} points against time progress"
    if result.indicator.direction is Direction.LOWER and result.status is not Status.ON_PACE:
        # Under a cap offices say the share used is 低于/高于 the calendar.
        return f"{'高于' if result.pace > 0 else '低于'}序时进度{points}个百分点"
    if result.status is Status.ON_PACE:
        return "达到序时进度" if result.pace == 0 else f"达到序时进度（相差{points}个百分点）"
    word = "超" if result.status is Status.AHEAD else "落后"
    return f"{word}序时进度{points}个百分点"


def _growth_pace_text(pace: Decimal, lang: OutputLanguage) -> str:
    """Achieved growth against a growth target, in points."""
    if lang == "en":
        return f"{signed(pace)} points against the target rate"
    if pace == 0:
        return "与目标增速持平"
    word = "高于" if pace > 0 else "低于"
    return f"{word}目标增速{plain(abs(pace))}个百分点"


@dataclass(frozen=True, slots=True)
class Line:
    """One indicator (for one org), every figure a display string ('' where there is none)."""

    id: str
    name: str
    unit: str  # the indicator's unit
    target_unit: str  # the units `target` and `actual` are printed in (display.target_unit …)
    actual_unit: str
    amount_unit: str  # the unit amounts print in, '%' never (a growth target's 当月, 预计全年)
    group: str
    owner: str
    kind: str
    org: str  # '' for the whole
    growth_target: bool  # the target is a growth rate (增长8%)
    cap: bool  # lower is better (控制在…以内): `rate` is the share of the cap used
    target: str
    has_data: bool
    as_of: str  # YYYY-MM
    period: str  # 1-6月
    actual: str
    rate: str  # 52.47 (no % sign: templates and tables add their own)
    time_progress: str
    pace: str  # +1.23 / -6.33 percentage points
    pace_abs: str  # 6.33, for sentences that say 超/落后 in words
    pace_text: str  # 超序时进度2.47个百分点
    status: str
    status_code: str
    status_colour: str  # RGB hex of the status (a status rule's, or the built-in one's)
    status_fill: str  # its light background for table cells
    previous: str  # last year's year-to-date over the same months
    yoy: str  # 11.1 (percent)
    yoy_text: str  # 同比增长11.1%
    share: str  # 63.95 (percent of `share_of`)
    projection: str
    projection_method: str
    gap: str  # 距目标还差, as printed (negative once exceeded)
    months_left: str  # 4 (后四个月)
    monthly_need: str  # 月均需完成, as printed
    still_text: str  # 距年度目标还差…，后四个月月均需完成… / 已超额完成年度目标 (zh only)
    two_year: str  # 两年平均增长, percent
    two_year_text: str  # 两年平均增长5.2%
    rank: str  # 1, or 并列2
    rank_words: str  # 列第二位 / 并列第二位 (rank 2 of 5 in English), for bulletins
    external_ranks: str  # 全市排名第四，同城组排名第二
    reason: str = ""  # 落后原因, from data/notes/YYYY-MM.yaml
    steps: str = ""  # 下步措施
    original_target: str = ""  # 原目标, when `target` is adjusted (调整后目标)
    target_note: str = ""  # what the adjusted target is called
    target_from: str = ""  # YYYY-MM: the month the adjusted target is in force from
    share_note: str = ""  # why `share` is the mark ※ (the whole has no figure at the month)
    month_amount: str = ""  # 当月: as_of's own amount, as printed (flows)
    month_period: str = ""  # its months: 6月, or 1-2月 for a combined release
    month_yoy: str = ""  # 当月同比, percent
    chain: str = ""  # 环比 of the month's amount, percent
    chain_note: str = ""  # why there is no 环比 (March after a 1-2月 release)
    ytd_chain: str = ""  # 累计环比 of a stock's level, percent
    ytd_chain_note: str = ""  # why there is none (a flow)
    need_frequency: str = ""  # monthly / quarterly / half-yearly: what monthly_need is per


def _status_fields(result: IndicatorResult, lang: OutputLanguage) -> dict[str, str]:
    """The status as labelled and coloured: a status rule's (data/status.yaml), else the
    built-in 超/达/落后序时 (高于/达到/低于目标 for a growth target)."""
    from gongshu_kpi.render.publication import status_style

    grade = result.grade
    if grade is not None:
        label = grade.label_en if lang == "en" else grade.label
        return {
            "status": label,
            "status_code": grade.code,
            "status_colour": grade.colour,
            "status_fill": grade.fill,
        }
    if result.status is None:
        return {"status": "", "status_code": "", "status_colour": "", "status_fill": ""}
    growth = result.indicator.target_type is TargetType.GROWTH
    style = status_style(result.status.value)
    return {
        "status": (GROWTH_STATUS_TEXT if growth else STATUS_TEXT)[lang][result.status],
        "status_code": result.status.value,
        "status_colour": style.colour,
        "status_fill": style.fill,
    }


def status_summary(
    lines: tuple[Line, ...], results: tuple[IndicatorResult, ...], lang: OutputLanguage
) -> tuple[str, list[StatusCount]]:
    """The summary line (9项指标中7项超序时，2项落后序时) over the whole's lines (all lines
    when the report has no whole), with the counts per status in status order."""
    pairs = list(zip(lines, results, strict=True))
    counted = [(ln, r) for ln, r in pairs if not r.org] or pairs
    items = [
        (ln.status_code, ln.status, r.grade.order if r.grade else _BUILT_IN_ORDER[ln.status_code])
        for ln, r in counted
        if ln.status
    ]
    counts = count_statuses(items)
    # A stock judged against its target only has a rate and no status: not "暂无进度".
    unpaced = sum(
        1 for ln, r in counted if not ln.status and r.rate is not None and r.time_progress is None
    )
    # Figures without a target (an org with none of its own) have nothing to be rated on.
    untargeted = sum(
        1 for ln, r in counted if not ln.status and r.as_of is not None and r.target is None
    )
    return summary_sentence(len(counted), counts, lang == "zh", unpaced, untargeted), counts


_BUILT_IN_ORDER = {"ahead": 0, "on_pace": 1, "behind": 2}


@dataclass(frozen=True, slots=True)
class View:
    year: int
    month: int
    period: str
    rounding: str
    org: str
    share_of: str
    lines: tuple[Line, ...]
    summary: str = ""  # 9项指标中7项超序时，2项落后序时
    status_rules: bool = False  # the project declares its statuses (data/status.yaml)

    def as_context(self) -> dict[str, Any]:
        """What templates see: plain dicts and strings."""
        context = asdict(self)
        context["lines_with_data"] = [line for line in context["lines"] if line["has_data"]]
        return context


def _external(ranks: tuple[ExternalRank, ...], indicator_id: str, lang: OutputLanguage) -> str:
    mine = [r for r in ranks if r.indicator_id == indicator_id]
    if not mine:
        return ""
    latest = max(r.month for r in mine)
    if lang == "en":
        return "; ".join(f"rank {r.rank} in {r.scope}" for r in mine if r.month == latest)
    return "，".join(f"{r.scope}排名第{chinese_number(r.rank)}" for r in mine if r.month == latest)


def _rank_words(result: IndicatorResult, lang: OutputLanguage) -> str:
    """A computed rank as a bulletin writes it: 列第二位, 并列第二位."""
    if result.rank is None:
        return ""
    if lang == "en":
        return f"ranked {'joint ' if result.rank_tied else ''}{result.rank}"
    return f"{'并列' if result.rank_tied else '列'}第{chinese_number(result.rank)}位"


def _period_fields(
    result: IndicatorResult, rule: AmountRule, lang: OutputLanguage, thousands: bool
) -> dict[str, str]:
    """What is still to do and 两年平均增长, as printed (amounts in the actual's display unit)."""
    gap, need = rule.text(result.gap, thousands), rule.text(result.monthly_need, thousands)
    unit = unit_text(rule.shown.text, lang, result.indicator.units)
    return {
        "gap": gap,
        "months_left": "" if result.months_left is None else str(result.months_left),
        "monthly_need": need,
        "still_text": "" if lang == "en" else still_text(gap, need, unit, result),
        "two_year": optional(result.two_year_growth),
        "two_year_text": two_year_text(result, lang),
        "month_amount": rule.text(result.month_amount, thousands),
        "month_period": _month_period(result, lang),
        "month_yoy": optional(result.month_yoy),
        "chain": optional(result.chain),
        "chain_note": result.chain_note,
        "ytd_chain": optional(result.ytd_chain),
        "ytd_chain_note": result.ytd_chain_note,
        "need_frequency": "" if result.need_frequency is None else result.need_frequency.value,
    }


def _month_period(result: IndicatorResult, lang: OutputLanguage) -> str:
    """The months of the 当月 amount: 6月, or 1-2月 for a combined release (Jun, Jan-Feb)."""
    last, first = result.as_of, result.month_first
    if last is None or first is None or result.month_amount is None:
        return ""
    if lang == "en":
        return (
            MONTH_ABBR[last - 1]
            if first == last
            else f"{MONTH_ABBR[first - 1]}-{MONTH_ABBR[last - 1]}"
        )
    return f"{last}月" if first == last else f"{first}-{last}月"


def _rank_text(result: IndicatorResult, lang: OutputLanguage) -> str:
    """并列3 (=3 in English) for a shared rank, 3 alone, '' without one."""
    if result.rank is None:
        return ""
    if result.rank_tied:
        return f"={result.rank}" if lang == "en" else f"并列{result.rank}"
    return str(result.rank)


def make_line(
    result: IndicatorResult,
    report: Report,
    lang: OutputLanguage,
    several_orgs: bool = False,
    thousands: bool = False,
) -> Line:
    ind = result.indicator
    growth_target = ind.target_type is TargetType.GROWTH
    target_rule = amount_rule(ind, "target", report.settings, report.finest_units)
    actual_rule = amount_rule(ind, "actual", report.settings, report.finest_units)
    units = ind.units
    amount_unit = unit_text(actual_rule.shown.text, lang, units)
    return Line(
        id=ind.id,
        name=ind.name_en if lang == "en" and ind.name_en else ind.name,
        unit="%" if growth_target else unit_text(ind.unit, lang, units),
        target_unit="%" if growth_target else unit_text(target_rule.shown.text, lang, units),
        actual_unit="%" if growth_target else amount_unit,
        amount_unit=amount_unit,
        group=ind.group,
        owner=ind.owner,
        kind=ind.kind.value,
        org=result.org or (report.root_name if several_orgs else ""),
        growth_target=growth_target,
        cap=ind.direction is Direction.LOWER,
        target=target_rule.text(result.target, thousands),
        has_data=result.as_of is not None,
        as_of="" if result.as_of is None else f"{report.year:04d}-{result.as_of:02d}",
        period="" if result.as_of is None else period_text(result.as_of, lang, report.settings),
        actual=actual_rule.text(result.actual, thousands),
        rate=optional(result.rate),
        time_progress=optional(result.time_progress),
        pace="" if result.pace is None else signed(result.pace),
        pace_abs="" if result.pace is None else plain(abs(result.pace)),
        pace_text=pace_text(result, lang),
        **_status_fields(result, lang),
        previous=actual_rule.text(result.previous, thousands),
        yoy=optional(result.yoy),
        yoy_text=growth_text(result, lang),
        share=optional(result.share) or result.share_mark,
        projection=actual_rule.text(result.projection, thousands),
        projection_method=""
        if result.projection_method is None
        else (
            result.projection_method if lang == "en" else PROJECTION_TEXT[result.projection_method]
        ),
        **_period_fields(result, actual_rule, lang, thousands),
        rank=_rank_text(result, lang),
        rank_words=_rank_words(result, lang),
        # Published ranks are the whole's (全市排名第四 ranks the district, not a town).
        external_ranks="" if result.org else _external(report.external_ranks, ind.id, lang),
        reason="" if result.note is None else result.note.reason,
        steps="" if result.note is None else result.note.steps,
        original_target=target_rule.text(result.original_target, thousands),
        target_note=result.target_note,
        target_from=result.target_from,
        share_note=result.share_note,
    )


def make_view(report: Report, lang: OutputLanguage = "zh", thousands: bool = False) -> View:
    """The view-model; `thousands` puts 千分位 in amounts (tables, when the settings ask)."""
    several = len({r.org for r in report.results}) > 1
    lines = tuple(make_line(r, report, lang, several, thousands) for r in report.results)
    # Titles and headings name the month the figures reach, not a later month asked for.
    month = reached_month(report)
    return View(
        year=report.year,
        month=month,
        period=period_text(month, lang, report.settings),
        rounding=report.settings.rounding,
        org=report.org_label,
        share_of=report.share_of or "",
        lines=lines,
        summary=status_summary(lines, report.results, lang)[0],
        status_rules=any(r.grade is not None for r in report.results),
    )
