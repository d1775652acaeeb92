"""Find the figures a draft bulletin states, so a later step can check them against the data.

``extract_claims`` reads bulletin text (plain text or Markdown, in the style of the published
成绩单) and returns one ``Claim`` per indicator it states figures for — annual target,
year-to-date actual, completion rate, year-on-year growth, share — with the line each came
from.  A sentence that states a percentage or a 目标/完成 figure but cannot be read is
returned as ``Unmatched``: a fact-checker must never pass a figure it did not look at.

Pure: stdlib only, no I/O.  The work happens in four steps:

1. each character is normalised (NFKC, but never so that a new digit appears) and Markdown
   markers are dropped, every character remembering its source line;
2. lines are joined into sentences, including soft-wrapped lines and a figure broken from
   its unit by a stray blank line ("完成714" / "" / "家,…");
3. each sentence is split into comma clauses, period words (1-6月, 上半年 …) are noted and
   blanked out, and figure expressions are found in reading order;
4. figures are given to indicators: a figure with words before it names a new indicator,
   one without continues the current indicator, and a 分别 list is shared out in order.

A Markdown table whose header has an 指标 column (as ``kpi report --format markdown``
writes) gives one claim per row, its columns recognised by their headers.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal

from gongshu_kpi.core.display import ENGLISH_UNIT_WORDS

__all__ = ["Claim", "Names", "Quantity", "Unmatched", "extract_claims"]


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class Quantity:
    """A stated amount: the number exactly as written and the unit text right after it."""

    value: Decimal  # "25.80" -> Decimal("25.80"): the exponent is kept
    unit: str  # "亿元", "家", "万美元" …; "" when no unit is written


@dataclass(frozen=True)
class Claim:
    """The figures one sentence states for one indicator."""

    line: int  # 1-based line where the sentence starts
    text: str  # the sentence, whitespace collapsed, Markdown markers removed
    subject: str  # the indicator name as written, e.g. "主营业务收入"
    target: Quantity | None  # stated annual target
    period_end: int | None  # N of 1-N月; 上半年 6, 前三季度 9, 一季度 3, 全年 12
    actual: Quantity | None  # stated year-to-date actual
    rate: Decimal | None  # completion rate in percent, as written
    growth: Decimal | None  # year-on-year growth in percent; 下降 negative, 持平 0
    share: Decimal | None  # share (占…%) in percent
    rate_line: int | None  # line of the rate figure (else the growth, else the share figure)
    scope: str = ""  # who the figure is for when the sentence says so: "4个省级特色小镇"
    share_of: str = ""  # the whole a share is of: "全区十大产业平台"
    target_line: int | None = None  # line of the target figure
    actual_line: int | None = None  # line of the actual figure
    growth_target: Decimal | None = None  # 年度目标增长8%: a growth-rate target, in percent
    growth_times: Decimal | None = None  # 增长1.2倍, as written (compared at its own places)
    pace: Decimal | None = None  # 超/落后序时进度X个百分点, signed (落后 negative)
    pace_status: int | None = None  # 超序时 1, 达序时 0, 落后序时 -1 (stated with or without X)
    growth_gap: Decimal | None = None  # 高于/低于目标增速X个百分点, signed
    own_month: bool = False  # the actual is the month's own amount (3月完成…, 当月…)
    not_computed: tuple[str, ...] = ()  # figure kinds kpi does not compute (两年平均, 环比)
    ranks: tuple[tuple[str, int], ...] = ()  # (where, rank): 全市排名第四 -> ("全市", 4)
    projection: Quantity | None = None  # 预计全年839.44亿元
    cap_used: Decimal | None = None  # 占控制额度的Z%: a cap's share used (lower is better)
    lines: tuple[tuple[str, int], ...] = ()  # (figure kind, line) for every stated figure
    columns: tuple[tuple[str, int], ...] = ()  # (figure kind, 1-based column of its number)

    def line_of(self, kind: str) -> int:
        """The line a figure of this kind was stated on (the sentence's line otherwise)."""
        return dict(self.lines).get(kind, self.line)

    def column_of(self, kind: str) -> int | None:
        return dict(self.columns).get(kind)


@dataclass(frozen=True)
class Names:
    """The names the data knows: a bulletin's words are split into org and indicator by
    these exact names, never by what a word ends with."""

    orgs: frozenset[str] = frozenset()  # orgs.yaml names, groups and root; 填报单位 values
    indicators: frozenset[str] = frozenset()  # indicator names, ids and aliases
    rank_scopes: frozenset[str] = frozenset()  # where ranks.yaml's ranks are from: 全市, 同城组


@dataclass(frozen=True)
class Unmatched:
    """A sentence stating a percentage or a 目标/完成 figure that could not be read."""

    line: int
    text: str
    reason: str = ""  # which figure was left over, in the bulletin's language
    not_computed: str = ""  # a figure kind kpi does not compute (两年平均, 环比): a note


# --------------------------------------------------------------------------- patterns

# A number as written.  A comma is a thousands separator only inside a valid grouping
# ("66,836.9"); the reference bulletin also uses "," between clauses, so
# "419.72亿元,完成率" and "714,完成率" must stay apart.  Numbers glued to letters or "/" are
# codes (GS1103-03-01, B1/B2), not figures.
# Lengths are bounded (no figure has more than 24 digits before its point), so a run such as
# "111,111,…" or "1111…" costs the same at every position: matching stays linear.
_NUM = (
    r"(?<![A-Za-z0-9_/])(?<!\d\.)(?:\d{1,3}(?:,\d{3}){1,7}(?!,\d{3})|\d{1,24})(?:\.\d{1,12})?"
    r"(?!\d|\.\d)"
)

# Magnitude prefixes and base units, longest first (as in core/units.py, kept local so this
# module stays free of imports).  "个" is not a unit in "个百分点".
_MAGNITUDE = "万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千|百"
_BASE_UNIT = (
    "美元|欧元|港元|日元|人民币|元|平方公里|平方米|公顷|亩|千瓦时|吨|人次|个(?!百分点)"
    "|家|项|人|户|件|台|辆|套|次|栋|幢|宗|座|所|条|块|间|张|名|位|笔|批|场"
)
_UNIT = rf"(?:(?:{_MAGNITUDE})?(?:{_BASE_UNIT})|(?:{_MAGNITUDE}))"
_QTY = rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT})"
_QTY_OPT_UNIT = rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?"

_PCT = rf"-?{_NUM}\s*%"
_PCT_LIST = rf"{_PCT}(?:\s*(?:、|和|及|与)\s*{_PCT})*"

# What may follow an actual: the end of the clause or the start of the next figure.  Without
# this, "13个项目开工" would read as a figure for whatever words stood before it.
_END = r"(?=\s*(?:$|[、;。!?.()]|同比|比上年|比去年|较上年|较去年|完成|增长|下降|占|分别))"

