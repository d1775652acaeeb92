"""Fact-check a draft bulletin: every stated figure against the data and its own arithmetic.

Pure: the caller reads the file and passes its text.  ``check_bulletin`` extracts the claims
(``core.claims``), gives each one an indicator (name, id, alias, then a conservative fuzzy
match), works out whose figures it states (its scope: the whole, an org or a group) and the
period (1-N月), then compares target, year-to-date actual, completion rate, growth and share.

A stated figure is right when the exact figure, rounded to the places it is printed with
(settings.rounding), equals it.  One unit off in the last place gets its own code
(``bulletin-<figure>-rounding``): it usually means a rounded actual was printed beside a rate
computed from the unrounded one, and the printed figures must still agree, so it is an error.
A figure the data cannot confirm (no last-year data, a scope not in orgs.yaml) is a note,
never an error: the fact-checker reports what it did not look at instead of passing it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from gongshu_kpi.core.bulletin.claims import Claim, Names, Quantity, Unmatched
from gongshu_kpi.core.bulletin.extract import extract_claims
from gongshu_kpi.core.bulletin.kinds import FIGURE_LABEL, RANK_PREFIX
from gongshu_kpi.core.compute import Facts, growth, places_of, status_of, time_progress_at
from gongshu_kpi.core.display import unit_from_english
from gongshu_kpi.core.models import Indicator, Kind, TargetType
from gongshu_kpi.core.numbers import RoundingName, percent, round_to
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.periods import period_label
from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.core.units import Unit, UnitError, convert, parse_unit

__all__ = [
    "BulletinCheck",
    "FigureVerdict",
    "Match",
    "Verdict",
    "check_bulletin",
    "compare",
    "match_indicator",
    "resolve_scope",
]


# --------------------------------------------------------------------------- comparing


class Verdict(StrEnum):
    OK = "ok"
    ROUNDING = "rounding"  # one unit off in the last printed place
    WRONG = "wrong"


def compare(
    stated: Decimal, exact: Decimal, rounding: RoundingName = "half-up"
) -> tuple[Verdict, Decimal]:
    """Judge a printed figure against the exact one, at the places it is printed with.

    Returns the verdict and the correct figure at those places (60.49 vs 60.50 -> ROUNDING).
    """
    places = places_of(stated)
    correct = round_to(exact, places, rounding)
    if stated == correct:
        return Verdict.OK, correct
    if abs(stated - correct) == Decimal(1).scaleb(-places):
        return Verdict.ROUNDING, correct
    return Verdict.WRONG, correct


# --------------------------------------------------------------------------- matching names

# Words offices use interchangeably in indicator names: 新引进企业 is 新招引企业.
_SYNONYMS = (("招商引进", "招引"), ("引进", "招引"), ("引入", "招引"))


def _canonical_name(name: str) -> str:
    text = re.sub(r"\s+", "", name)
    for word, canonical in _SYNONYMS:
        text = text.replace(word, canonical)
    return text


@dataclass(frozen=True, slots=True)
class Match:
    """The indicator a claim's subject names, and how it was found."""

    indicator: Indicator | None
    how: str  # "name", "id", "alias", "fuzzy", or "" when none / ambiguous
    candidates: tuple[Indicator, ...] = ()  # for an ambiguous fuzzy match


def match_indicator(subject: str, indicators: Sequence[Indicator]) -> Match:
    """Exact name, then id, then an alias, then a fuzzy match only when it is unambiguous.

    Fuzzy: the names equal after synonyms (引进 = 招引), or the subject is part of exactly one
    indicator's name (特色产业企业 ⊂ 新招引特色产业企业).
    """
    for how, keys in (
        ("name", lambda i: (i.name,)),
        ("id", lambda i: (i.id,)),
        ("alias", lambda i: i.aliases),
    ):
        found = [i for i in indicators if subject in keys(i)]
        if found:
            return Match(found[0], how)
    wanted = _canonical_name(subject)
    same = [i for i in indicators if _canonical_name(i.name) == wanted]
    if len(same) == 1:
        return Match(same[0], "fuzzy")
    if len(wanted) < 3:  # 税收, 营收: too short to be part of a name safely
        return Match(None, "")
    # Only a shortened name (特色产业企业 ⊂ 新招引特色产业企业): a name with a qualifier added
    # (制造业投资 ⊃ 投资) is a sub-indicator, not the indicator.
    near = [i for i in indicators if wanted in _canonical_name(i.name)]
    if len(near) == 1:
        return Match(near[0], "fuzzy")
    return Match(None, "", tuple(near))


# --------------------------------------------------------------------------- whose figures

_DISTRICT_WORDS = ("我区", "全区", "本区")
_COUNT_PREFIX = re.compile(r"^(\d+)(?:个|家)")


