"""Report columns: the column type of the table, Markdown and HTML reports, and the period
columns a user asks for with `kpi report --columns` (当月, 环比, 当月同比, 累计环比, 两年平均,
距目标还差, 月均需完成, 预计全年), by the names people type, in Chinese or English.

Headers name the period (6月当月, 当月环比); a 1-2月 release's amount is printed with its
months ("1-2月 165"), never split; a figure that cannot be given is "—" and the footer says
why (March after a 1-2月 release has no 环比)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongshu_kpi.core.models import OutputLanguage
    from gongshu_kpi.render.view import Line, View


@dataclass(frozen=True, slots=True)
class Column:
    zh: str
    en: str
    cell: Callable[[Line, OutputLanguage], str]
    numeric: bool = False
    wraps: bool = False
    # A header that names the period or the frequency (6月当月, 季均需完成): given the view.
    title: Callable[[View, OutputLanguage], str] | None = None

    def header(self, view: View, lang: OutputLanguage) -> str:
        if self.title is not None:
            return self.title(view, lang)
        return self.zh if lang == "zh" else self.en


def with_unit(value: str, unit: str) -> str:
    if not value:
        return "—"
    # English units are words: 37.15 100 million yuan; Chinese ones follow the figure.
    return f"{value} {unit}" if unit[:1].isascii() and unit[:1].isalnum() else f"{value}{unit}"


ADJUSTED_MARK = "*"  # after a target adjusted during the year (调整后目标); a footer line says so


def adjusted(line: Line) -> bool:
    """The line's target is an adjusted one (target_changes), with 原目标 beside it."""
    return bool(line.target and line.original_target)


def target_cell(line: Line, _lang: OutputLanguage) -> str:
    """年度目标 as the tables print it: the target in force, marked when adjusted (20个*)."""
    text = with_unit(line.target, line.target_unit)
    return f"{text}{ADJUSTED_MARK}" if adjusted(line) else text


def target_notes(lines: Iterable[Line], lang: OutputLanguage) -> list[str]:
    """A footer line per adjusted target, under the tables that mark it. The Chinese one is
    written as bulletin_full writes the target, so `kpi check --bulletin` verifies it:
    * 开工项目年度目标任务20个（调整后目标，2020年7月起，原为25个）."""
    out: list[str] = []
    for line in lines:
        if not adjusted(line):
            continue
        target = with_unit(line.target, line.target_unit)
        original = with_unit(line.original_target, line.target_unit)
        year, _, month = line.target_from.partition("-")
        if lang == "en":  # bulletin_en's wording, which the English fact-check reads
            since = f" Adjusted from {_MONTH_EN[int(month) - 1]} {year}." if month else ""
            who = f"{line.org}: " if line.org else ""
            out.append(
                f"{ADJUSTED_MARK} {who}{line.name}: annual target {target} (adjusted); "
                f"original target {original}.{since}"
            )
        else:
            since = f"，{year}年{int(month)}月起" if month else ""
            out.append(
                f"{ADJUSTED_MARK} {line.org}{line.name}年度目标任务{target}"
                f"（{line.target_note}{since}，原为{original}）"
            )
    return out


def percent_text(value: str) -> str:
    return f"{value}%" if value else "—"


_MONTH_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_title(month: int, lang: OutputLanguage) -> str:
    """6月当月 / Jun amount: the report's month (a row as of another month says its own)."""
    return f"{_MONTH_EN[month - 1]} amount" if lang == "en" else f"{month}月当月"


def month_heading(view: View, lang: OutputLanguage) -> str:
    return month_title(view.month, lang)


def month_label(line: Line, month: int) -> str:
    """The months to print before the 当月 amount: "" when they are just the header's month,
    else 1-2月 (a combined release), 5-6月 (after a gap) or 6月 (a line as of an earlier month)."""
    return "" if line.month_period in (f"{month}月", _MONTH_EN[month - 1]) else line.month_period


def month_cell(line: Line, _lang: OutputLanguage, month: int = 0) -> str:
    """The month's own amount; labelled with its months when they are not just the header's
    `month` (a 1-2月 release: "1-2月 165"; a line as of an earlier month; 5-6月 after a gap)."""
    if not line.month_amount:
        return "—"
    amount = with_unit(line.month_amount, line.amount_unit)
    label = month_label(line, month) if month else line.month_period
    return f"{label} {amount}" if label else amount