# Year-on-year comparisons.  环比 (month-on-month) is deliberately absent.
_YOY = "同比|比上年同期|比去年同期|较上年同期|较去年同期|比上年|比去年|较上年|较去年"
_UP = "增长|增加|上升|提高|提升"
_DOWN = "下降|减少|降低|下滑|回落"

# Words that end a subject written between a verb and its number (实现主营业务收入419.72亿元).
# Such a subject is at most 30 characters, which also keeps the search linear in long clauses.
_KEYWORD = "目标|任务|计划|完成|实现|同比|增长|下降|占|率|分别|比上年|较上年"
_SUBJECT_CHAR = rf"(?:(?!{_KEYWORD})[^\d%,;。、])"
_VERB = "累计完成|累计实现|完成了|完成|实现了|实现|达到了|达到|共计|合计"

_TARGET_RE = re.compile(
    rf"(?:(?:年度|全年)(?:目标任务|目标值|目标|任务|计划)|目标任务|目标值|目标|任务)数?"
    rf"\s*(?:确定为|定为|为|是|:)?\s*{_QTY_OPT_UNIT}{_END}"
)
_TARGET_LEAD_RE = re.compile(  # 目标任务新增企业100家: the name after the target word
    rf"(?:年度|全年)?(?:目标任务|目标值|目标|任务)(?:为|是|:)?"
    rf"(?P<subject>{_SUBJECT_CHAR}{{2,30}}?)\s*{_QTY}{_END}"
)
_RATE_OF_TARGET_RE = re.compile(  # 完成年度目标任务869家的82.16%: target and rate together
    rf"(?:完成|达到|占|为|是)了?(?:全年|年度)?(?:目标任务|目标|任务|计划)\s*{_QTY_OPT_UNIT}"
    rf"\s*的\s*(?P<values>{_PCT})"
)
_RATE_RE = re.compile(
    r"(?:分别)?(?:(?:(?:年度|全年)?(?:目标|任务))?完成率"
    r"|(?:完成|达到|占|为|是)了?(?:全年|年度)?(?:目标任务|目标|任务|计划)数?的?)"
    rf"(?:分别)?(?:为|达到|达|是)?\s*(?P<values>{_PCT_LIST})"
)
_GROWTH_RE = re.compile(
    rf"(?:分别)?(?:{_YOY})?(?:分别)?(?<!环比)(?:(?P<up>{_UP})|(?P<down>{_DOWN}))了?"
    rf"(?:分别)?(?:为|达)?\s*(?P<values>{_PCT_LIST})"
)
_GROWTH_SHORT_RE = re.compile(  # 同比增11.1% / 同比降3.2%: the one-character verbs need 同比
    rf"(?:分别)?(?:{_YOY})(?:分别)?(?:(?P<up>增)|(?P<down>减|降))\s*(?P<values>{_PCT_LIST})"
)
_GROWTH_WORD_RE = re.compile(
    rf"(?:分别)?(?:同比)?(?:(?P<up>增幅|增速)|(?P<down>降幅))(?:分别)?(?:为|达到|达|是)?"
    rf"\s*(?P<values>{_PCT_LIST})"
)
_GROWTH_TIMES_RE = re.compile(rf"(?:{_YOY})?(?:增长|增加|提高)了?\s*(?P<num>{_NUM})\s*倍")
_GROWTH_TARGET_RE = re.compile(  # 年度目标增长8% / 全年增长目标8%: the target is a growth rate
    rf"(?:年度|全年)?(?:目标(?:增长|增速|增幅)|增速目标|增长目标)(?:为|是|达到|达)?"
    rf"\s*(?P<values>{_PCT})"
)
# Pace against time progress: 超序时进度2.47个百分点, 落后时间进度5个百分点, 超序时, 达序时.
_PACE_AHEAD = "超过|超出|高于|快于|领先|超"
_PACE_BEHIND = "落后于|落后|低于|慢于"
_PACE_ON = "达到|符合|达"
_PACE_RE = re.compile(
    rf"(?:(?P<up>{_PACE_AHEAD})|(?P<down>{_PACE_BEHIND})|(?P<on>{_PACE_ON}))"
    rf"(?:序时(?:进度)?|时间进度)"
    rf"(?:\s*(?P<num>{_NUM})\s*个?百分点|\(相差\s*{_NUM}\s*个?百分点\))?"
)
# 全市排名第四 / 同城组排名第2位: the place is read from the words just before 排名.
_RANK_RE = re.compile(r"排名第\s*(?P<rank>\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:位|名)?")
_PROJECTION_RE = re.compile(  # 按当前进度预计全年839.44亿元 (全年 is masked as a period)
    rf"预计\s*(?:全年)?\s*(?:可?完成|可?达到?|为)?\s*{_QTY}{_END}"
)
# A cap (lower is better): 控制在50万吨以内，1-6月已使用20万吨，占控制额度的40.00%.
_CAP_RE = re.compile(rf"控制在\s*{_QTY}\s*(?:以内|以下|之内)")
_CAP_USED_RE = re.compile(rf"(?:已使用|已用|使用了?|用去)\s*{_QTY}{_END}")
_CAP_SHARE_RE = re.compile(
    rf"占(?:年度)?(?:控制额度|控制目标|控制指标|额度|上限)的?(?:为|是)?\s*(?P<values>{_PCT})"
)
_GROWTH_GAP_RE = re.compile(  # 高于目标增速1.2个百分点 / 与目标增速持平
    rf"(?:(?P<up>高于|超过|超出|超)|(?P<down>低于|落后于|落后))(?:年度)?目标(?:增速|增幅)"
    rf"\s*(?P<num>{_NUM})\s*个?百分点|(?P<flat>(?:与|和)目标增速持平|达到目标增速)"
)
# Figure kinds kpi does not compute: stated, and reported as such, never read as another kind.
_NOT_COMPUTED_RE = re.compile(
    rf"(?P<what>两年平均|环比)(?:增长|增速|增幅|下降|提高|回落|减少)?了?(?:为|达)?"
    rf"\s*-?{_NUM}\s*%"
    rf"|(?:增速|增幅)比(?P<base>[^\d,;。]{{1,8}}?)(?:提高|回落|加快|放缓|下降|上升|收窄|扩大)了?"
    rf"\s*{_NUM}\s*个?百分点"
)
_GROWTH_FLAT_RE = re.compile(rf"(?:{_YOY}|与上年同期|与去年同期|与上年|与去年)(?:基本)?持平")
_SHARE_RATIO_RE = re.compile(
    rf"(?:分别)?(?:占比|比重)(?:分别)?(?:为|达到|达|是)?\s*(?P<values>{_PCT_LIST})"
)
_SHARE_RE = re.compile(
    r"(?:分别)?占(?P<whole>(?:(?!目标|任务|计划|比重|比例|分别)[^\d%,;。、]){0,30}?)的?"
    rf"(?:比重|比例)?(?:分别)?(?:为|达到|达|是)?\s*(?P<values>{_PCT_LIST})"
)
_ACTUAL_VERB_RE = re.compile(
    rf"(?P<verb>{_VERB})(?P<subject>{_SUBJECT_CHAR}{{0,30}}?)\s*{_QTY_OPT_UNIT}{_END}"
)
_ACTUAL_NOUN_RE = re.compile(  # 1-7月完成13个项目: a counted noun after the unit
    rf"(?P<verb>累计完成|完成)\s*{_QTY}[\u4e00-\u9fff]{{1,4}}?{_END}"
)
_ACTUAL_BARE_RE = re.compile(rf"{_QTY}{_END}")  # 特色产业企业259家