def resolve_scope(scope: str, facts: Facts, indicator: Indicator) -> str | None:
    """The org or group a claim's scope names; WHOLE for the whole; None when unknown.

    The whole is written as nothing, 我区/全区/本区, the org tree's root name, or the
    indicator's group (十大产业平台 for 十大产业平台主要绩效指标): the targets are its.
    A count (4个省级特色小镇) must match the group's size, or it is another set of orgs.
    """
    text = re.sub(r"\s+", "", scope)
    for word in _DISTRICT_WORDS:
        text = text.removeprefix(word)
    count = _COUNT_PREFIX.match(text)
    text = _COUNT_PREFIX.sub("", text)
    if not text:
        return WHOLE
    orgs = facts.orgs
    members = orgs.members(text)
    if members is not None:
        canonical = orgs.canonical(text)
        if canonical is None and count is not None and int(count.group(1)) != len(members):
            return None
        return text if canonical is None else canonical
    group = indicator.group
    if group and (text in group or group in text):
        return WHOLE
    return None


# --------------------------------------------------------------------------- the check


_STATUS_WORD = {1: "超序时", 0: "达序时", -1: "落后序时"}
_CLAIM_KIND = {"month_actual": "actual"}  # a checked figure kind -> the claim's figure kind
_PERCENT_UNITS = frozenset({"%", "个百分点", "倍"})  # figures that may round to 0 honestly
_CURRENCIES = frozenset({"人民币", "美元", "欧元", "港元", "日元"})  # units.py dimensions


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


@dataclass
class _Context:
    facts: Facts
    path: str
    year: int
    month: int | None  # --month: the default period when a claim states none
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    wrong: int = 0
    figures: list[FigureVerdict] = field(default_factory=list)

    def note(self, code: str, message: str, line: int | None, fix: str | None = None) -> None:
        # Defaults; rules.yaml may change them (core.rules.apply_rules, same codes).
        severity = Severity.INFO if code in _NOTE_CODES else Severity.WARNING
        self.problems.append(Problem(code, message, Location(self.path, line), fix, severity))


def check_bulletin(
    text: str, facts: Facts, path: str, year: int, month: int | None = None
) -> BulletinCheck:
    """Every stated figure in `text` judged against `facts` for `year`.

    `month` (from --month) is the period assumed when a sentence states none, and the
    latest month whose data counts.
    """
    claims, unmatched = extract_claims(text, known_names(facts))
    ctx = _Context(facts, path, year, month)
    for item in unmatched:
        _report_unread(ctx, item)
    for claim in claims:
        _check_claim(ctx, claim)
    problems = sorted(ctx.problems, key=lambda p: (p.location.line or 0) if p.location else 0)
    figures = sorted(ctx.figures, key=lambda f: f.line)
    return BulletinCheck(tuple(problems), len(claims), ctx.checked, ctx.wrong, tuple(figures))


def known_names(facts: Facts) -> Names:
    """Orgs (orgs.yaml names, groups and root, and 填报单位 values) and indicator names."""
    orgs = facts.orgs
    names = {n for i in facts.targets.indicators for n in (i.name, i.id, *i.aliases)}
    # The synonyms match_indicator accepts (新引进企业 for 新招引企业) are names too.
    names |= {name.replace(canonical, word) for name in names for word, canonical in _SYNONYMS}
    return Names(
        frozenset({orgs.root_name, *orgs.parent, *orgs.groups}),
        frozenset(names),
        frozenset(rank.scope for rank in facts.external_ranks),
    )


def _report_unread(ctx: _Context, item: Unmatched) -> None:
    if item.not_computed:
        ctx.note(
            "bulletin-unverifiable",
            f"“{item.not_computed}”kpi 尚不计算，这个数字未核对：{_excerpt(item.text)}",
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
        f"这句话中的数字未能核对（{reason}）：{_excerpt(item.text)}",
        item.line,
        "改写成“指标+年度目标任务…，1-N月完成…，完成率…%”的格式，或人工核对",
    )


def _excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _written_unit(text: str, prefer: Unit | None) -> Unit:
    """A stated unit: 亿元, or its English words from bulletin_en (100 million yuan)."""
    try:
        return parse_unit(text)
    except UnitError:
        english = unit_from_english(text, prefer)
        if english is None:
            raise
        return english


def _check_own_arithmetic(ctx: _Context, claim: Claim) -> None:
    """Target, actual and rate of one sentence must agree whatever the indicator is: any
    actual that prints as the stated one must give the stated rate at its places."""
    if claim.target is None or claim.actual is None or claim.rate is None:
        return
    try:
        target_unit = _written_unit(claim.target.unit or claim.actual.unit, None)
        actual_unit = _written_unit(claim.actual.unit or claim.target.unit, target_unit)
        actual = convert(claim.actual.value, actual_unit, target_unit)
        slack = convert(
            Decimal(5).scaleb(-places_of(claim.actual.value) - 1), actual_unit, target_unit
        )
    except UnitError:
        return
    target = claim.target.value
    if target <= 0:
        return
    places, rounding = places_of(claim.rate), ctx.facts.targets.settings.rounding
    low = round_to(percent(actual - slack, target), places, rounding)
    high = round_to(percent(actual + slack, target), places, rounding)
    expected = round_to(percent(actual, target), places, rounding)
    _own_verdict(
        ctx, claim, "rate", f"{_plain(claim.rate)}%", f"{_plain(expected)}%",
        low <= claim.rate <= high,
        f"{_qty(claim.actual)} ÷ {_qty(claim.target)} = {_plain(expected)}%",
    )  # fmt: skip


