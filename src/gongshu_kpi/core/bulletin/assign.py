"""Giving figures to indicators (step 4): the words before a figure name a new indicator
(and maybe its org), a figure without words continues the current one, a 分别 list is
shared out in order; what is left over is reported as ``Unmatched``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.claims import (
    NO_NAMES,
    SHORTEST_WORD,
    Claim,
    Names,
    Quantity,
    Unmatched,
    _Found,
    _is_subject,
    _make_claim,
)
from gongshu_kpi.core.bulletin.english import _is_english, _read_english
from gongshu_kpi.core.bulletin.figures import (
    _clauses,
    _Figure,
    _FigureFinder,
    _Value,
    readers_for,
)
from gongshu_kpi.core.bulletin.kinds import COMPUTED_RANK, RANK_PREFIX, TIED_RANK, FigureKind
from gongshu_kpi.core.bulletin.patterns import (
    _CHINESE_NUMERALS,
    _PCT_RE,
    _PERCENT_WORD_RE,
    _QTY_RE,
    with_units,
)
from gongshu_kpi.core.bulletin.periods import _mask_periods, _Period

if TYPE_CHECKING:
    from gongshu_kpi.core.bulletin.document import _Sentence

# The kinds this module tags figures with, bound once: an Enum member's attribute access
# costs ~0.3 µs on Python 3.11, and this runs for every figure read.
_K_NOT_COMPUTED = FigureKind.NOT_COMPUTED
_K_PROJECTION = FigureKind.PROJECTION
# Figures whose words before say how or what is left (按当前进度预计全年, 距年度目标还差),
# never whose figure it is.
_HOW_NOT_WHO = frozenset({_K_PROJECTION, FigureKind.GAP, FigureKind.MONTHLY_NEED})
_K_RANK = FigureKind.RANK


def _states_a_number(parse: str, m: re.Match[str]) -> bool:
    """A percent word with a number at it (60.4⁹%, 2个百分点, 百分之六十), not 差值（百分点）."""
    if m.group() == "百分之":
        following = parse[m.end() : m.end() + 1]
        return bool(following) and (following.isdigit() or following in _CHINESE_NUMERALS)
    before = parse[max(0, m.start() - 2) : m.start()].replace("个", "").strip()
    return bool(before) and (before[-1].isdigit() or before[-1] in _CHINESE_NUMERALS)


# Subject clean-up: time and linking words before a name, verbs and particles after it.
_LEADING_FILLER_RE = re.compile(
    r"^(?:今年以来|年初以来|截至目前|今年|本年|当年|目前|据悉|据了解|据统计|其中|此外|同时"
    r"|另外|以及|并且|而且|首先|其次|最后|[一二三四五六七八九十]是|全年|和|及|约|、|:)+"
)

_TRAILING_FILLER_RE = re.compile(r"(?:分别|共计|合计|累计|共|达到|达|为|是|约|:|的)+$")
_INDICATOR = "指标"  # the word after a name: 税收指标
_LONGEST_NUMERAL = 12  # characters of a spelled-out figure (百分之六十点四九 is 8)
_LEADING_VERB_RE = re.compile(r"^(?:累计|实现了?|完成了?|共计|共)")


# --------------------------------------------------------------------------- step 4: claims


@dataclass(frozen=True)
class _Gap:
    """What the words before a figure say: indicator names, whose figures, or nothing."""

    subjects: tuple[str, ...] = ()
    scope: str = ""
    unreadable: bool = False  # words that are neither a name nor filler


def _strip_filler(words: str) -> str:
    words = _LEADING_FILLER_RE.sub("", words)
    return _TRAILING_FILLER_RE.sub("", words)


def _clean_subject(words: str) -> str:
    words = _strip_filler(_LEADING_VERB_RE.sub("", _strip_filler(words)))
    if words.endswith(_INDICATOR) and len(words) - len(_INDICATOR) >= SHORTEST_WORD:
        words = words.removesuffix(_INDICATOR)  # 营收、税收指标 -> 营收, 税收
    return words


_DISTRICT_PREFIX_RE = re.compile(r"^(?:我区|全区|本区|全市|我市|本市)")
_COUNT_PREFIX_RE = re.compile(r"\d+(?:个|家)")
_LIST_SEPARATORS_RE = re.compile("、|和|及|与")
# The summary line kpi writes above a bulletin (render/view.status_summary): counts of lines
# per status, not figures of an indicator (4项指标中1项黄灯，3项无目标).
_SUMMARY_RE = re.compile(r"^\s*\d+项指标中\d+项[^,，。\d]+(?:[,，]\d+项[^,，。\d]+)*[。;；]?\s*$")


def _split_scope(words: str, names: Names) -> tuple[str, str]:
    """'我区十大产业平台主营业务收入' -> ('我区十大产业平台', '主营业务收入').

    By exact names only: a known org (or group, or the root) at the start, else the words
    before a known indicator name at the end (智慧网谷小镇 before 营收).  The scope may be
    an org the data does not know; the checker then says so instead of judging the whole.
    """
    start = 0
    district = _DISTRICT_PREFIX_RE.match(words)
    if district:
        start = district.end()
    count = _COUNT_PREFIX_RE.match(words, start)
    after_count = count.end() if count else start
    org = max(
        (o for o in names.orgs if o and words.startswith(o, after_count)), key=len, default=""
    )
    cut = after_count + len(org) if org else 0
    if not org:
        first = _LIST_SEPARATORS_RE.split(words[start:], maxsplit=1)[0]
        long_enough = len(first) - len(_INDICATOR) >= SHORTEST_WORD
        bare = first.removesuffix(_INDICATOR) if long_enough else first
        if bare not in names.indicators:
            tail = max(
                (
                    n
                    for n in names.indicators
                    if len(bare) - len(n) >= SHORTEST_WORD and bare.endswith(n)
                ),
                key=len,
                default="",
            )
            cut = start + len(bare) - len(tail) if tail else start
        else:
            cut = start
    if cut == 0:
        return "", words
    return words[:cut], _strip_filler(_LEADING_VERB_RE.sub("", words[cut:]))


def _read_gap(words: str, names: Names) -> _Gap:
    words = _strip_filler(re.sub(r"\s+", "", words))
    if not words:
        return _Gap()
    scope, rest = _split_scope(words, names)
    if not rest:
        return _Gap(scope=scope)
    parts = tuple(_clean_subject(part) for part in rest.split("、"))
    if all(_is_subject(name) for name in parts):
        return _Gap(parts, scope)
    return _Gap(scope=scope, unreadable=True)


def _context_of(headings: tuple[str, ...], names: Names) -> tuple[str, str]:
    """The indicator and the org the innermost headings name, by exact known names: the
    one name a heading holds (a name inside a longer one found there does not count)."""

    def one_name(text: str, known: frozenset[str]) -> str:
        found = {n for n in known if len(n) >= SHORTEST_WORD and n in text}
        found = {n for n in found if not any(n != o and n in o for o in found)}
        return found.pop() if len(found) == 1 else ""

    subject = next((n for h in reversed(headings) if (n := one_name(h, names.indicators))), "")
    scope = next((n for h in reversed(headings) if (n := one_name(h, names.orgs))), "")
    return subject, scope


@dataclass
class _Draft:
    """A claim being built; `confirmed` once anything beyond a bare name + number is known."""

    subject: str
    scope: str
    first_pos: int
    last_pos: int
    confirmed: bool = False
    values: dict[str, _Value] = field(default_factory=dict)
    share_of: str = ""

    def free(self, kind: str) -> bool:
        return kind not in self.values


class _ClaimBuilder:
    """Gives the figures of one sentence to indicators, in reading order."""

    def __init__(
        self, sentence: _Sentence, work: str, periods: list[_Period], names: Names
    ) -> None:
        self.sentence = sentence
        self.names = names
        self.not_computed: list[_Figure] = []
        self.spans: list[tuple[int, int]] = []  # every figure expression read, placed or not
        self.context_subject, self.context_scope = _context_of(sentence.context, names)
        self.work = work
        self.periods = periods
        self.drafts: list[_Draft] = []
        self.current: _Draft | None = None
        self.scope = ""  # carried forward: "4个省级特色小镇实现…,常规税收贡献…"
        self.left_over: list[_Figure] = []

    # -- placing figures

    def place(self, figure: _Figure, gap_start: int, gap_words: str) -> None:
        self.spans.append((figure.start, figure.end))
        if figure.kind is _K_NOT_COMPUTED:
            self.not_computed.append(figure)
            return
        if figure.kind is _K_RANK:
            figure = replace(figure, kind=f"{RANK_PREFIX}{self._rank_place(figure, gap_words)}")
            gap_words = ""
        if figure.kind in _HOW_NOT_WHO:
            gap_words = ""  # 按当前进度预计全年…: how it was projected, not whose figure
        if figure.subject_text.strip():
            # 实现主营业务收入419.72亿元: the name follows the verb, the words before are scope.
            named = _read_gap(figure.subject_text, self.names)
            scope = _strip_filler(re.sub(r"\s+", "", gap_words)) or named.scope
            gap = _Gap(named.subjects, scope, named.unreadable)
        else:
            gap = _read_gap(gap_words, self.names)
        if len(figure.values) > 1 or "分别" in self.work[figure.start : figure.end]:
            self._place_list(figure, gap, gap_start)
        else:
            self._place_one(figure, gap, gap_start)

    def _rank_place(self, figure: _Figure, gap_words: str) -> str:
        """全市排名第四: the words before are where the rank is from (ranks.yaml), not a name;
        列第二位, 并列第一 or a bare 排名第3 are kpi's own ranking of the orgs."""
        words = re.sub(r"\s+", "", gap_words)
        where = max((w for w in self.names.rank_scopes if words.endswith(w)), key=len, default="")
        said = self.work[figure.start : figure.end]
        if where:
            return where
        if said.startswith("排名") and words:
            return words[-4:]  # 各平台中排名第2: a place kpi does not know (a note)
        return TIED_RANK if "并列" in said else COMPUTED_RANK

    def _place_one(self, figure: _Figure, gap: _Gap, gap_start: int) -> None:
        if gap.unreadable or len(gap.subjects) > 1:
            self.left_over.append(figure)
            return
        if gap.subjects:
            draft = self._draft_for(gap.subjects[0], gap.scope, figure.kind, gap_start)
        elif self.current is not None and self.current.free(figure.kind):
            draft = self.current
        elif self.current is None and self.context_subject:
            # ## 固定资产投资 / 年度目标任务320亿元…: the heading names the indicator.
            draft = self._new_draft(self.context_subject, gap.scope, gap_start)
        else:
            self.left_over.append(figure)
            return
        self._give(draft, figure, figure.values[0])

    def _place_list(self, figure: _Figure, gap: _Gap, gap_start: int) -> None:
        """分别…a、b: names listed before the figures, or the indicators just stated."""
        count = len(figure.values)
        if len(gap.subjects) == 1 and count > 1:
            # "营收和税收分别增长…": a two-item list may be joined by 和/及/与 instead of 、.
            names = tuple(_clean_subject(n) for n in re.split("和|及|与", gap.subjects[0]))
            if len(names) == count and all(_is_subject(n) for n in names):
                gap = _Gap(names, gap.scope)
        if len(gap.subjects) == count:
            drafts = [self._new_draft(name, gap.scope, gap_start) for name in gap.subjects]
        elif not gap.subjects and not gap.unreadable:
            open_drafts = [d for d in self.drafts if d.free(figure.kind)]
            drafts = open_drafts[-count:] if len(open_drafts) >= count else []
        else:
            drafts = []
        if not drafts:
            self.left_over.append(figure)
            return
        for draft, value in zip(drafts, figure.values, strict=True):
            self._give(draft, figure, value)

    def _draft_for(self, subject: str, scope: str, kind: str, pos: int) -> _Draft:
        current = self.current
        if current is not None and current.subject == subject and current.free(kind):
            return current
        return self._new_draft(subject, scope, pos)

    def _new_draft(self, subject: str, scope: str, pos: int) -> _Draft:
        if scope:
            self.scope = scope
        draft = _Draft(subject, scope or self.scope or self.context_scope, pos, pos)
        self.drafts.append(draft)
        self.current = draft
        return draft

    def _give(self, draft: _Draft, figure: _Figure, value: _Value) -> None:
        draft.values[figure.kind] = value
        draft.last_pos = max(draft.last_pos, figure.end)
        draft.confirmed = draft.confirmed or figure.confirms
        if figure.share_of:
            draft.share_of = figure.share_of

    # -- results

    def claims(self) -> list[Claim]:
        return [self._claim(d) for d in self.drafts if d.confirmed]

    def _claim(self, draft: _Draft) -> Claim:
        found = _Found(
            draft.subject,
            {kind: value.amount for kind, value in draft.values.items()},
            {kind: self.sentence.lines[value.pos] for kind, value in draft.values.items()},
            self._period(draft),
            scope=draft.scope,
            share_of=draft.share_of,
            columns={
                kind: self.sentence.columns[value.pos] for kind, value in draft.values.items()
            },
        )
        return _make_claim(self.sentence, found)

    def _period(self, draft: _Draft) -> _Period | None:
        """A period inside the claim's own words, else the last one stated before it."""
        inside = [p for p in self.periods if draft.first_pos <= p.pos < draft.last_pos]
        before = [p for p in self.periods if p.pos < draft.first_pos]
        if inside:
            return inside[0]
        return before[-1] if before else None

    def unmatched(self) -> Unmatched | None:
        """The sentence, if any figure it states was not given to a claim."""
        placed = {value.pos for d in self.drafts if d.confirmed for value in d.values.values()}
        skipped = [(f.start, f.end) for f in self.not_computed]
        missing = [
            self.work[m.start("num") : m.end()].strip()
            for m in _PCT_RE.finditer(self.work)
            if m.start("num") not in placed and not any(a <= m.start() < b for a, b in skipped)
        ]
        for figure in self.left_over:
            if figure.must_report:
                missing += [self._show(v) for v in figure.values if v.pos not in placed]
        missing += self._stray_percentages()
        if missing:
            shown = "、".join(dict.fromkeys(missing))
            return Unmatched(self.sentence.line, self.sentence.text, f"未能确定{shown}对应的指标")
        if (
            not self.claims()
            and not _SUMMARY_RE.match(self.work)
            and re.search("目标|任务|完成", self.work)
            and with_units(_QTY_RE, self.names.units).search(self.work)
        ):
            return Unmatched(self.sentence.line, self.sentence.text, "含目标/完成数字，但未能识别")
        return None

    def _stray_percentages(self) -> list[str]:
        """Percent signs, ‰ and 百分之/百分点 that no figure expression took: 60.4⁹%, 605.0‰,
        百分之六十点四九 are never dropped without a word."""
        covered = [*self.spans, *((m.start(), m.end()) for m in _PCT_RE.finditer(self.work))]
        stray = []
        parse = self.sentence.parse
        for m in _PERCENT_WORD_RE.finditer(self.work):
            if any(a <= m.start() < b for a, b in covered) or not _states_a_number(parse, m):
                continue
            start = max(0, m.start() - 10)
            clause = max(parse.rfind(sep, start, m.start()) for sep in ",;、")
            end = m.end()
            while (
                end < len(parse)
                and end - m.end() < _LONGEST_NUMERAL
                and parse[end] in _CHINESE_NUMERALS
            ):
                end += 1  # 百分之六十点四九
            stray.append(parse[max(start, clause + 1) : end].strip())
        return stray

    def _show(self, value: _Value) -> str:
        amount = value.amount
        assert isinstance(amount, Quantity)  # only 目标/完成 amounts are must_report
        return f"{amount.value}{amount.unit}"


def _read_sentence(
    sentence: _Sentence, names: Names = NO_NAMES
) -> tuple[list[Claim], list[Unmatched]]:
    if _is_english(sentence.parse):
        return _read_english(sentence, names)
    work, periods = _mask_periods(sentence.parse)
    builder = _ClaimBuilder(sentence, work, periods, names)
    readers = readers_for(names.units)
    for start, end in _clauses(work):
        if start and work[start - 1] == ";":
            builder.scope = ""  # a clause after "；" starts a new subject, org included
        pos = start
        finder = _FigureFinder(work, end, readers)
        while (figure := finder.next(pos)) is not None:
            builder.place(figure, pos, work[pos : figure.start])
            for same_expression in figure.then:
                builder.place(same_expression, figure.start, "")
            pos = figure.end
    unmatched = builder.unmatched()
    notes = [
        Unmatched(
            sentence.line,
            sentence.text,
            not_computed=figure.share_of or sentence.parse[figure.start : figure.end],
        )
        for figure in builder.not_computed
    ]
    return builder.claims(), notes + ([unmatched] if unmatched else [])