_NUM_RE = re.compile(_NUM)
_GROUPED_NUM_RE = re.compile(rf"(?=\d{{1,3}},\d{{3}}){_NUM}")  # only numbers with a "," in them
_CLAUSE_CUT_RE = re.compile("[,;]")
_CJK_RE = re.compile("[\u2e80-\u9fff]")
# A clause without a digit states a figure only in these words (持平, 超序时 …).
_FIGURE_WITHOUT_DIGIT_RE = re.compile("持平|序时|时间进度|目标增速|排名第")
_PERCENT_WORD_RE = re.compile("%|‰|百分之|百分点")
_CHINESE_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万点")


def _states_a_number(parse: str, m: re.Match[str]) -> bool:
    """A percent word with a number at it (60.4⁹%, 2个百分点, 百分之六十), not 差值（百分点）."""
    if m.group() == "百分之":
        following = parse[m.end() : m.end() + 1]
        return bool(following) and (following.isdigit() or following in _CHINESE_NUMERALS)
    before = parse[max(0, m.start() - 2) : m.start()].replace("个", "").strip()
    return bool(before) and (before[-1].isdigit() or before[-1] in _CHINESE_NUMERALS)


_PCT_RE = re.compile(rf"(?P<sign>-)?(?P<num>{_NUM})\s*%")
_QTY_RE = re.compile(_QTY)

# Period words.  "全年" is a period only when it is not the start of 全年目标 / 全年任务.
_PERIOD_RE = re.compile(
    r"(?<!\d)1\s*[-~—–―〜至]\s*(?P<month>1[0-2]|[1-9])\s*月份?"
    r"|(?<![\d-])(?P<january>1)月(?!\d)"  # kpi's own label for January alone
    r"|截至\s*(?P<month_end>1[0-2]|[1-9])\s*月(?:底|末)"
    r"|前\s*(?P<first_months>1[0-2]|[1-9])\s*个?月"
    r"|(?P<half>上半年)|(?P<three_quarters>前三季度)|(?P<quarter>第?一季度|1季度)"
    r"|(?P<year>全年)(?!目标|任务|计划|增长目标|增速目标)"
    r"|(?P<own_current>当月|本月)"
    # 3月完成7.9亿元: the month's own amount; 3月20日 is a date, 1月 alone is kpi's label.
    r"|(?<![\d\-~—–―〜至])(?P<own>1[0-2]|[2-9])\s*月份?(?![\d底末])"
)
_PERIOD_WORD_MONTHS = {"half": 6, "three_quarters": 9, "quarter": 3, "year": 12, "january": 1}
_OWN_MONTH_WORDS = frozenset({"own", "own_current"})

# Subject clean-up: time and linking words before a name, verbs and particles after it.
_LEADING_FILLER_RE = re.compile(
    r"^(?:今年以来|年初以来|截至目前|今年|本年|当年|目前|据悉|据了解|据统计|其中|此外|同时"
    r"|另外|以及|并且|而且|首先|其次|最后|[一二三四五六七八九十]是|全年|和|及|约|、|:)+"
)
_TRAILING_FILLER_RE = re.compile(r"(?:分别|共计|合计|累计|共|达到|达|为|是|约|:|的)+$")
_LEADING_VERB_RE = re.compile(r"^(?:累计|实现了?|完成了?|共计|共)")
_SUBJECT_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9()·+\-]{2,30}$")
_NOT_SUBJECTS = frozenset({"上年同期", "去年同期", "同期", "上年", "去年", "本月", "当月", "累计"})

