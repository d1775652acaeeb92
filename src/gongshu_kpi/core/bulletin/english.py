"""bulletin_en's lines read back: "org: name: annual target …; Jan-Jun actual …; …"."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.claims import (
    NO_NAMES,
    Claim,
    Names,
    Quantity,
    Unmatched,
    _Found,
    _is_subject,
    _make_claim,
)
from gongshu_kpi.core.bulletin.patterns import _NUM, _UNIT, with_units
from gongshu_kpi.core.bulletin.periods import _Period
from gongshu_kpi.core.display import ENGLISH_UNIT_WORDS

if TYPE_CHECKING:
    from gongshu_kpi.core.bulletin.document import _Sentence

# --------------------------------------------------------------------------- English

# bulletin_en's wording: "* org: name: annual target 800 亿元; Jan-Jun actual 419.72 亿元;
# completion 52.47%; +11.1% year on year; +2.47 points against time progress."  An adjusted
# target: "annual target 450 亿元 (adjusted); original target 500 亿元; …".
_EN_KEYWORDS_RE = re.compile(
    r"\b(?:target|actual|completion|growth|year on year|points against|cap)\b"
)
# A line whose only number is its year (a title) states no figure to check.
_EN_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_EN_FIGURE_RE = re.compile(r"[\d%]")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# A named period: (last month, first month of an own amount or None for the year to date).
_EN_NAMED: dict[str, tuple[int, int | None]] = {
    "q1-q3": (9, None),
    "first three quarters": (9, None),
    "h1": (6, None),
    "first half": (6, None),
    "h2": (12, 7),
    "second half": (12, 7),
    "q1": (3, None),
    "first quarter": (3, None),
    "q2": (6, 4),
    "second quarter": (6, 4),
    "q3": (9, 7),
    "third quarter": (9, 7),
    "q4": (12, 10),
    "fourth quarter": (12, 10),
    "full year": (12, None),
}
_EN_PERIOD = (
    rf"(?:(?P<first>{'|'.join(_EN_MONTHS)})(?:\s*-\s*(?P<last>{'|'.join(_EN_MONTHS)}))?"
    rf"|(?i:(?:the\s+)?(?P<named>{'|'.join(_EN_NAMED)})))"
)
# Units as --lang en prints them ("100 million yuan", "firms"), read back as those units.
_EN_UNIT = "|".join(re.escape(words) for words in ENGLISH_UNIT_WORDS if words != "%")
_EN_FIELDS = (
    ("growth_target", re.compile(rf"^(?:annual )?target growth (?P<num>-?{_NUM})\s*%$")),
    (
        "target",
        re.compile(
            rf"^(?:annual )?target (?P<num>{_NUM})\s*(?P<unit>{_UNIT}|{_EN_UNIT}|%)?"
            r"(?: \(adjusted(?: target)?\))?$"
        ),
    ),
    # An adjusted target's original: "annual target 450 … (adjusted); original target 500 …"
    (
        "original_target",
        re.compile(rf"^original(?:ly| target) (?P<num>{_NUM})\s*(?P<unit>{_UNIT}|{_EN_UNIT})?$"),
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


_Fields = tuple[tuple[str, re.Pattern[str]], ...]


def _en_period(m: re.Match[str]) -> _Period | None:
    """Jan-Jun, H1, Q2, first half …: the months a field's period names."""
    found = m.groupdict()
    if found.get("named"):
        last, first = _EN_NAMED[re.sub(r"\s+", " ", found["named"].lower())]
        return _Period(0, last, own=first is not None, first=first)
    if not found.get("first"):
        return None
    first = _EN_MONTHS.index(found["first"]) + 1
    last = _EN_MONTHS.index(found.get("last") or found["first"]) + 1
    # Jan-Jun is the year to date; Apr-Jun (or Jun alone, not January) that span's own amount.
    own = first != 1 and found.get("last") is not None
    return _Period(0, last, own=own, first=first if own else None)


def _is_english(parse: str) -> bool:
    return bool(_EN_KEYWORDS_RE.search(parse))


@lru_cache(maxsize=32)
def _fields_for(units: tuple[str, ...], english: tuple[str, ...]) -> _Fields:
    """_EN_FIELDS reading a project's declared units (Names.units) and their English words
    (Names.english_units) too: 16.05 10,000 vehicle trips."""
    if not units and not english:
        return _EN_FIELDS
    words = "|".join(re.escape(w) for w in sorted(english, key=len, reverse=True))
    en_unit = f"{words}|{_EN_UNIT}" if words else _EN_UNIT
    return tuple(
        (kind, re.compile(with_units(pattern, units).pattern.replace(_EN_UNIT, en_unit)))
        for kind, pattern in _EN_FIELDS
    )


def _read_english(
    sentence: _Sentence, known: Names = NO_NAMES
) -> tuple[list[Claim], list[Unmatched]]:
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
    en_fields = _fields_for(known.units, known.english_units)
    for field_text in fields:
        at = sentence.parse.find(field_text, pos)
        pos = max(at, pos)
        kind, m = next(
            ((k, found) for k, pattern in en_fields if (found := pattern.match(field_text))),
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
        elif kind in ("target", "actual", "original_target"):
            amounts[kind] = Quantity(value, m.group("unit") or "")
        else:
            amounts[kind] = -value if m.groupdict().get("sign") == "-" else value
        at_num = min(pos + m.start("num"), len(sentence.lines) - 1)
        lines[kind] = sentence.lines[at_num]
        columns[kind] = sentence.columns[at_num] if sentence.columns else 0
        period = _en_period(m) or period
    subject = names[-1] if names else ""
    scope = names[-2] if len(names) > 1 else ""
    if not amounts and not names and not _EN_FIGURE_RE.search(_EN_YEAR_RE.sub("", text)):
        return [], []  # a title, "KPI completion, 2020 Jan-Jun": no "name:", no figure
    if not amounts or not _is_subject(subject):
        return [], [Unmatched(sentence.line, sentence.text, "未能识别这句英文的指标")]
    stated = _Found(subject, amounts, lines, period, scope=scope, columns=columns)
    claim = _make_claim(sentence, stated)
    unread = (
        [Unmatched(sentence.line, sentence.text, f"未能识别：{'；'.join(left)}")] if left else []
    )
    return [claim], unread
