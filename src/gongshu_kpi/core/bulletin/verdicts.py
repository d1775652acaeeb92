"""Verdicts: what the fact-check made of every stated figure, and the problems it reports.

``Findings`` collects a whole bulletin's problems, counts and per-figure verdicts;
``ClaimCheck`` is one claim matched to one indicator, resolved to an org and a period, with
the three ways a figure ends: judged against an exact figure (``judge``: ok, rounding or
wrong at the printed precision), not verifiable (a note, never an error), or recorded as is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.compare import Verdict, compare, plain
from gongshu_kpi.core.bulletin.context import resolve_scope
from gongshu_kpi.core.bulletin.expected import DataFigures
from gongshu_kpi.core.bulletin.kinds import FIGURE_LABEL, FigureKind
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.periods import period_label
from gongshu_kpi.core.problems import Location, Problem, Severity

if TYPE_CHECKING:
    from gongshu_kpi.core.bulletin.claims import Claim, Unmatched
    from gongshu_kpi.core.figures.facts import Facts
    from gongshu_kpi.core.models import Indicator, Settings
    from gongshu_kpi.core.units import Unit


@dataclass(frozen=True)
class FigureVerdict:
    """One stated figure and what the check made of it (for --format json and --verbose)."""

    line: int
    column: int | None  # 1-based column of the stated number, when known
    indicator: str  # the indicator's name in targets.yaml, or the words as written
    org: str  # the scope as written ("" for the whole)
    period: str  # 1-6月, or "" when none is known
    kind: str  # a FIGURE_LABEL key
    stated: str
    expected: str  # "" when there is nothing to compare with
    verdict: str  # ok, wrong, rounding, unverifiable or unread


@dataclass(frozen=True)
class BulletinCheck:
    """What the fact-check found: problems, and counts for the summary line."""

    problems: tuple[Problem, ...]
    claims: int  # claims found in the text
    checked: int  # stated figures compared with a correct figure
    wrong: int  # of those, how many disagree (including rounding differences)
    figures: tuple[FigureVerdict, ...] = ()  # every stated figure, in line order


# Why a printed figure is usually one unit off, said in the message (see the module docstring).
_ROUNDING_CAUSE = {
    "rate": "通常是用四舍五入前的完成数算出完成率，却印出了四舍五入后的完成数",
    "": "通常是先把数字四舍五入再计算，或用了别的舍入方式",
}

_NOTE_CODES = frozenset({"bulletin-unverifiable", "bulletin-fuzzy-match"})
_CLAIM_KIND = {
    "month_actual": "actual",
    "period_actual": "actual",
}  # a checked figure kind -> the claim's figure kind
_PERCENT_UNITS = frozenset({"%", "个百分点", "倍"})  # figures that may round to 0 honestly
# Set figures (a target, a rank): 5亿 for 4.5亿 is no rounded presentation.
_EXACT_ONLY = frozenset({FigureKind.TARGET, FigureKind.GROWTH_TARGET, FigureKind.RANK})


@dataclass
class Findings:
    """Everything the check of one bulletin found so far."""

    facts: Facts
    path: str
    year: int
    month: int | None  # --month: the default period when a claim states none
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    wrong: int = 0
    figures: list[FigureVerdict] = field(default_factory=list)

    def note(self, code: str, message: str, line: int | None, fix: str | None = None) -> None:
        # Defaults; rules.yaml may change them (core.ci.rules.apply_rules, same codes).
        severity = Severity.INFO if code in _NOTE_CODES else Severity.WARNING
        self.problems.append(Problem(code, message, Location(self.path, line), fix, severity))

    def result(self, claims: int) -> BulletinCheck:
        problems = sorted(self.problems, key=lambda p: (p.location.line or 0) if p.location else 0)
        figures = sorted(self.figures, key=lambda f: f.line)
        return BulletinCheck(tuple(problems), claims, self.checked, self.wrong, tuple(figures))


@dataclass(frozen=True)
class Stated:
    """A stated figure as the check reports it."""

    kind: str  # a FIGURE_LABEL key
    value: Decimal | None  # the number as printed (None for a word such as 超序时)
    shown: str  # as shown in messages: 52.47%, 419.72亿元, 超序时
    line: int | None  # where it was stated (the claim's line when None)
    unit: str = "%"  # the unit the correct figure is shown in
    label: str = ""  # how messages name it when not FIGURE_LABEL[kind]: 季均需完成 as written

    @property
    def named(self) -> str:
        return self.label or FIGURE_LABEL[self.kind]


@dataclass(frozen=True)
class ClaimCheck:
    """One claim matched to one indicator, resolved to an org (`who`) and a period."""

    ctx: Findings
    claim: Claim
    indicator: Indicator
    who: str | None  # WHOLE, an org or a group; None when the scope is not in the data
    data: DataFigures
    month: int | None  # the period the claim is about, when known
    name: str  # how the claim is shown in messages
    unit: Unit  # the indicator's unit, parsed once
    settings: Settings

    @classmethod
    def start(cls, ctx: Findings, claim: Claim, indicator: Indicator) -> ClaimCheck:
        who = resolve_scope(claim.scope, ctx.facts, indicator)
        data = DataFigures(ctx.facts, indicator, ctx.year, who, ctx.month)
        # How the claim is shown in messages: its own words, then what they were taken as.
        taken_as = [] if claim.subject == indicator.name else [indicator.name]
        if who != WHOLE:
            taken_as.append(claim.scope)
        name = claim.subject + (f"（{'，'.join(taken_as)}）" if taken_as else "")
        month = data.month(claim.period_end)
        settings = ctx.facts.targets.settings
        return cls(ctx, claim, indicator, who, data, month, name, indicator.parsed_unit, settings)

    @property
    def scope_note(self) -> str:
        return f"数据中没有“{self.claim.scope}”（不在 orgs.yaml 的单位或分组中）"

    def line_of(self, figure: Stated) -> int:
        return self.claim.line if figure.line is None else figure.line

    def record(self, figure: Stated, expected: str, verdict: str) -> None:
        kind = figure.kind
        self.ctx.figures.append(
            FigureVerdict(
                figure.line or self.claim.line, self.claim.column_of(_CLAIM_KIND.get(kind, kind)),
                self.indicator.name, self.claim.scope, period_text(self.month), kind,
                figure.shown, expected, verdict,
            )
        )  # fmt: skip

    def confirm(self, figure: Stated) -> None:
        """Printed figures are rounded: any figure that prints as the stated one will do."""
        self.ctx.checked += 1
        self.record(figure, figure.shown, "ok")

    def unverifiable(self, figure: Stated, why: str) -> None:
        self.record(figure, "", "unverifiable")
        self.ctx.note(
            "bulletin-unverifiable",
            f"“{self.name}”{figure.named} {figure.shown}：{why}，无法核对",
            self.line_of(figure),
        )

    def judge(self, figure: Stated, exact: Decimal, how: str, fix_words: str = "") -> None:
        """Compare; report a disagreement as bulletin-<kind>-wrong or -rounding (its fix
        `改为 <fix_words><right>`)."""
        assert figure.value is not None
        kind, stated, unit = figure.kind, figure.value, figure.unit
        self.ctx.checked += 1
        verdict, correct = compare(stated, exact, self.settings.rounding)
        if kind in _EXACT_ONLY and stated != exact:
            verdict, correct = Verdict.WRONG, exact
        if verdict is Verdict.OK and unit not in _PERCENT_UNITS and correct == 0 and exact != 0:
            # 完成0万亿元 for 27.83亿元: a magnitude so coarse the figure says nothing.
            verdict, correct = Verdict.WRONG, exact
        right = f"{plain(correct)}{unit}"
        self.record(figure, right, verdict.value)
        if verdict is Verdict.OK:
            return
        self.ctx.wrong += 1
        message = f"“{self.name}”{figure.named}写作 {figure.shown}，应为 {right}（{how}）"
        if verdict is Verdict.ROUNDING:
            message += f"；只差末位一个单位（{_ROUNDING_CAUSE.get(kind, _ROUNDING_CAUSE[''])}），"
            message += "但印出的数字须能互相验算，仍按错误处理"
        self.ctx.problems.append(
            Problem(
                f"bulletin-{kind}-{verdict.value}",
                message,
                Location(self.ctx.path, self.line_of(figure)),
                f"改为 {fix_words}{right}",
            )
        )

    def wrong(self, figure: Stated, expected: str, problem: Problem) -> None:
        """A figure that is wrong in a way `judge` does not compare (a word, a currency)."""
        self.ctx.checked += 1
        self.ctx.wrong += 1
        self.record(figure, expected, "wrong")
        self.ctx.problems.append(problem)

    def problem(self, figure: Stated, code: str, message: str, fix: str) -> Problem:
        return Problem(code, message, Location(self.ctx.path, self.line_of(figure)), fix)


def report_unread(ctx: Findings, item: Unmatched) -> None:
    """A sentence whose figures could not be read, a figure kind kpi does not compute, or a
    table cell the check cannot read or verify (a note naming its column)."""
    if item.english_table:
        ctx.note(
            "bulletin-unverifiable",
            f"英文表格未核对（只核对中文的表格和英文通报的句子）：{excerpt(item.text)}",
            item.line,
            "用中文版（--lang zh）的同一报表核对，或人工核对这个表格",
        )
        return
    if item.column:
        subject, _, column = item.column.partition("：")
        ctx.note(
            "bulletin-unverifiable",
            f"表格中“{subject}”的“{column}”列未能核对：{excerpt(item.text)}",
            item.line,
            "人工核对这个数字",
        )
        ctx.figures.append(
            FigureVerdict(item.line, None, subject, "", "", column, "", "", "unverifiable")
        )
        return
    if item.not_computed:
        ctx.note(
            "bulletin-unverifiable",
            f"“{item.not_computed}”kpi 尚不计算，这个数字未核对：{excerpt(item.text)}",
            item.line,
            "人工核对这个数字",
        )
        ctx.figures.append(
            FigureVerdict(item.line, None, "", "", "", item.not_computed, "", "", "unverifiable")
        )
        return
    ctx.figures.append(FigureVerdict(item.line, None, "", "", "", "", item.reason, "", "unread"))
    reason = item.reason or "未能识别"
    ctx.note(
        "bulletin-unread",
        f"这句话中的数字未能核对（{reason}）：{excerpt(item.text)}",
        item.line,
        "改写成“指标+年度目标任务…，1-N月完成…，完成率…%”的格式，或人工核对",
    )


def excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def period_text(month: int | None) -> str:
    return "" if month is None else period_label(month)


@dataclass(frozen=True)
class Amounts:
    """The target and actual a claim's figures are checked with: the data's (in the
    indicator's unit) and the sentence's own (converted, with the unit they were written in)."""

    target: Decimal | None  # targets.yaml's, for the claim's org
    actual: Decimal | None  # the data's year to date at the claim's month
    stated_target: tuple[Decimal, Unit] | None
    stated_actual: tuple[Decimal, Unit] | None