def _own_verdict(
    ctx: _Context, claim: Claim, kind: str, stated: str, expected: str, ok: bool, how: str
) -> None:
    """Record a figure judged by its own sentence's arithmetic; an error when it disagrees."""
    line = claim.line_of(kind)
    ctx.figures.append(
        FigureVerdict(
            line, claim.column_of(kind), claim.subject, claim.scope,
            _period_text(claim.period_end), kind, stated, expected, "ok" if ok else "wrong",
        )
    )  # fmt: skip
    ctx.checked += 1
    if ok:
        return
    ctx.wrong += 1
    ctx.problems.append(
        Problem(
            f"bulletin-{kind}-wrong",
            f"“{claim.subject}”{FIGURE_LABEL[kind]}写作 {stated}，与本句自身的数字不符：{how}",
            Location(ctx.path, line),
            f"改为 {expected}",
        )
    )


def _check_own_pace(ctx: _Context, claim: Claim) -> None:
    """超/落后序时进度X个百分点 beside a stated rate must be that rate minus time progress,
    whatever the indicator (an unknown one has no monthly profile: the calendar's)."""
    if claim.pace is None or claim.rate is None or claim.period_end is None:
        return
    settings = ctx.facts.targets.settings
    places = max(places_of(claim.pace), places_of(claim.rate))
    if settings.time_progress == "days":
        days = [calendar.monthrange(ctx.year, m)[1] for m in range(1, 13)]
        exact = percent(Decimal(sum(days[: claim.period_end])), Decimal(sum(days)))
    else:
        exact = percent(Decimal(claim.period_end), Decimal(12))
    progress = round_to(exact, places, settings.rounding)
    expected = claim.rate - progress
    how = (
        f"{_plain(claim.rate)}% − {period_label(claim.period_end)}序时进度 "
        f"{_plain(progress)}% = {_plain(expected)}个百分点"
    )
    _own_verdict(
        ctx, claim, "pace", f"{_plain(claim.pace)}个百分点", f"{_plain(expected)}个百分点",
        expected == claim.pace, how,
    )  # fmt: skip


def _period_text(month: int | None) -> str:
    return "" if month is None else period_label(month)


def _check_claim(ctx: _Context, claim: Claim) -> None:
    indicators = ctx.facts.targets.indicators
    match = match_indicator(claim.subject, indicators)
    if match.indicator is None:
        _check_own_arithmetic(ctx, claim)
        _check_own_pace(ctx, claim)
        names = "、".join(i.name for i in match.candidates)
        hint = f"（可能是：{names}）" if names else ""
        ctx.note(
            "bulletin-unknown-indicator",
            f"“{claim.subject}”不是 targets.yaml 中的指标{hint}，这句话的数字未核对："
            f"{_excerpt(claim.text)}",
            claim.line,
            f"在 targets.yaml 对应指标下加上 aliases: [{claim.subject}]",
        )
        return
    indicator = match.indicator
    if match.how == "fuzzy":
        ctx.note(
            "bulletin-fuzzy-match",
            f"“{claim.subject}”按近似名称视为指标“{indicator.name}”",
            claim.line,
            f"如无误，可在 targets.yaml 中为该指标加上 aliases: [{claim.subject}]",
        )
    _ClaimCheck(ctx, claim, indicator).run()