_NEED_WORD = {
    "zh": {"monthly": "月均需完成", "quarterly": "季均需完成", "half-yearly": "半年均需完成"},
    "en": {
        "monthly": "Needed a month",
        "quarterly": "Needed a quarter",
        "half-yearly": "Needed a half-year",
    },
}
PER = {
    "zh": {"monthly": "/月", "quarterly": "/季", "half-yearly": "/半年"},
    "en": {"monthly": "/month", "quarterly": "/quarter", "half-yearly": "/half-year"},
}


def need_frequencies(lines: Iterable[Line]) -> set[str]:
    return {ln.need_frequency for ln in lines if ln.need_frequency and ln.monthly_need}


def need_heading(view: View, lang: OutputLanguage) -> str:
    return need_title(view.lines, lang)


def need_title(lines: Iterable[Line], lang: OutputLanguage) -> str:
    """月均需完成, or 季均需完成 when every need is per quarter; 平均需完成 when they differ
    (each cell then says per what)."""
    found = need_frequencies(lines)
    if len(found) == 1:
        return _NEED_WORD[lang][found.pop()]
    if not found:
        return _NEED_WORD[lang]["monthly"]
    return "平均需完成" if lang == "zh" else "Needed per period"


def need_cell(line: Line, lang: OutputLanguage, mixed: bool = False) -> str:
    text = with_unit(line.monthly_need, line.amount_unit)
    if mixed and line.monthly_need and line.need_frequency:
        text += PER[lang][line.need_frequency]
    return text


@dataclass(frozen=True, slots=True)
class Choice:
    """A column one can ask for: its key (the English name --columns takes and the renderers
    use) and every name people type for it, Chinese first."""

    key: str
    names: tuple[str, ...]
    column: Column


def _percent_of(field: str) -> Callable[[Line, OutputLanguage], str]:
    return lambda ln, _: percent_text(getattr(ln, field))


PROJECTION = Column(
    "预计全年", "Projection", lambda ln, _: with_unit(ln.projection, ln.amount_unit), numeric=True
)
GAP = Column("距目标还差", "To go", lambda ln, _: with_unit(ln.gap, ln.amount_unit), numeric=True)
NEED = Column("月均需完成", "Needed a month", need_cell, numeric=True, title=need_heading)

CHOICES: tuple[Choice, ...] = (
    Choice(
        "month",
        ("当月", "当月数", "month"),
        Column("当月", "Month's amount", month_cell, numeric=True, title=month_heading),
    ),
    Choice(
        "mom",
        ("环比", "当月环比", "mom", "chain"),
        Column("当月环比", "MoM", _percent_of("chain"), numeric=True),
    ),
    Choice(
        "month-yoy",
        ("当月同比", "month-yoy"),
        Column("当月同比", "Month YoY", _percent_of("month_yoy"), numeric=True),
    ),
    Choice(
        "ytd-mom",
        ("累计环比", "ytd-mom", "ytd-chain"),
        Column("累计环比", "YTD MoM", _percent_of("ytd_chain"), numeric=True),
    ),
    Choice(
        "two-year",
        ("两年平均", "两年平均增长", "two-year"),
        Column("两年平均增长", "Two-year average", _percent_of("two_year"), numeric=True),
    ),
    Choice("gap", ("距目标还差", "还差", "gap"), GAP),
    Choice("need", ("月均需完成", "季均需完成", "需完成", "need"), NEED),
    Choice("projection", ("预计全年", "projection"), PROJECTION),
)
CHOICE_BY_NAME: dict[str, Choice] = {name: c for c in CHOICES for name in c.names}


def valid_names() -> str:
    """Every name --columns takes, for --help and the usage error."""
    return "、".join("/".join(c.names) for c in CHOICES)


class UnknownColumnError(ValueError):
    """A --columns name kpi does not know (the CLI makes it a usage error)."""


def parse_columns(asked: Iterable[str]) -> tuple[str, ...]:
    """The keys of the columns asked for, in the order asked, each once; names may also be
    given comma-separated (--columns 当月,环比). Unknown names: UnknownColumnError."""
    keys: list[str] = []
    for item in asked:
        for name in (n.strip() for n in item.replace("，", ",").split(",")):
            if not name:
                continue
            choice = CHOICE_BY_NAME.get(name) or CHOICE_BY_NAME.get(name.lower())
            if choice is None:
                raise UnknownColumnError(f"--columns {name}：没有这一列；可用的列：{valid_names()}")
            if choice.key not in keys:
                keys.append(choice.key)
    return tuple(keys)


