"""The one entry point for numbers typed by people: text in, exact Decimal (and unit) out."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gongshu_kpi.core.numbers import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, digits_problem

# Cells offices fill in when they have no figure; never read as zero.
PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "无", "暂无", "空", "…", "...", "n/a", "na"})
# Excel's error values, as they arrive in CSV exports or text cells.
ERROR_VALUES = frozenset(
    {"#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
# Invisible characters that ride along with copy-paste from web pages and Word.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000"), " ")
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-"})
_NUMBER = re.compile(
    r"""^(?P<sign>[+-]?)\s*
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)?
        (?P<frac>\.\d+)?
        \s*(?P<rest>.*)$""",
    re.VERBOSE,
)


class NumberError(ValueError):
    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    value: Decimal
    unit: str | None  # a unit written in the cell after the number, e.g. 万美元, 个
    percent: bool  # written with a trailing %


def quoted(text: str, limit: int = 60) -> str:
    """A cell's text for a message: cut short, so a 30,000-character cell makes a short line."""
    text = text.strip()
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text):,} 字）"


def _compatibility_digit(text: str) -> str | None:
    """A superscript, circled, fraction or other digit that NFKC would turn into 0-9.

    `27.83¹` is a footnote marker and `①` a list number: read as digits they would make
    27.831 and 1. Full-width digits (４１９) are ordinary digits typed in a Chinese IME.
    """
    if text.isascii():
        return None
    for ch in text:
        if ch.isascii() or "\uff10" <= ch <= "\uff19":
            continue  # ４ is NFKC'd to 4 below
        normal = unicodedata.normalize("NFKC", ch)
        # ٣ stays itself (reported below as another script's digit); ¹ ① 𝟙 become 1.
        if normal != ch and any(c.isdigit() for c in normal):
            return ch
    return None


# A month with no figure yet may be left out only at the end: a month missing in between is
# a gap (a 当月 series cannot be summed to 1-N月 across it).
_NOT_YET = "尚未上报的最近月份可删除该行，中间的月份不能空缺"


def parse_number(text: str) -> ParsedNumber:
    """Read '419.72', '66,836.9', '４１９．７２', '13个', '52.47%'; raise NumberError otherwise."""
    odd = _compatibility_digit(text)
    if odd is not None:
        raise NumberError(
            f"“{quoted(text)}”含特殊数字字符“{odd}”（上标、圈号等）",
            "只用 0-9 书写数值；脚注标记写在备注列",
        )
    cleaned = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).translate(_MINUS).strip()
    if not cleaned:
        raise NumberError("缺少数值（空单元格）", f"填写数值；{_NOT_YET}")
    if cleaned.upper() in ERROR_VALUES:
        raise NumberError(f"单元格为错误值 {cleaned.upper()}", "修正公式或填写数值")
    if cleaned.lower() in PLACEHOLDERS:
        raise NumberError(f"缺少数值（“{cleaned}”）", f"填写数值，不要用占位符；{_NOT_YET}")
    match = _NUMBER.match(cleaned)
    if match is None or (match.group("int") is None and match.group("frac") is None):
        raise NumberError(f"“{quoted(text)}”不是数值", "只填写数字，如 419.72")
    rest = match.group("rest").strip()
    if rest.startswith(".") and rest[1:2].isdigit():
        raise NumberError(f"数值“{quoted(text)}”有多个小数点", "只保留一个小数点，如 27.83")
    if "," in rest or (rest and rest[0].isdigit()):
        raise NumberError(
            f"数值“{quoted(text)}”千分位格式错误", "千分位逗号每三位一组，如 66,836.9；或不用千分位"
        )
    digits = (match.group("int") or "0").replace(",", "") + (match.group("frac") or "")
    try:
        value = Decimal(match.group("sign") + digits)
    except InvalidOperation:  # pragma: no cover - the pattern only admits valid digits
        raise NumberError(f"“{quoted(text)}”不是数值", "只填写数字") from None
    foreign = any(unicodedata.category(ch) == "Nd" for ch in cleaned if not ch.isascii())
    if foreign or any(ch.isdigit() for ch in rest):
        raise NumberError(f"“{quoted(text)}”含非阿拉伯数字字符", "只使用 0-9 书写数值")
    if rest and not all(_unit_char(ch) for ch in rest):
        raise NumberError(f"“{quoted(text)}”不是数值", "只填写数字，单位写在计量单位列")
    value = checked_digits(value, text)
    if rest == "%":
        return ParsedNumber(value, None, True)
    return ParsedNumber(value, rest or None, False)


def checked_digits(value: Decimal, text: str | None = None) -> Decimal:
    """The value within the numeric policy (core/numbers.py), -0 as 0; NumberError beyond."""
    problem = digits_problem(value)
    if problem is not None:
        shown = quoted(text if text is not None else str(value), 40)
        raise NumberError(
            f"数值“{shown}”{problem}",
            f"数值最多 {MAX_INTEGER_DIGITS} 位整数、{MAX_FRACTION_DIGITS} 位小数；"
            "核对是否多输了数字，或换用更大的单位（万、亿）",
        )
    return value.copy_abs() if value.is_zero() else value


def number_from_cell(value: float) -> Decimal:
    """A numeric spreadsheet cell as Excel shows it: at most 15 significant digits.

    A formula's result carries binary noise (713.9999999999999 for 714); Excel itself never
    shows more than 15 digits, so neither does a bulletin.
    """
    if isinstance(value, bool):
        raise NumberError(f"单元格为逻辑值 {value}", "填写数值")
    if isinstance(value, int):
        return checked_digits(Decimal(value))
    if not math.isfinite(value):
        raise NumberError("单元格不是有限数", "填写数值")
    text = format(value, ".15g")
    if "." in text and "e" not in text:
        # "g" drops trailing zeros: a fraction is left, not a whole number
        return checked_digits(Decimal(text))
    shown = checked_digits(Decimal(text))  # 1e+308 or 1e-300: refused before int() below
    if shown == shown.to_integral_value():
        return Decimal(int(shown))
    return shown


def _unit_char(ch: str) -> bool:
    """Units are CJK characters (万美元, 个) or %; letters after a number are a typo."""
    return ch == "%" or "\u4e00" <= ch <= "\u9fff"