class _ClaimCheck:
    """The comparisons for one claim matched to one indicator."""

    def __init__(self, ctx: _Context, claim: Claim, indicator: Indicator) -> None:
        self.ctx = ctx
        self.claim = claim
        self.indicator = indicator
        self.settings = ctx.facts.targets.settings
        self.unit = indicator.parsed_unit
        self.who = resolve_scope(claim.scope, ctx.facts, indicator)
        # How the claim is shown in messages: its own words, then what they were taken as.
        taken_as = [] if claim.subject == indicator.name else [indicator.name]
        if self.who != WHOLE:
            taken_as.append(claim.scope)
        self.name = claim.subject + (f"（{'，'.join(taken_as)}）" if taken_as else "")

    # -- helpers

    def record(self, kind: str, line: int, stated: str, expected: str, verdict: str) -> None:
        self.ctx.figures.append(
            FigureVerdict(
                line, self.claim.column_of(_CLAIM_KIND.get(kind, kind)), self.indicator.name,
                self.claim.scope, _period_text(self.period()), kind, stated, expected, verdict,
            )
        )  # fmt: skip

    def unverifiable(self, kind: str, stated: str, why: str, line: int | None) -> None:
        self.record(kind, line or self.claim.line, stated, "", "unverifiable")
        self.ctx.note(
            "bulletin-unverifiable",
            f"“{self.name}”{FIGURE_LABEL[kind]} {stated}：{why}，无法核对",
            line if line is not None else self.claim.line,
        )

    def judge(
        self,
        kind: str,
        stated: Decimal,
        shown: str,
        exact: Decimal,
        unit: str,
        how: str,
        line: int | None,
        exact_only: bool = False,
    ) -> None:
        """Compare; report a disagreement as bulletin-<kind>-wrong or -rounding.

        `exact_only`: a target is a set figure, so 5亿 for 4.5亿 is no rounded presentation.
        """
        self.ctx.checked += 1
        verdict, correct = compare(stated, exact, self.settings.rounding)
        if exact_only and stated != exact:
            verdict, correct = Verdict.WRONG, exact
        if verdict is Verdict.OK and unit not in _PERCENT_UNITS and correct == 0 and exact != 0:
            # 完成0万亿元 for 27.83亿元: a magnitude so coarse the figure says nothing.
            verdict, correct = Verdict.WRONG, exact
        self.record(kind, line or self.claim.line, shown, f"{_plain(correct)}{unit}", verdict.value)
        if verdict is Verdict.OK:
            return
        self.ctx.wrong += 1
        right = f"{_plain(correct)}{unit}"
        message = f"“{self.name}”{FIGURE_LABEL[kind]}写作 {shown}，应为 {right}（{how}）"
        if verdict is Verdict.ROUNDING:
            message += f"；只差末位一个单位（{_ROUNDING_CAUSE.get(kind, _ROUNDING_CAUSE[''])}），"
            message += "但印出的数字须能互相验算，仍按错误处理"
        self.ctx.problems.append(
            Problem(
                f"bulletin-{kind}-{verdict.value}",
                message,
                Location(self.ctx.path, line if line is not None else self.claim.line),
                f"改为 {right}",
            )
        )

    def other_currency(self, quantity: Quantity) -> bool:
        """An amount in 美元 for an indicator in 元: money, but the wrong money."""
        try:
            written = _written_unit(quantity.unit, self.unit)
        except UnitError:
            return False
        money = _CURRENCIES
        return written.dimension in money and self.unit.dimension in money

    def in_unit(self, quantity: Quantity) -> tuple[Decimal, Unit] | None:
        """A stated quantity in the indicator's unit, with the unit it was written in."""
        try:
            written = _written_unit(quantity.unit, self.unit) if quantity.unit else self.unit
            return convert(quantity.value, written, self.unit), written
        except UnitError:
            return None

    def period(self) -> int | None:
        if self.claim.period_end is not None:
            return self.claim.period_end
        if self.who is None:
            return None
        months = self.ctx.facts.series(self.indicator.id, self.ctx.year, self.who)
        eligible = [m for m in months if self.ctx.month is None or m <= self.ctx.month]
        return max(eligible, default=None)

    def data_actual(self, who: str, year: int, month: int) -> Decimal | None:
        point = self.ctx.facts.series(self.indicator.id, year, who).get(month)
        return None if point is None else point.value

    def target(self) -> Decimal | None:
        if self.who is None:
            return None
        org = "" if self.who == WHOLE else self.who
        return self.indicator.target_for(self.ctx.year, self.ctx.facts.targets.year, org)

    # -- the checks

    def run(self) -> None:
        claim = self.claim
        month = self.period()
        target = self.target()
        stated_target = self.stated("target", claim.target, claim.target_line)
        stated_actual = self.stated("actual", claim.actual, claim.actual_line)
        actual = None
        if self.who is not None and month is not None:
            actual = self.data_actual(self.who, self.ctx.year, month)
        when = "未写明期间" if month is None else period_label(month)
        if claim.target is not None and stated_target is not None:
            self.check_target(claim.target, stated_target[1], target)
        if claim.actual is not None and stated_actual is not None:
            if claim.own_month:
                self.check_month_actual(claim.actual, stated_actual[1], month)
            else:
                self.check_actual(claim.actual, stated_actual[1], actual, month)
        if claim.rate is not None:
            self.check_rate(claim.rate, target, actual, stated_target, stated_actual, when)
        if claim.growth is not None:
            self.check_growth(claim.growth, actual, month)
        if claim.share is not None:
            self.check_share(claim.share, month, stated_actual)
        if claim.growth_times is not None:
            self.check_growth_times(claim.growth_times, actual, month)
        if claim.growth_target is not None:
            self.check_growth_target(claim.growth_target, target)
        if claim.growth_gap is not None:
            self.check_growth_gap(claim.growth_gap, target, month)
        if claim.pace is not None or claim.pace_status is not None:
            self.check_pace(target, actual, month)
        for where, rank in claim.ranks:
            self.check_rank(where, rank, month)
        if claim.projection is not None:
            self.check_projection(claim.projection, actual, month)
        if claim.cap_used is not None:
            self.check_cap_used(claim.cap_used, target, actual, stated_target, stated_actual)

    def check_cap_used(
        self,
        stated: Decimal,
        target: Decimal | None,
        actual: Decimal | None,
        stated_target: tuple[Decimal, Unit] | None,
        stated_actual: tuple[Decimal, Unit] | None,
    ) -> None:
        """占控制额度的Z%: the amount used ÷ the cap, from the data, else from the sentence."""
        shown, line = f"{_plain(stated)}%", self.claim.line_of("cap_used")
        if target is not None and actual is not None and target > 0:
            how = f"数据：已使用 {_plain(actual)}{self.unit} ÷ 控制额度 {_plain(target)}{self.unit}"
            self.judge("cap_used", stated, shown, percent(actual, target), "%", how, line)
        elif stated_target is not None and stated_actual is not None and stated_target[0] > 0:
            how = "按本句：已使用 ÷ 控制额度"
            exact = percent(stated_actual[0], stated_target[0])
            self.judge("cap_used", stated, shown, exact, "%", how, line)
        else:
            self.unverifiable("cap_used", shown, "数据和本句都没有控制额度与已使用数", line)

    def check_rank(self, where: str, stated: int, month: int | None) -> None:
        """全市排名第四 against ranks.yaml: the latest rank of that place for the year."""
        kind, shown = f"{RANK_PREFIX}{where}", f"{where}排名第{stated}"
        line = self.claim.line_of(kind)
        mine = [
            r
            for r in self.ctx.facts.external_ranks
            if r.indicator_id == self.indicator.id and r.scope == where and r.year == self.ctx.year
        ]
        if self.who != WHOLE or not mine:
            why = "ranks.yaml 中没有这项排名" if mine == [] else "ranks.yaml 只记全区的排名"
            self.unverifiable("rank", shown, why, line)
            return
        upto = [r for r in mine if month is None or r.month <= month] or mine
        latest = max(upto, key=lambda r: r.month)
        how = f"ranks.yaml：{self.ctx.year}年{latest.month}月 {where}排名第{latest.rank}"
        self.judge("rank", Decimal(stated), shown, Decimal(latest.rank), "", how, line, True)

    def check_projection(self, stated: Quantity, actual: Decimal | None, month: int | None) -> None:
        """预计全年…: last year's shape when last year's 1-N月 and full year are known, else
        the run-rate (1-N月 × 12 ÷ N), as `kpi report --projection` computes it."""
        line = self.claim.line_of("projection")
        converted = self.stated("projection", stated, line)
        if converted is None:
            return
        if self.who is None or month is None or actual is None:
            self.unverifiable("projection", _qty(stated), "数据中没有本期的数", line)
            return
        if self.indicator.kind is not Kind.FLOW:
            self.unverifiable("projection", _qty(stated), "时点指标没有全年预计", line)
            return
        base = self.data_actual(self.who, self.ctx.year - 1, month)
        full = self.data_actual(self.who, self.ctx.year - 1, 12)
        if base is not None and full is not None and base > 0:
            exact, how = (
                actual * full / base,
                f"按上年同期进度：{_plain(actual)} × {_plain(full)} ÷ {_plain(base)}",
            )
        else:
            exact, how = actual * 12 / month, f"按当前进度：{_plain(actual)} × 12 ÷ {month}"
        written = converted[1]
        self.judge(
            "projection", stated.value, _qty(stated), convert(exact, self.unit, written),
            written.text, how, line,
        )  # fmt: skip

    # -- the month's own amount, 倍, growth targets and pace

    def own_amount(self, year: int, month: int) -> Decimal | None:
        """A flow's own amount in month N: its year to date at N minus that at N-1."""
        now = self.data_actual(self.who or WHOLE, year, month)
        if now is None or month == 1:
            return now
        before = self.data_actual(self.who or WHOLE, year, month - 1)
        return None if before is None else now - before

    def check_month_actual(self, stated: Quantity, written: Unit, month: int | None) -> None:
        line = self.claim.line_of("actual")
        if self.who is None:
            self.unverifiable("month_actual", _qty(stated), self.scope_note, line)
            return
        if self.indicator.kind is not Kind.FLOW:
            why = "这是时点指标，kpi 不计算它的当月数"
            self.unverifiable("month_actual", _qty(stated), why, line)
            return
        own = None if month is None else self.own_amount(self.ctx.year, month)
        if month is None or own is None:
            why = "数据中没有该月及上月的累计数，算不出当月数"
            self.unverifiable("month_actual", _qty(stated), why, line)
            return
        how = f"数据：{month}月累计减{month - 1}月累计 = {_plain(own)}{self.unit}"
        if month == 1:
            how = f"数据：1月 {_plain(own)}{self.unit}"
        self.judge(
            "month_actual", stated.value, _qty(stated), convert(own, self.unit, written),
            written.text, how, line,
        )  # fmt: skip

    def growth_base(
        self, month: int | None, actual: Decimal | None, kind: str, shown: str
    ) -> tuple[Decimal, Decimal] | None:
        """This year's figure and last year's for a growth, or None after a note."""
        line = self.claim.line_of(kind)
        if self.who is None:
            self.unverifiable(kind, shown, self.scope_note, line)
            return None
        if month is None or actual is None:
            self.unverifiable(kind, shown, "数据中没有本期的数", line)
            return None
        if not self.indicator.yoy:
            self.unverifiable(kind, shown, "该指标在 targets.yaml 中设为不计同比", line)
            return None
        previous = self.data_actual(self.who, self.ctx.year - 1, month)
        if self.claim.own_month:
            actual = self.own_amount(self.ctx.year, month)
            previous = self.own_amount(self.ctx.year - 1, month)
        if actual is None or previous is None or previous <= 0:
            base = f"{self.ctx.year - 1}年{period_label(month)}"
            why = (
                f"数据中没有 {base}的数（同比基数）"
                if previous is None or actual is None
                else f"{base}为 {_plain(previous)}，不能作同比基数"
            )
            self.unverifiable(kind, shown, why, line)
            return None
        return actual, previous

    def check_growth_times(
        self, stated: Decimal, actual: Decimal | None, month: int | None
    ) -> None:
        """增长1.2倍: the growth over 100, compared at the places it is printed with."""
        shown = f"{_plain(stated)}倍"
        base = self.growth_base(month, actual, "growth_times", shown)
        if base is None or month is None:
            return
        now, previous = base
        how = (
            f"数据：{period_label(month)} {_plain(now)}{self.unit}，"
            f"上年同期 {_plain(previous)}{self.unit}"
        )
        exact = growth(now, previous) / 100
        self.judge(
            "growth_times", stated, shown, exact, "倍", how, self.claim.line_of("growth_times")
        )

    def check_growth_target(self, stated: Decimal, target: Decimal | None) -> None:
        shown = f"{_plain(stated)}%"
        line = self.claim.line_of("growth_target")
        if self.indicator.target_type is not TargetType.GROWTH:
            why = "targets.yaml 中该指标的目标是数量，不是增速"
            self.unverifiable("growth_target", shown, why, line)
        elif self.who is None:
            self.unverifiable("growth_target", shown, self.scope_note, line)
        elif target is None:
            self.unverifiable("growth_target", shown, "targets.yaml 中没有该目标", line)
        else:
            how = f"targets.yaml：目标增长{_plain(target)}%"
            self.judge("growth_target", stated, shown, target, "%", how, line, exact_only=True)

    def achieved_growth(self, month: int | None) -> Decimal | None:
        """The printed growth a growth target is met against: the sentence's own, else the
        data's at the growth places."""
        if self.claim.growth is not None:
            return self.claim.growth
        if self.who is None or month is None:
            return None
        actual = self.data_actual(self.who, self.ctx.year, month)
        if actual is not None and self.unit.text == "%":
            return actual
        previous = self.data_actual(self.who, self.ctx.year - 1, month)
        if actual is None or previous is None or previous <= 0:
            return None
        settings = self.settings
        return round_to(growth(actual, previous), settings.growth_places, settings.rounding)

    def check_growth_gap(self, stated: Decimal, target: Decimal | None, month: int | None) -> None:
        shown = f"{_plain(stated)}个百分点"
        line = self.claim.line_of("growth_gap")
        goal = self.claim.growth_target if self.claim.growth_target is not None else target
        achieved = self.achieved_growth(month)
        if goal is None or achieved is None:
            why = "本句和数据都不能同时给出增速与目标增速"
            self.unverifiable("growth_gap", shown, why, line)
            return
        how = f"增速 {_plain(achieved)}% − 目标增速 {_plain(goal)}%"
        self.judge("growth_gap", stated, shown, achieved - goal, "个百分点", how, line)

    def check_pace(self, target: Decimal | None, actual: Decimal | None, month: int | None) -> None:
        """超/落后序时进度X个百分点 is the printed rate minus time progress at the same places;
        超序时/达序时/落后序时 must agree with it (on_pace_band wide)."""
        claim, settings = self.claim, self.settings
        kind = "pace" if claim.pace is not None else "pace_status"
        stated_shown = (
            f"{_plain(claim.pace)}个百分点" if claim.pace is not None
            else _STATUS_WORD.get(claim.pace_status or 0, "")
        )  # fmt: skip
        line = claim.line_of(kind)
        if self.indicator.target_type is TargetType.GROWTH:
            self.unverifiable(kind, stated_shown, "该指标的目标是增速，没有序时进度", line)
            return
        if month is None:
            self.unverifiable(kind, stated_shown, "未写明期间", line)
            return
        # Progress is rounded like the figures printed beside it (17% − 17% is 达序时).
        places = places_of(claim.pace) if claim.pace is not None else settings.rate_places
        if claim.pace is None and claim.rate is not None:
            places = places_of(claim.rate)
        rate = claim.rate
        source = "本句完成率"
        if rate is None and target is not None and actual is not None and target > 0:
            rate = round_to(percent(actual, target), places, settings.rounding)
            source = "数据完成率"
        if rate is None:
            why = "本句未写完成率，数据中也没有目标或完成数"
            self.unverifiable(kind, stated_shown, why, line)
            return
        progress_exact = time_progress_at(month, self.ctx.year, settings, self.indicator)
        progress = round_to(progress_exact, max(places, places_of(rate)), settings.rounding)
        pace = rate - progress
        how = f"{source} {_plain(rate)}% − {period_label(month)}序时进度 {_plain(progress)}%"
        if claim.pace is not None:
            self.judge("pace", claim.pace, stated_shown, pace, "个百分点", how, line)
        if claim.pace_status is not None:
            # The words say on which side of time progress the rate is (高于/低于, 超/落后):
            # under a cap too, where being above it is the bad side.
            expected = status_of(pace, settings.on_pace_band)
            wanted = {"ahead": 1, "on_pace": 0, "behind": -1}.get(expected.value, 0)
            self.ctx.checked += 1
            word = _STATUS_WORD[claim.pace_status]
            right = _STATUS_WORD[wanted]
            self.record(
                "pace_status", line, word, right, "ok" if wanted == claim.pace_status else "wrong"
            )
            if wanted != claim.pace_status:
                self.ctx.wrong += 1
                self.ctx.problems.append(
                    Problem(
                        "bulletin-pace-wrong",
                        f"“{self.name}”写作“{word}”，应为“{right}”"
                        f"（{how} = {_plain(pace)}个百分点）",
                        Location(self.ctx.path, line),
                        f"改为“{right}”",
                    )
                )

    @property
    def scope_note(self) -> str:
        return f"数据中没有“{self.claim.scope}”（不在 orgs.yaml 的单位或分组中）"

    def stated(
        self, kind: str, quantity: Quantity | None, line: int | None
    ) -> tuple[Decimal, Unit] | None:
        """A stated amount in the indicator's unit; a unit that cannot convert is a warning."""
        if quantity is None:
            return None
        converted = self.in_unit(quantity)
        if converted is None and self.other_currency(quantity):
            self.record(kind, line or self.claim.line, _qty(quantity), str(self.unit), "wrong")
            self.ctx.checked += 1
            self.ctx.wrong += 1
            self.ctx.problems.append(
                Problem(
                    "bulletin-currency-wrong",
                    f"“{self.name}”{FIGURE_LABEL[kind]}写作 {_qty(quantity)}，"
                    f"但该指标以“{self.unit}”计：币种不对",
                    Location(self.ctx.path, line if line is not None else self.claim.line),
                    f"改用{self.unit}，或核对这句话写的是否是另一个指标",
                )
            )
            return None
        if converted is None:
            self.ctx.note(
                "bulletin-unit-mismatch",
                f"“{self.name}”{FIGURE_LABEL[kind]} {_qty(quantity)} 的单位与指标单位"
                f"“{self.unit}”不能换算，未核对",
                line if line is not None else self.claim.line,
                "核对单位，或检查这句话是否写的是另一个指标",
            )
        return converted

    def check_target(self, stated: Quantity, written: Unit, target: Decimal | None) -> None:
        line = self.claim.target_line
        if self.who is None:
            self.unverifiable("target", _qty(stated), self.scope_note, line)
        elif target is None:
            self.unverifiable("target", _qty(stated), "targets.yaml 中没有该目标", line)
        else:
            self.judge(
                "target",
                stated.value,
                _qty(stated),
                convert(target, self.unit, written),
                written.text,
                f"targets.yaml：{_plain(target)}{self.unit}",
                line,
                exact_only=True,
            )

    def check_actual(
        self, stated: Quantity, written: Unit, actual: Decimal | None, month: int | None
    ) -> None:
        line = self.claim.actual_line
        if self.who is None:
            self.unverifiable("actual", _qty(stated), self.scope_note, line)
        elif month is None:
            self.unverifiable("actual", _qty(stated), "未写明期间，数据中也没有可用的月份", line)
        elif actual is None:
            why = f"数据中没有{period_label(month)}的数"
            self.unverifiable("actual", _qty(stated), why, line)
        else:
            self.judge(
                "actual",
                stated.value,
                _qty(stated),
                convert(actual, self.unit, written),
                written.text,
                f"数据：{period_label(month)}累计 {_plain(actual)}{self.unit}",
                line,
            )

    def rate_of(self, actual: Decimal, target: Decimal) -> Decimal | None:
        """完成率, and under a cap (direction: lower) the share of the cap used: one formula."""
        return percent(actual, target)

    def check_rate(
        self,
        stated: Decimal,
        target: Decimal | None,
        actual: Decimal | None,
        stated_target: tuple[Decimal, Unit] | None,
        stated_actual: tuple[Decimal, Unit] | None,
        when: str,
    ) -> None:
        shown = f"{_plain(stated)}%"
        line = self.claim.rate_line
        if self.indicator.target_type is TargetType.GROWTH:
            self.unverifiable("rate", shown, "该指标的目标是增速，没有完成率", line)
            return
        from_data = None
        if target is not None and actual is not None:
            from_data = self.rate_of(actual, target)
        own = self.sentence_rates(stated_target, stated_actual)
        rounding, places = self.settings.rounding, places_of(stated)
        if from_data is not None:
            assert target is not None and actual is not None
            unit = self.unit
            how = f"数据：{when}完成 {_plain(actual)}{unit} ÷ 年度目标 {_plain(target)}{unit}"
            if own is not None:
                # Say so when no rounding of the sentence's own figures gives the data's rate.
                correct = round_to(from_data, places, rounding)
                low, high = (round_to(r, places, rounding) for r in own[1:])
                if not low <= correct <= high:
                    mine = round_to(own[0], places, rounding)
                    how += f"；按本句自身的目标与完成数为 {_plain(mine)}%"
            self.judge("rate", stated, shown, from_data, "%", how, line)
        elif own is not None:
            assert self.claim.target is not None and self.claim.actual is not None
            low, high = (round_to(r, places, rounding) for r in own[1:])
            if low <= stated <= high:
                # Printed figures are rounded: any actual that prints as the stated one will do.
                self.ctx.checked += 1
                self.record("rate", line or claim_line(self.claim), shown, shown, "ok")
                return
            how = f"按本句：{_qty(self.claim.actual)} ÷ {_qty(self.claim.target)}"
            self.judge("rate", stated, shown, own[0], "%", how, line)
        else:
            why = "数据中没有对应的目标或完成数，本句也未同时写明目标与完成数"
            self.unverifiable("rate", shown, why, line)

    def sentence_rates(
        self,
        stated_target: tuple[Decimal, Unit] | None,
        stated_actual: tuple[Decimal, Unit] | None,
    ) -> tuple[Decimal, Decimal, Decimal] | None:
        """The rate from the sentence's own target and actual, and its lowest and highest
        value over every actual that prints as the stated one (half a unit of the last
        printed place either side); a target is a set figure, taken as exact."""
        claim = self.claim
        if stated_target is None or stated_actual is None:
            return None
        if claim.actual is None or stated_target[0] <= 0:
            return None
        target, actual = stated_target[0], stated_actual[0]
        point = self.rate_of(actual, target)
        if point is None:
            return None
        slack = self.half_unit(claim.actual.value, stated_actual[1])
        ends = [
            r
            for a in (actual - slack, actual + slack)
            if (r := self.rate_of(a, target)) is not None
        ]
        return point, min(ends, default=point), max(ends, default=point)

    def half_unit(self, printed: Decimal, written: Unit) -> Decimal:
        """Half a unit of the last printed place, in the indicator's unit."""
        return convert(Decimal(5).scaleb(-places_of(printed) - 1), written, self.unit)

    def check_growth(self, stated: Decimal, actual: Decimal | None, month: int | None) -> None:
        shown = f"{_plain(stated)}%"
        line = self.claim.line_of("growth")
        if (
            self.indicator.target_type is TargetType.GROWTH
            and self.unit.text == "%"
            and month is not None
            and actual is not None
        ):
            # A growth-rate indicator reported in %: the achieved growth is the actual itself.
            how = f"数据：{period_label(month)} {_plain(actual)}%"
            self.judge("growth", stated, shown, actual, "%", how, line)
            return
        base = self.growth_base(month, actual, "growth", shown)
        if base is None or month is None:
            return
        now, previous = base
        own = "当月" if self.claim.own_month else ""
        how = (
            f"数据：{period_label(month)}{own} {_plain(now)}{self.unit}，"
            f"上年同期 {_plain(previous)}{self.unit}"
        )
        self.judge("growth", stated, shown, growth(now, previous), "%", how, line)

    def check_share(
        self,
        stated: Decimal,
        month: int | None,
        stated_actual: tuple[Decimal, Unit] | None,
    ) -> None:
        shown = f"{_plain(stated)}%"
        claim = self.claim
        line = claim.rate_line if claim.rate is None and claim.growth is None else claim.line
        whole_who = resolve_scope(claim.share_of, self.ctx.facts, self.indicator)
        if whole_who is None or not claim.share_of:
            what = claim.share_of or "整体"
            why = f"数据中没有“{what}”（不在 orgs.yaml 的单位或分组中）"
            self.unverifiable("share", shown, why, line)
            return
        if month is None:
            self.unverifiable("share", shown, "未写明期间", line)
            return
        whole = self.data_actual(whole_who, self.ctx.year, month)
        part = None if self.who is None else self.data_actual(self.who, self.ctx.year, month)
        source = "数据"
        if part is None and stated_actual is not None:
            # The part is not in the data (4个省级特色小镇), but the sentence states it: its
            # own figure over the whole's data is still arithmetic worth checking.
            part, source = stated_actual[0], "本句"
        if whole is None or whole == 0 or part is None:
            why = self.scope_note if part is None and self.who is None else "数据中没有本期的数"
            self.unverifiable("share", shown, why, line)
            return
        if source == "本句" and claim.actual is not None and stated_actual is not None:
            # A printed part is rounded: any part that prints as the stated one will do.
            slack = self.half_unit(claim.actual.value, stated_actual[1])
            places, rounding = places_of(stated), self.settings.rounding
            low = round_to(percent(part - slack, whole), places, rounding)
            high = round_to(percent(part + slack, whole), places, rounding)
            if low <= stated <= high:
                self.ctx.checked += 1
                self.record("share", line or claim.line, shown, shown, "ok")
                return
        how = (
            f"{source} {_plain(part)}{self.unit} ÷ {claim.share_of}"
            f"{period_label(month)} {_plain(whole)}{self.unit}"
        )
        self.judge("share", stated, shown, percent(part, whole), "%", how, line)


def claim_line(claim: Claim) -> int:
    return claim.line


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _qty(quantity: Quantity) -> str:
    return f"{_plain(quantity.value)}{quantity.unit}"