# Line structure (matched after normalisation).
_RULE_RE = re.compile(r"^\s*([-*_=])(?:\s*\1){2,}\s*$")  # ---, ***, === : thematic breaks
_BOLD_RE = re.compile(r"\*\*|__")
_LINE_MARKER_RE = re.compile(
    r"""^\s*(?:>\s*)*
    (?:
        (?P<heading>\#{1,6})\s*
      | (?P<item>
            [◎●○■□▲△◆◇•·※★☆►▶]\s*
          | [-*+](?=\s|[^\x00-\x7f])\s*
          | \d{1,2}[.)、](?!\d)\s*
          | \(\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*\)\s*
          | [\u2460-\u2473\u2776-\u277f]\s*
          | [一二三四五六七八九十]{1,3}、\s*
        )
    )?""",
    re.VERBOSE,
)
_TABLE_ROW_RE = re.compile(r"^\s*(?:>\s*)*\|")
_TABLE_RULE_RE = re.compile(r"^:?-+:?$")
_TERMINATORS = frozenset("。!?")  # "；" only separates clauses, like "，"
_CLOSERS = frozenset("”’\"')」』】")
# A line after a blank line continues the sentence only when the sentence visibly broke off
# mid-figure or mid-clause, as in the reference ("1-7月完成714" / "" / "家,完成率82.16%。").
_OPEN_ENDINGS = frozenset("0123456789.,、:(")
_CONTINUED_STARTS = frozenset(",、。;%)")
# NFKC would turn these into other characters that matter here; map them deliberately.
_CHAR_FIXES = {"\u2212": "-", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": ""}


# --------------------------------------------------------------------------- step 1: characters


@dataclass(slots=True)
class _Char:
    """One normalised character, what to show for it, and the line it came from."""

    norm: str  # one character, or "" when it is left out of the parsed text
    src: str  # the original character(s), for Claim.text
    line: int
    col: int = 0  # 1-based column of the original character in its line


@dataclass(frozen=True)
class _Line:
    number: int
    kind: str  # "blank", "break", "heading", "item" (◎, -, 1. …), "table" (| …) or "text"
    chars: list[_Char]
    level: int = 0  # a heading's level (# 1 … ###### 6); 7 for a bold or numbered title line


@functools.lru_cache(maxsize=4096)
def _normalise_char(ch: str) -> str:
    """NFKC-fold one character, unless folding would create a digit from a non-digit."""
    if ch in _CHAR_FIXES:
        return _CHAR_FIXES[ch]
    folded = unicodedata.normalize("NFKC", ch)
    # ① ² ㎡ fold to "1", "2", "m2": a list number or a unit must not become a figure.
    # Full-width digits (０-９) fold to plain digits, which is what we want.
    if folded != ch and not ("０" <= ch <= "９") and any(c.isdigit() for c in folded):
        return ch
    return folded


# A percent sign written as an HTML entity is a percent sign (60.49&#37;).
_PERCENT_ENTITIES = ("&#37;", "&#x25;", "&#X25;", "&percnt;")


def _normalise(raw: str, number: int) -> list[_Char]:
    if "&" in raw or "\\" in raw:
        return _normalise_marked(raw, number)
    # The common case, in one tight pass (the fact-check's cost is per character).
    chars: list[_Char] = []
    append, fold = chars.append, _normalise_char
    for col, ch in enumerate(raw, 1):
        folded = fold(ch)
        if len(folded) == 1:
            append(_Char(folded, ch, number, col))
        else:
            for k, piece in enumerate(folded):
                append(_Char(piece, ch if k == 0 else "", number, col))
    return chars


def _normalise_marked(raw: str, number: int) -> list[_Char]:
    """_normalise for a line with HTML entities or Markdown escapes in it."""
    chars: list[_Char] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "&" and (
            entity := next((e for e in _PERCENT_ENTITIES if raw.startswith(e, i)), "")
        ):
            chars.append(_Char("%", entity, number, i + 1))
            i += len(entity)
            continue
        if ch == "\\" and i + 1 < len(raw) and raw[i + 1] in "%.,*_#|-+()[]":
            # A Markdown escape (60.49\\%): the backslash is markup, the character is text.
            chars.append(_Char("", ch, number, i + 1))
            i += 1
            continue
        folded = _normalise_char(ch)
        for k, piece in enumerate(folded):
            chars.append(_Char(piece, ch if k == 0 else "", number, i + 1))
        i += 1
    return chars


def _plain(chars: list[_Char]) -> str:
    return "".join(c.norm for c in chars)


def _read_line(raw: str, number: int) -> _Line:
    """Normalise a line, drop its Markdown markers and say what kind of line it is."""
    chars = _normalise(raw, number)
    plain = _plain(chars)
    if not plain.strip():
        return _Line(number, "blank", [])
    if _RULE_RE.match(plain):
        return _Line(number, "break", [])
    bold = {i for m in _BOLD_RE.finditer(plain) for i in range(m.start(), m.end())}
    chars = [c for i, c in enumerate(chars) if i not in bold]
    table = _TABLE_ROW_RE.match(_plain(chars))
    if table:
        return _Line(number, "table", chars[table.end() - 1 :])
    marker = _LINE_MARKER_RE.match(_plain(chars))
    kind, level = "text", 0
    if marker and marker.group("heading"):
        kind, level = "heading", len(marker.group("heading"))
    elif marker and marker.group("item"):
        kind = "item"
    numbered = bool(
        marker and marker.group("item") and marker.group("item")[0] not in "◎●○■□▲△◆◇•·※★☆►▶-*+"
    )
    chars = chars[marker.end() if marker else 0 :]
    first = next((i for i, c in enumerate(chars) if not c.norm.isspace()), len(chars))
    chars = chars[first:]
    whole_bold = plain.strip().startswith(("**", "__")) and plain.strip().endswith(("**", "__"))
    if not level and (numbered or whole_bold) and _is_title(_plain(chars)):
        kind, level = "heading", 7
    return _Line(number, kind, chars, level)


def _is_title(text: str) -> bool:
    """A short line of words alone (一、固定资产投资 / **杭钢新城**): a title, not a sentence."""
    words = text.strip()
    return 0 < len(words) <= 24 and not any(ch.isdigit() or ch in ",;。:!?%" for ch in words)


# --------------------------------------------------------------------------- step 2: sentences


@dataclass(frozen=True)
class _Sentence:
    parse: str  # normalised text the patterns run on
    lines: tuple[int, ...]  # source line of each character of `parse`
    text: str  # for display: original characters, whitespace collapsed
    line: int  # where the sentence starts
    context: tuple[str, ...] = ()  # the headings it stands under, outermost first
    columns: tuple[int, ...] = ()  # source column of each character of `parse`


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _visible(chars: list[_Char]) -> list[_Char]:
    return [c for c in chars if c.norm and not c.norm.isspace()]


@dataclass(frozen=True)
class _Table:
    """A Markdown table: its rows, each a list of characters starting at the first "|"."""

    rows: list[list[_Char]] = field(default_factory=list)


class _SentenceSplitter:
    """Joins lines into sentences, cutting at 。!?; and at Markdown block boundaries."""

    def __init__(self) -> None:
        self.blocks: list[list[_Char] | _Table] = []  # sentences and tables, in text order
        self.contexts: list[tuple[str, ...]] = []  # the headings above each block
        self._pending: list[_Char] = []
        self._after_blank = False
        self._table: _Table | None = None
        self._headings: list[tuple[int, str]] = []  # (level, text), outermost first

    def _emit(self, block: list[_Char] | _Table) -> None:
        self.blocks.append(block)
        self.contexts.append(tuple(text for _, text in self._headings))

    def _enter_heading(self, line: _Line) -> None:
        """A heading is the context of what follows, until one of the same or higher level."""
        while self._headings and self._headings[-1][0] >= line.level:
            self._headings.pop()
        self._headings.append((line.level, re.sub(r"\s+", "", _plain(line.chars))))

    def add(self, line: _Line) -> None:
        if line.kind == "table":
            self.flush()
            if self._table is None:
                self._table = _Table()
                self._emit(self._table)
            self._table.rows.append(line.chars)
            return
        self._table = None
        if line.kind == "blank":
            self._after_blank = True
            return
        starts_block = line.kind in ("heading", "item", "break")
        if starts_block or (self._after_blank and not self._continues(line.chars)):
            self.flush()
        if line.level:
            self._enter_heading(line)
        self._after_blank = False
        self._append(line.chars)
        if line.kind == "heading":  # a heading never runs into the paragraph below it
            self.flush()

    def flush(self) -> None:
        if _visible(self._pending):
            self._emit(self._pending)
        self._pending = []

    def _continues(self, chars: list[_Char]) -> bool:
        before, after = _visible(self._pending), _visible(chars)
        if not before or not after:
            return True
        return before[-1].norm in _OPEN_ENDINGS or after[0].norm in _CONTINUED_STARTS

    def _append(self, chars: list[_Char]) -> None:
        before, after = _visible(self._pending), _visible(chars)
        if before and after and _is_latin(before[-1].norm) and _is_latin(after[0].norm):
            # Latin words wrapped over lines keep a space; Chinese text joins directly.
            self._pending.append(_Char(" ", " ", before[-1].line, before[-1].col))
        self._pending.extend(chars)
        self._cut_sentences()

    def _cut_sentences(self) -> None:
        """Cut every finished sentence off the pending text, in one pass."""
        pending = self._pending
        start = i = 0
        while i < len(pending):
            if self._ends_sentence(i):
                j = i + 1
                while j < len(pending) and pending[j].norm in _CLOSERS:
                    j += 1
                sentence = pending[start:j]
                if _visible(sentence):
                    self._emit(sentence)
                start = i = j
            else:
                i += 1
        self._pending = pending[start:]

    def _ends_sentence(self, i: int) -> bool:
        ch = self._pending[i].norm
        if ch in _TERMINATORS:
            return True
        # "." ends a sentence (a folded "．" or "…"), except as a decimal point.
        following = self._pending[i + 1].norm if i + 1 < len(self._pending) else ""
        return ch == "." and not following.isdigit()


def _finish_sentence(chars: list[_Char], context: tuple[str, ...] = ()) -> _Sentence:
    """Build the parse text (spaces next to Chinese dropped) and the display text."""
    start = next((i for i, c in enumerate(chars) if c.norm.strip()), len(chars))
    chars = chars[start:] or chars[-1:]
    # The next visible character after each position, found in one backward pass.
    following = [""] * (len(chars) + 1)
    for i in range(len(chars) - 1, -1, -1):
        norm = chars[i].norm
        following[i] = norm if norm and not norm.isspace() else following[i + 1]
    parse: list[str] = []
    lines: list[int] = []
    columns: list[int] = []
    for i, c in enumerate(chars):
        if not c.norm:
            continue
        if c.norm.isspace():
            prev = chars[i - 1].norm if i else ""
            nxt = following[i + 1]
            # Keep one space only between two ASCII characters ("Robo Master", "714 %").
            if not (prev.isascii() and prev and not prev.isspace() and nxt.isascii() and nxt):
                continue
            c = _Char(" ", c.src, c.line, c.col)
        parse.append(c.norm)
        lines.append(c.line)
        columns.append(c.col)
    text = re.sub(r"\s+", " ", "".join(c.src for c in chars)).strip()
    return _Sentence("".join(parse), tuple(lines), text, chars[0].line, context, tuple(columns))


def _split_blocks(text: str) -> list[_Sentence | _Table]:
    """The text as sentences and Markdown tables, in order."""
    splitter = _SentenceSplitter()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for number, raw in enumerate(text.split("\n"), start=1):
        splitter.add(_read_line(raw, number))
    splitter.flush()
    return [
        b if isinstance(b, _Table) else _finish_sentence(b, context)
        for b, context in zip(splitter.blocks, splitter.contexts, strict=True)
    ]


# --------------------------------------------------------------------------- step 3: figures


@dataclass(frozen=True)
class _Value:
    amount: Decimal | Quantity
    pos: int  # offset of the number in the sentence


@dataclass(frozen=True)
class _Figure:
    """One figure expression found in a clause, before it is given to an indicator."""

    kind: str  # "target", "actual", "rate", "growth" or "share"
    start: int
    end: int
    values: tuple[_Value, ...]
    subject_text: str = ""  # words between a verb and its number: 实现「主营业务收入」419.72亿元
    confirms: bool = True  # False for a bare "name + number", which needs another figure
    must_report: bool = False  # a 目标/完成 amount that may not go unreported
    share_of: str = ""
    then: tuple[_Figure, ...] = ()  # figures stated in the same expression, placed after it


def _quantity(m: re.Match[str]) -> _Value:
    value = Decimal(m.group("num").replace(",", ""))
    return _Value(Quantity(value, m.group("unit") or ""), m.start("num"))


def _percentages(work: str, m: re.Match[str], sign: int = 1) -> tuple[_Value, ...]:
    values = []
    for p in _PCT_RE.finditer(work, m.start("values"), m.end("values")):
        value = Decimal(p.group("num").replace(",", ""))
        if p.group("sign"):
            value = -value
        values.append(_Value(-value if sign < 0 else value, p.start("num")))
    return tuple(values)


def _read_target(work: str, m: re.Match[str]) -> _Figure:
    return _Figure("target", m.start(), m.end(), (_quantity(m),), must_report=True)


def _read_target_lead(work: str, m: re.Match[str]) -> _Figure:
    value = (_quantity(m),)
    return _Figure("target", m.start(), m.end(), value, m.group("subject"), must_report=True)


def _read_actual_verb(work: str, m: re.Match[str]) -> _Figure:
    return _Figure(
        "actual",
        m.start(),
        m.end(),
        (_quantity(m),),
        subject_text=m.group("subject"),
        must_report="完成" in m.group("verb"),
    )


def _read_actual_noun(work: str, m: re.Match[str]) -> _Figure:
    return _Figure("actual", m.start(), m.end(), (_quantity(m),), must_report=True)


def _read_actual_bare(work: str, m: re.Match[str]) -> _Figure:
    return _Figure("actual", m.start(), m.end(), (_quantity(m),), confirms=False)


def _read_rate_of_target(work: str, m: re.Match[str]) -> _Figure:
    rate = _Figure("rate", m.start(), m.end(), _percentages(work, m))
    target = _read_target(work, m)
    return _Figure("target", m.start(), m.end(), target.values, must_report=True, then=(rate,))


def _read_rate(work: str, m: re.Match[str]) -> _Figure:
    return _Figure("rate", m.start(), m.end(), _percentages(work, m))


def _read_growth(work: str, m: re.Match[str]) -> _Figure:
    sign = -1 if m.group("down") else 1
    return _Figure("growth", m.start(), m.end(), _percentages(work, m, sign))


def _read_growth_times(work: str, m: re.Match[str]) -> _Figure:
    # 增长1.2倍 is kept as written: it is compared at its own places (1.2 for 2.205 - 1).
    value = Decimal(m.group("num").replace(",", ""))
    return _Figure("growth_times", m.start(), m.end(), (_Value(value, m.start("num")),))


def _read_growth_flat(work: str, m: re.Match[str]) -> _Figure:
    # 持平 states growth 0; the figure's position is that of the word 持平 itself.
    return _Figure("growth", m.start(), m.end(), (_Value(Decimal(0), m.end() - 2),))


def _read_growth_target(work: str, m: re.Match[str]) -> _Figure:
    return _Figure("growth_target", m.start(), m.end(), _percentages(work, m))


def _points(m: re.Match[str]) -> _Value | None:
    """X个百分点 signed by the word before it (高于/超 +, 低于/落后 −)."""
    if m.group("num") is None:
        return None
    value = Decimal(m.group("num").replace(",", ""))
    return _Value(-value if m.group("down") else value, m.start("num"))


def _read_pace(work: str, m: re.Match[str]) -> _Figure:
    status = 1 if m.group("up") else -1 if m.group("down") else 0
    status_value = (_Value(Decimal(status), m.start()),)
    points = _points(m) if status else None
    if points is None:
        return _Figure("pace_status", m.start(), m.end(), status_value)
    then = (_Figure("pace_status", m.start(), m.end(), status_value),)
    return _Figure("pace", m.start(), m.end(), (points,), then=then)


_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _rank_number(text: str) -> int:
    """4, 四, 十二, 二十四 -> int (ranks below 100)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CHINESE_DIGITS.get(tens, 1) * 10 + _CHINESE_DIGITS.get(ones, 0)
    return _CHINESE_DIGITS[text]


def _read_rank(work: str, m: re.Match[str]) -> _Figure:
    # The place (全市) is read by the builder from the words before the figure.
    value = _Value(Decimal(_rank_number(m.group("rank"))), m.start("rank"))
    return _Figure("rank", m.start(), m.end(), (value,))


def _read_cap_share(work: str, m: re.Match[str]) -> _Figure:
    return _Figure("cap_used", m.start(), m.end(), _percentages(work, m))


def _read_projection(work: str, m: re.Match[str]) -> _Figure:
    return _Figure("projection", m.start(), m.end(), (_quantity(m),))


def _read_growth_gap(work: str, m: re.Match[str]) -> _Figure:
    if m.group("flat"):
        return _Figure("growth_gap", m.start(), m.end(), (_Value(Decimal(0), m.start()),))
    points = _points(m)
    assert points is not None
    return _Figure("growth_gap", m.start(), m.end(), (points,))


def _read_not_computed(work: str, m: re.Match[str]) -> _Figure:
    # The 增速比一季度… form is named by its own words, read back from the unmasked text.
    return _Figure("not_computed", m.start(), m.end(), (), share_of=m.group("what") or "")


def _read_share(work: str, m: re.Match[str]) -> _Figure:
    whole = m.groupdict().get("whole") or ""
    return _Figure(
        "share", m.start(), m.end(), _percentages(work, m), share_of=re.sub(r"\s+", "", whole)
    )


# Tried at every position; the earliest match wins, ties go to the earlier reader here
# (so "完成率52%" is a rate, not 完成 + "率").
_READERS = (
    (_NOT_COMPUTED_RE, _read_not_computed),
    (_GROWTH_TARGET_RE, _read_growth_target),
    (_RATE_OF_TARGET_RE, _read_rate_of_target),
    (_RATE_RE, _read_rate),
    (_GROWTH_RE, _read_growth),
    (_GROWTH_SHORT_RE, _read_growth),
    (_GROWTH_WORD_RE, _read_growth),
    (_GROWTH_TIMES_RE, _read_growth_times),
    (_GROWTH_FLAT_RE, _read_growth_flat),
    (_GROWTH_GAP_RE, _read_growth_gap),
    (_RANK_RE, _read_rank),
    (_CAP_RE, _read_target),
    (_CAP_USED_RE, _read_actual_noun),
    (_CAP_SHARE_RE, _read_cap_share),
    (_PROJECTION_RE, _read_projection),
    (_PACE_RE, _read_pace),
    (_SHARE_RATIO_RE, _read_share),
    (_SHARE_RE, _read_share),
    (_TARGET_RE, _read_target),
    (_TARGET_LEAD_RE, _read_target_lead),
    (_ACTUAL_VERB_RE, _read_actual_verb),
    (_ACTUAL_NOUN_RE, _read_actual_noun),
    (_ACTUAL_BARE_RE, _read_actual_bare),
)


class _FigureFinder:
    """The next figure expression in a clause, each reader searched again only when its last
    match lies behind the reading position: a reader that found nothing finds nothing later,
    so a long clause costs each reader one pass, not one per figure."""

    def __init__(self, work: str, end: int) -> None:
        self.work = work
        self.end = end
        self.found: list[re.Match[str] | None] = []

    def _may_hold_a_figure(self, pos: int) -> bool:
        # Every reader needs a Chinese word or unit: "1 1 1 …" or "111,111" holds no figure.
        text = self.work[pos : self.end]
        if not _CJK_RE.search(text):
            return False
        return any(ch.isdigit() for ch in text) or bool(_FIGURE_WITHOUT_DIGIT_RE.search(text))

    def next(self, pos: int) -> _Figure | None:
        if not self.found and not self._may_hold_a_figure(pos):
            return None
        if not self.found:
            self.found = [p.search(self.work, pos, self.end) for p, _ in _READERS]
        best: tuple[int, int, re.Match[str]] | None = None
        for rank, (pattern, _) in enumerate(_READERS):
            m = self.found[rank]
            if m is not None and m.start() < pos:
                m = self.found[rank] = pattern.search(self.work, pos, self.end)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), rank, m)
        if best is None:
            return None
        _, rank, m = best
        return _READERS[rank][1](self.work, m)


def _next_figure(work: str, pos: int, end: int) -> _Figure | None:
    """The earliest figure expression at or after `pos` (ties: the earlier reader)."""
    return _FigureFinder(work, end).next(pos)


@dataclass(frozen=True)
class _Period:
    """A period word: where it stood, its month N (None for 当月), and whether it names the
    month's own amount (3月, 当月) rather than the year to date (1-3月)."""

    pos: int
    month: int | None
    own: bool = False


def _mask_periods(parse: str) -> tuple[str, list[_Period]]:
    """Blank out period words (so 1-6月 is not read as a figure) and note where they were."""
    periods: list[_Period] = []

    def blank(m: re.Match[str]) -> str:
        found = {name: value for name, value in m.groupdict().items() if value}
        name, value = next(iter(found.items()))
        month = _PERIOD_WORD_MONTHS.get(name) or (None if name == "own_current" else int(value))
        periods.append(_Period(m.start(), month, name in _OWN_MONTH_WORDS))
        return " " * len(m.group())

    return _PERIOD_RE.sub(blank, parse), periods


def _clauses(work: str) -> list[tuple[int, int]]:
    """Clauses split at "," and ";", not cutting inside a thousands-separated number."""
    grouped = {
        m.start() + k
        for m in _GROUPED_NUM_RE.finditer(work)
        for k, ch in enumerate(m.group())
        if ch == ","
    }
    bounds, start = [], 0
    for m in _CLAUSE_CUT_RE.finditer(work):
        if m.start() not in grouped:
            bounds.append((start, m.start()))
            start = m.start() + 1
    bounds.append((start, len(work)))
    return bounds


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
    if words.endswith("指标") and len(words) > 3:  # 营收、税收指标 -> 营收, 税收
        words = words[:-2]
    return words


def _is_subject(words: str) -> bool:
    return (
        bool(_SUBJECT_RE.match(words))
        and len(re.findall(r"[\u4e00-\u9fffA-Za-z]", words)) >= 2
        and "等" not in words
        and words not in _NOT_SUBJECTS
    )


_DISTRICT_PREFIX_RE = re.compile(r"^(?:我区|全区|本区|全市|我市|本市)")
_COUNT_PREFIX_RE = re.compile(r"\d+(?:个|家)")
_LIST_SEPARATORS_RE = re.compile("、|和|及|与")


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
        bare = first.removesuffix("指标") if len(first) > 3 else first
        if bare not in names.indicators:
            tail = max(
                (n for n in names.indicators if len(bare) - len(n) >= 2 and bare.endswith(n)),
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
        found = {n for n in known if len(n) >= 2 and n in text}
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
        if figure.kind == "not_computed":
            self.not_computed.append(figure)
            return
        if figure.kind == "rank":
            # 全市排名第四: the words before are where the rank is from, not a name.
            words = re.sub(r"\s+", "", gap_words)
            where = max(
                (w for w in self.names.rank_scopes if words.endswith(w)), key=len, default=""
            )
            figure = replace(figure, kind=f"rank:{where or words[-4:]}")
            gap_words = ""
        if figure.kind == "projection":
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
        return _make_claim(
            self.sentence,
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
            and re.search("目标|任务|完成", self.work)
            and _QTY_RE.search(self.work)
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
            while end < len(parse) and end - m.end() < 12 and parse[end] in _CHINESE_NUMERALS:
                end += 1  # 百分之六十点四九
            stray.append(parse[max(start, clause + 1) : end].strip())
        return stray

    def _show(self, value: _Value) -> str:
        amount = value.amount
        if isinstance(amount, Quantity):
            return f"{amount.value}{amount.unit}"
        return f"{amount}%"


def _make_claim(
    sentence: _Sentence,
    subject: str,
    amounts: dict[str, Decimal | Quantity],
    lines: dict[str, int],
    period: _Period | None,
    *,
    scope: str = "",
    share_of: str = "",
    not_computed: tuple[str, ...] = (),
    columns: dict[str, int] | None = None,
) -> Claim:
    """Freeze what was found for one indicator; `amounts` and `lines` are keyed by kind."""

    def quantity(kind: str) -> Quantity | None:
        amount = amounts.get(kind)
        assert amount is None or isinstance(amount, Quantity)
        return amount

    def percent(kind: str) -> Decimal | None:
        amount = amounts.get(kind)
        assert amount is None or isinstance(amount, Decimal)
        return amount

    status = percent("pace_status")
    ranks = tuple(
        (kind.removeprefix("rank:"), int(amount))
        for kind, amount in amounts.items()
        if kind.startswith("rank:") and isinstance(amount, Decimal)
    )
    return Claim(
        line=sentence.line,
        text=sentence.text,
        subject=subject,
        target=quantity("target"),
        period_end=None if period is None else period.month,
        actual=quantity("actual"),
        rate=percent("rate"),
        growth=percent("growth"),
        share=percent("share"),
        rate_line=next(
            (lines[k] for k in ("rate", "growth", "growth_times", "share") if k in lines), None
        ),
        scope=scope,
        share_of=share_of,
        target_line=lines.get("target"),
        actual_line=lines.get("actual"),
        growth_target=percent("growth_target"),
        growth_times=percent("growth_times"),
        pace=percent("pace"),
        pace_status=None if status is None else int(status),
        growth_gap=percent("growth_gap"),
        own_month=period is not None and period.own and "actual" in amounts,
        not_computed=not_computed,
        ranks=ranks,
        projection=quantity("projection"),
        cap_used=percent("cap_used"),
        lines=tuple(sorted(lines.items())),
        columns=tuple(sorted((columns or {}).items())),
    )


def _read_sentence(
    sentence: _Sentence, names: Names = Names()
) -> tuple[list[Claim], list[Unmatched]]:
    if _is_english(sentence.parse):
        return _read_english(sentence)
    work, periods = _mask_periods(sentence.parse)
    builder = _ClaimBuilder(sentence, work, periods, names)
    for start, end in _clauses(work):
        if start and work[start - 1] == ";":
            builder.scope = ""  # a clause after "；" starts a new subject, org included
        pos = start
        finder = _FigureFinder(work, end)
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


# --------------------------------------------------------------------------- English

# bulletin_en's wording: "* org: name: annual target 800 亿元; Jan-Jun actual 419.72 亿元;
# completion 52.47%; +11.1% year on year; +2.47 points against time progress."
_EN_KEYWORDS_RE = re.compile(
    r"\b(?:target|actual|completion|growth|year on year|points against|cap)\b"
)
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EN_PERIOD = rf"(?P<first>{'|'.join(_EN_MONTHS)})(?:\s*-\s*(?P<last>{'|'.join(_EN_MONTHS)}))?"
# Units as --lang en prints them ("100 million yuan", "firms"), read back as those units.
_EN_UNIT = "|".join(re.escape(words) for words in ENGLISH_UNIT_WORDS if words != "%")
_EN_FIELDS = (
    ("growth_target", re.compile(rf"^(?:annual )?target growth (?P<num>-?{_NUM})\s*%$")),
    (
        "target",
        re.compile(rf"^(?:annual )?target (?P<num>{_NUM})\s*(?P<unit>{_UNIT}|{_EN_UNIT}|%)?$"),
    ),
    (
        "actual",
        re.compile(
            rf"^(?:{_EN_PERIOD} )?actual (?P<num>-?{_NUM})\s*(?P<unit>{_UNIT}|{_EN_UNIT}|%)?$"
        ),
    ),
    ("rate", re.compile(rf"^completion(?: rate)? (?P<num>{_NUM})\s*%$")),
    # A cap (direction: lower): "cap 120 tonnes; Jan-Jun actual 54.3 tonnes; 45.27% of the cap used"
    ("target", re.compile(rf"^cap (?P<num>{_NUM})\s*(?P<unit>{_UNIT}|{_EN_UNIT})?$")),
    ("cap_used", re.compile(rf"^(?P<num>{_NUM})\s*% of the cap used$")),
    ("growth", re.compile(rf"^(?:{_EN_PERIOD} )?growth (?P<sign>[+-]?)(?P<num>{_NUM})\s*%$")),
    ("growth", re.compile(rf"^(?P<sign>[+-]?)(?P<num>{_NUM})\s*% year on year$")),
    ("pace", re.compile(rf"^(?P<sign>[+-]?)(?P<num>{_NUM}) points against time progress$")),
    (
        "growth_gap",
        re.compile(rf"^(?P<sign>[+-]?)(?P<num>{_NUM}) points against the target rate$"),
    ),
)


def _is_english(parse: str) -> bool:
    return bool(_EN_KEYWORDS_RE.search(parse))


def _read_english(sentence: _Sentence) -> tuple[list[Claim], list[Unmatched]]:
    """One claim from a bulletin_en line: "org: name:" then fields separated by ";"."""
    text = sentence.parse.rstrip(". ")
    head, _, fields_text = text.partition(";")
    names = [part.strip() for part in head.split(":")]
    first_field = names.pop()
    fields = [first_field, *(f.strip() for f in fields_text.split(";") if fields_text)]
    offset = len(head) - len(first_field.lstrip()) - (len(head) - len(head.rstrip()))
    amounts: dict[str, Decimal | Quantity] = {}
    lines: dict[str, int] = {}
    columns: dict[str, int] = {}
    period: _Period | None = None
    left: list[str] = []
    pos = max(offset, 0)
    for field_text in fields:
        at = sentence.parse.find(field_text, pos)
        pos = max(at, pos)
        kind, m = next(
            ((k, found) for k, pattern in _EN_FIELDS if (found := pattern.match(field_text))),
            ("", None),
        )
        if m is None:
            if "%" in field_text or any(ch.isdigit() for ch in field_text):
                left.append(field_text)
            continue
        value = Decimal(m.group("num").replace(",", ""))
        if kind in ("target", "actual") and m.group("unit") == "%":
            # A growth-rate target: "annual target 8 %", "Jan-Jun actual 9.2 %" (achieved).
            kind = "growth_target" if kind == "target" else "growth"
            amounts[kind] = value
        elif kind in ("target", "actual"):
            amounts[kind] = Quantity(value, m.group("unit") or "")
        else:
            amounts[kind] = -value if m.groupdict().get("sign") == "-" else value
        at_num = min(pos + m.start("num"), len(sentence.lines) - 1)
        lines[kind] = sentence.lines[at_num]
        columns[kind] = sentence.columns[at_num] if sentence.columns else 0
        if m.groupdict().get("first"):
            last = m.group("last") or m.group("first")
            period = _Period(0, _EN_MONTHS.index(last) + 1)
    subject = names[-1] if names else ""
    scope = names[-2] if len(names) >= 2 else ""
    if not amounts or not _is_subject(subject):
        return [], [Unmatched(sentence.line, sentence.text, "未能识别这句英文的指标")]
    claim = _make_claim(sentence, subject, amounts, lines, period, scope=scope, columns=columns)
    unread = (
        [Unmatched(sentence.line, sentence.text, f"未能识别：{'；'.join(left)}")] if left else []
    )
    return [claim], unread


# --------------------------------------------------------------------------- tables

# What a column holds, judged from its header; other columns (序时进度, 差值 …) are ignored.
_COLUMN_ROLES = (
    ("subject", re.compile(r"^(?:指标|指标名称|名称|项目)$")),
    ("rate", re.compile("完成率")),
    ("target", re.compile("目标|任务")),
    ("period", re.compile(r"^(?:期间|时间|月份|统计期)$")),
    ("actual", re.compile(r"完成|^(?:实际|实绩|累计|累计数)$")),
    ("growth", re.compile("同比|增速|增幅|增长")),
    ("share", re.compile("占比|比重")),
)
_CELL_QTY_RE = re.compile(rf"{_QTY_OPT_UNIT}")
_CELL_PCT_RE = re.compile(rf"(?P<sign>[-+]?)(?P<num>{_NUM})%?")
_HEADER_UNIT_RE = re.compile(rf"\((?P<unit>{_UNIT})\)")


def _table_cells(row: list[_Char]) -> list[list[_Char]]:
    """Split a row at "|"; the outer pipes give empty first and last pieces."""
    cells: list[list[_Char]] = [[]]
    for c in row:
        if c.norm == "|":
            cells.append([])
        else:
            cells[-1].append(c)
    inner = cells[1:]
    return inner[:-1] if inner and not _visible(inner[-1]) else inner


def _cell_text(cell: list[_Char]) -> str:
    return re.sub(r"\s+", "", _plain(cell))


def _column_role(header: str) -> tuple[str | None, str]:
    """(role, unit written in the header, e.g. 年度目标(亿元))."""
    unit = _HEADER_UNIT_RE.search(header)
    name = re.sub(r"\(.*?\)", "", header)
    role = next((role for role, pattern in _COLUMN_ROLES if pattern.search(name)), None)
    return role, unit.group("unit") if unit else ""


def _read_table(table: _Table, names: Names) -> tuple[list[Claim], list[Unmatched]]:
    """A table whose header names an indicator column gives one claim per row.

    Tables without such a header are read row by row like sentences.
    """
    rows = [_table_cells(row) for row in table.rows]
    roles = [_column_role(_cell_text(cell)) for cell in rows[0]]
    # A period written in the header (| 1-6月完成 |) is every row's.
    header_periods = _mask_periods("".join(_cell_text(cell) for cell in rows[0]))[1]
    header_period = header_periods[0] if header_periods else None
    if "subject" not in [role for role, _ in roles]:
        results = [
            _read_sentence(_finish_sentence(row), names) for row in table.rows if _visible(row)
        ]
        return (
            [claim for found, _ in results for claim in found],
            [problem for _, problems in results for problem in problems],
        )
    claims: list[Claim] = []
    unmatched: list[Unmatched] = []
    for raw, cells in zip(table.rows[1:], rows[1:], strict=True):
        texts = [_cell_text(cell) for cell in cells]
        if all(_TABLE_RULE_RE.match(t) or not t for t in texts):
            continue  # the |---|---| line under the header
        row = _finish_sentence(raw)
        claim = _read_table_row(row, texts, roles, header_period)
        if claim is None:
            if any(ch.isdigit() for t in texts for ch in t):
                unmatched.append(Unmatched(row.line, row.text, "表格行未能识别"))
        else:
            claims.append(claim)
    return claims, unmatched


def _read_table_row(
    row: _Sentence,
    texts: list[str],
    roles: list[tuple[str | None, str]],
    header_period: _Period | None = None,
) -> Claim | None:
    """One claim from a table row; cells such as "—" or "无数据" simply state nothing.
    A period column wins over one written in a header (1-6月完成)."""
    subject = ""
    period: _Period | None = header_period
    amounts: dict[str, Decimal | Quantity] = {}
    for text, (role, header_unit) in zip(texts, roles, strict=False):
        if role == "subject":
            subject = text
        elif role in ("target", "actual") and (m := _CELL_QTY_RE.fullmatch(text)):
            value = Decimal(m.group("num").replace(",", ""))
            amounts[role] = Quantity(value, m.group("unit") or header_unit)
        elif role in ("rate", "growth", "share") and (m := _CELL_PCT_RE.fullmatch(text)):
            value = Decimal(m.group("num").replace(",", ""))
            amounts[role] = -value if m.group("sign") == "-" else value
        elif role == "period" and _PERIOD_RE.fullmatch(text):
            period = _mask_periods(text)[1][0]
    if not _is_subject(subject) or not amounts:
        return None
    lines = dict.fromkeys(amounts, row.line)
    return _make_claim(row, subject, amounts, lines, period)


# --------------------------------------------------------------------------- entry point


def extract_claims(text: str, names: Names = Names()) -> tuple[list[Claim], list[Unmatched]]:
    """Every indicator figure stated in a draft bulletin, and the sentences that could not be read.

    Claims come in reading order.  A sentence may give claims and also appear in the
    unmatched list when some of its percentages or 目标/完成 figures were left over.
    `names` (orgs and indicators the data knows) tells an org written before an
    indicator's name from the name itself.
    """
    claims: list[Claim] = []
    unmatched: list[Unmatched] = []
    for block in _split_blocks(text):
        if isinstance(block, _Table):
            found, problems = _read_table(block, names)
        else:
            found, problems = _read_sentence(block, names)
        claims.extend(found)
        unmatched.extend(problems)
    return claims, unmatched