def extra_keys(columns: Sequence[str], projection: bool) -> tuple[str, ...]:
    """The asked-for keys, then --projection's (预计全年, 距目标还差, 月均需完成) not yet in."""
    wanted = list(columns)
    if projection:
        wanted += [k for k in ("projection", "gap", "need") if k not in wanted]
    return tuple(wanted)


def extra_columns(view: View, keys: Sequence[str], projection: bool = False) -> list[Column]:
    """The Column of each key; with --projection alone the gap and need columns appear only
    when some line has a gap (as before --columns existed)."""
    by_key = {c.key: c.column for c in CHOICES}
    chosen = extra_keys(keys, projection)
    has_gap = any(line.gap for line in view.lines)
    mixed = len(need_frequencies(view.lines)) > 1
    out: list[Column] = []
    for key in chosen:
        if key in ("gap", "need") and key not in keys and not has_gap:
            continue
        column = by_key[key]
        if key == "month":
            column = _month_column(view.month)
        if key == "need" and mixed:
            column = Column(
                NEED.zh,
                NEED.en,
                lambda ln, lang: need_cell(ln, lang, True),
                True,
                title=need_heading,
            )
        out.append(column)
    return out


def _month_column(month: int) -> Column:
    """当月, its cells labelled against the header's month."""
    return Column(
        "当月",
        "Month's amount",
        lambda ln, lang: month_cell(ln, lang, month),
        numeric=True,
        title=month_heading,
    )


# English notes: the core's reasons are written in Chinese; these say the same by kind.
_REASON_EN = (
    ("不可比", "not comparable: the period before is of a different length (a combined release)"),
    ("没有意义", "not a figure for a flow: its year-to-date only adds the month"),
    ("不能作增长基数", "the base is not positive"),
    ("缺少", "no figure for the period before"),
    ("包含在", "inside a combined release: no figure of its own"),
)


def _reason(text: str, lang: OutputLanguage) -> str:
    if lang == "zh":
        return text
    return next((en for zh, en in _REASON_EN if zh in text), "not available")


def notes(view: View, keys: Sequence[str], lang: OutputLanguage) -> list[str]:
    """The table's footer lines: each adjusted target (the 年度目标 cell marked *) with its
    original, then why a chosen column shows "—" (环比 after a 1-2月 release, 累计环比
    of a flow, a stock without last period's level): one line per column and reason, naming
    the indicators it applies to."""
    out = target_notes(view.lines, lang)
    for key, field in (("mom", "chain_note"), ("ytd-mom", "ytd_chain_note")):
        if key not in keys:
            continue
        column = next(c.column for c in CHOICES if c.key == key)
        name = column.zh if lang == "zh" else column.en
        by_reason: dict[str, list[str]] = {}
        for line in view.lines:
            if getattr(line, field):
                by_reason.setdefault(_reason(getattr(line, field), lang), []).append(line.name)
        joiner = "、" if lang == "zh" else ", "
        colon = "：" if lang == "zh" else ": "
        out += [f"{name} — {joiner.join(n)}{colon}{why}" for why, n in by_reason.items()]
    return out


# CSV (and other exports of strings): each key's cells, amounts as printed in the unit of the
# 计量单位 column, percentages without the % sign (like the export's other columns).
_EXPORT: dict[str, tuple[tuple[str, str, str], ...]] = {
    "month": (("month_period", "当月期间", "month_period"), ("month_amount", "", "")),
    "mom": (("chain", "当月环比(%)", "mom"),),
    "month-yoy": (("month_yoy", "当月同比(%)", "month_yoy"),),
    "ytd-mom": (("ytd_chain", "累计环比(%)", "ytd_mom"),),
    "two-year": (("two_year", "两年平均增长(%)", "two_year_growth"),),
    "gap": (("gap", "距目标还差", "gap"),),
    "need": (("monthly_need", "", ""), ("need_frequency", "需完成周期", "need_frequency")),
}


def export_fields(view: View, keys: Sequence[str], lang: OutputLanguage) -> list[tuple[str, str]]:
    """(Line field, header) of each chosen key's export columns (预计全年 is always exported)."""
    fields: list[tuple[str, str]] = []
    for key in keys:
        for field, zh, en in _EXPORT.get(key, ()):
            if field == "month_amount":
                header = month_title(view.month, lang)
            elif field == "monthly_need":
                header = need_title(view.lines, lang)
            else:
                header = zh if lang == "zh" else en
            fields.append((field, header))
    return fields
