"""Context resolution: which indicator a claim's words name (name, id, alias, then a
conservative fuzzy match), whose figures it states (the whole, an org or a group), and what
its stated amounts are in the indicator's unit."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.claims import SHORTEST_WORD, Names, Quantity
from gongshu_kpi.core.display import declared_english_units, unit_from_english
from gongshu_kpi.core.formulas import places_of
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.units import BASE_UNITS, BaseUnit, Unit, UnitError, convert, parse_unit

if TYPE_CHECKING:
    from gongshu_kpi.core.figures.facts import Facts
    from gongshu_kpi.core.models import Indicator

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
    if len(wanted) <= SHORTEST_WORD:  # 税收, 营收: too short to be part of a name safely
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


def known_names(facts: Facts) -> Names:
    """Orgs (orgs.yaml names, groups and root, and 填报单位 values) and indicator names."""
    orgs = facts.orgs
    names = {n for i in facts.targets.indicators for n in (i.name, i.id, *i.aliases)}
    # The synonyms match_indicator accepts (新引进企业 for 新招引企业) are names too.
    names |= {name.replace(canonical, word) for name in names for word, canonical in _SYNONYMS}
    table = facts.targets.unit_table
    return Names(
        frozenset({orgs.root_name, *orgs.parent, *orgs.groups}),
        frozenset(names),
        frozenset(rank.scope for rank in facts.external_ranks),
        # The project's own units (targets.yaml's `units:`), so 万车次 reads as a figure.
        tuple(sorted(set(table) - set(BASE_UNITS))),
        tuple(sorted(declared_english_units(table))),
    )


def written_unit(
    text: str, prefer: Unit | None, table: Mapping[str, BaseUnit] = BASE_UNITS
) -> Unit:
    """A stated unit: 亿元, or its English words from bulletin_en (100 million yuan); `table`
    is the project's (Targets.unit_table), so its declared units are read too."""
    try:
        return parse_unit(text, table)
    except UnitError:
        english = unit_from_english(text, prefer, table)
        if english is None:
            raise
        return english


_CURRENCIES = frozenset({"人民币", "美元", "欧元", "港元", "日元"})  # units.py dimensions


def other_currency(unit: Unit, quantity: Quantity) -> bool:
    """An amount in 美元 for an indicator in 元: money, but the wrong money."""
    try:
        written = written_unit(quantity.unit, unit)  # currencies are all built in
    except UnitError:
        return False
    money = _CURRENCIES
    return written.dimension in money and unit.dimension in money


def in_unit(
    unit: Unit, quantity: Quantity, table: Mapping[str, BaseUnit] = BASE_UNITS
) -> tuple[Decimal, Unit] | None:
    """A stated quantity in the indicator's unit (read against `table`, Indicator.units),
    with the unit it was written in."""
    try:
        written = written_unit(quantity.unit, unit, table) if quantity.unit else unit
        return convert(quantity.value, written, unit), written
    except UnitError:
        return None


def half_unit(unit: Unit, printed: Decimal, written: Unit) -> Decimal:
    """Half a unit of the last printed place, in the indicator's unit."""
    return convert(Decimal(5).scaleb(-places_of(printed) - 1), written, unit)
