"""The regular expressions that recognise figure expressions in bulletin text: numbers as
written, units, and one pattern per figure kind (target, actual, rate, growth, share …)."""

from __future__ import annotations

import re
from functools import lru_cache

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
    "美元|欧元|港元|日元|人民币|元|平方公里|平方米|公顷|亩|千瓦时|吨标准煤|吨|人次|个(?!百分点)"
    "|家|项|人|户|件|台|辆|套|次|栋|幢|宗|座|所|条|块|间|张|名|位|笔|批|场|标箱|TEU|床|公里|米"
)
_UNIT = rf"(?:(?:{_MAGNITUDE})?(?:{_BASE_UNIT})|(?:{_MAGNITUDE}))"


def unit_pattern(declared: tuple[str, ...]) -> str:
    """_UNIT with a project's own unit words (targets.yaml's `units:`, at least one: without
    any, with_units keeps _UNIT), longest first and before the built-in ones, so 车次 is read
    whole rather than as 车 + 次."""
    words = "|".join(re.escape(w) for w in sorted(declared, key=len, reverse=True))
    return rf"(?:(?:{_MAGNITUDE})?(?:{words}|{_BASE_UNIT})|(?:{_MAGNITUDE}))"


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
# （调整后目标，原为500亿元） / 原目标500亿元: the year's target before the change in force.
_ORIGINAL_TARGET_RE = re.compile(
    rf"原(?:(?:年度)?(?:目标任务|目标)(?:为|是|:)?|为|是)\s*{_QTY}{_END}"
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
# 超/领先/落后 say the status (under a cap, using more of it than time progress is 落后);
# 高于/低于 and the like say the side of time progress the rate is on.
_PACE_AHEAD = "领先|超(?![过出])"
_PACE_BEHIND = "落后于|落后"
_PACE_ABOVE = "超过|超出|高于|快于"
_PACE_BELOW = "低于|慢于"
_PACE_ON = "达到|符合|达"
_PACE_RE = re.compile(
    rf"(?:(?P<up>{_PACE_AHEAD})|(?P<down>{_PACE_BEHIND})|(?P<above>{_PACE_ABOVE})"
    rf"|(?P<below>{_PACE_BELOW})|(?P<on>{_PACE_ON}))"
    rf"(?:序时(?:进度)?|时间进度)"
    rf"(?:\s*(?P<num>{_NUM})\s*个?百分点|\(相差\s*{_NUM}\s*个?百分点\))?"
)
# 全市排名第四 / 同城组排名第2位: the place is read from the words just before 排名.
# 列第二位 / 并列第一 / 位列第三: kpi's own ranking of the orgs (--rank, bulletin_full).
_RANK_RE = re.compile(
    r"(?:(?:排名|位列|名列)?(?P<tied>并列)|排名|位列|名列|(?<![系序行队])列|居)"
    r"第\s*(?P<rank>\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:位|名)?"
)
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
# What is still to do: 距年度目标还差155家, 后5个月月均需完成31家.
_GAP_RE = re.compile(rf"距(?:年度|全年)?(?:目标任务|目标|任务)还差\s*{_QTY}")
_MONTHLY_NEED_RE = re.compile(  # 后2个季度季均需完成 for a quarterly indicator
    r"后\s*(?P<left>\d{1,2})\s*个(?:(?P<month>月)(?:月均|平均每月|每月平均|每月)"
    r"|(?P<quarter>季度)(?:季均|平均每季度?|每季度?)|(?P<half>半年)(?:平均|每半年))"
    rf"需(?:要)?(?:完成)?\s*{_QTY}"
)
# 两年平均增长5.2% / 两年平均下降1.3%: the average growth over two years.
_TWO_YEAR_RE = re.compile(
    rf"两年平均(?:(?P<up>增长|增速|增幅|提高)|(?P<down>下降|减少|回落))了?(?:为|达)?"
    rf"\s*(?P<values>{_PCT})"
)
# 环比增长2.0% / 环比下降1.5%: a month's own amount against the month before.
_CHAIN_RE = re.compile(
    rf"环比(?:(?P<up>增长|增加|上升|提高)|(?P<down>下降|减少|降低|回落))了?(?:为|达)?"
    rf"\s*(?P<values>{_PCT})"
)
# 比上月末增长2.2% / 较上季末下降1.0% / 累计环比增长2.1%: a stock's level against the end of
# the period before (kpi's 累计环比), never the month's own amount.
_YTD_CHAIN_RE = re.compile(
    rf"(?:累计环比|[比较]上(?:月|季度?|期|半年)末)"
    rf"(?:(?P<up>增长|增加|上升|提高)|(?P<down>下降|减少|降低|回落))了?(?:为|达)?"
    rf"\s*(?P<values>{_PCT})"
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
_FIGURE_WITHOUT_DIGIT_RE = re.compile("持平|序时|时间进度|目标增速|排名第|列第|居第")
_PERCENT_WORD_RE = re.compile("%|‰|百分之|百分点")
_CHINESE_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万点")


_PCT_RE = re.compile(rf"(?P<sign>-)?(?P<num>{_NUM})\s*%")
_QTY_RE = re.compile(_QTY)


@lru_cache(maxsize=256)
def with_units(pattern: re.Pattern[str], declared: tuple[str, ...]) -> re.Pattern[str]:
    """`pattern` reading a project's declared units too. Every unit slot above is _UNIT
    word for word (through _QTY), so it is that text swapped for unit_pattern(declared)."""
    if not declared or _UNIT not in pattern.pattern:
        return pattern
    return re.compile(pattern.pattern.replace(_UNIT, unit_pattern(declared)), pattern.flags)
