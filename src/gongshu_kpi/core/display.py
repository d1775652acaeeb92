"""How amounts are shown: the one display rule every output uses.

The figures stay exact (core/figures/); this only decides the digits printed. An amount is
shown in its indicator's unit, or in the unit `display.target_unit` / `display.actual_unit`
names (亿美元 target, 万美元 actual), with:

- `display.places` / `display.target_places` when targets.yaml says so (rounded with
  `settings.rounding`, like every other printed figure);
- otherwise as the data has it: 25.80 stays 25.80, and a conversion to a smaller magnitude
  keeps the data's precision (11.1564200亿元 is 111564.200万元, not 111564.2000000万元);
- but where it is shown in a larger magnitude than the data was entered in (万元 cells of an
  亿元 indicator), an exact quotient such as 34.70619亿元 has digits nobody entered: it is
  rounded to CONVERTED_PLACES (or the entered places, if more) as bulletins print it,
  34.71亿元 — unless that would show a non-zero amount as 0.

Rates, time progress and growth are rounded in the core already and are not amounts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from gongshu_kpi.core.models import Indicator, Settings, TargetType
from gongshu_kpi.core.numbers import RoundingName, round_to
from gongshu_kpi.core.units import (
    BASE_UNITS,
    MAGNITUDES,
    BaseUnit,
    Unit,
    UnitError,
    convert,
    parse_unit,
)

CONVERTED_PLACES = 2  # places of an amount shown in a larger magnitude than it was entered in

Role = Literal["target", "actual"]


def places_of(value: Decimal) -> int:
    """Decimal places as written: 25.80 -> 2, 13 -> 0."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


_TEN = 10  # the base of the digits counted


def _digits_between(finer: Unit, coarser: Unit) -> int:
    """How many decimal digits coarser's magnitude is above finer's (万 -> 亿: 4)."""
    ratio = coarser.scale / finer.scale
    digits = 0
    while ratio >= _TEN:
        ratio /= _TEN
        digits += 1
    return digits


@dataclass(frozen=True, slots=True)
class AmountRule:
    """How one indicator's amounts of one role are shown."""

    own: Unit  # the indicator's unit: the figures arrive in it
    shown: Unit  # the unit they are printed in
    finest: Unit  # the finest unit the figures were entered in
    places: int | None  # fixed places, or None for the default rule
    rounding: RoundingName

    def value(self, amount: Decimal) -> Decimal:
        """The amount as printed, in `shown` units (a Decimal, for number cells)."""
        converted = convert(amount, self.own, self.shown)
        if self.places is not None:
            return round_to(converted, self.places, self.rounding)
        extra = (
            _digits_between(self.finest, self.shown) if self.finest.scale < self.shown.scale else 0
        )
        exact = places_of(converted)
        limit = max(CONVERTED_PLACES, exact - extra)
        if extra == 0 or exact <= limit:
            return converted
        rounded = round_to(converted, limit, self.rounding)
        return converted if rounded == 0 and converted != 0 else rounded

    def text(self, amount: Decimal | None, thousands: bool = False) -> str:
        """The printed number without its unit ('' for none): 34.71, or 111,564.2."""
        if amount is None:
            return ""
        return amount_text(self.value(amount), thousands)


def exact_text(value: Decimal) -> str:
    """An exact amount in an explanation (a fact-check's 数据：…): every digit the data has,
    but zeros past CONVERTED_PLACES that only arithmetic padded are dropped (279.87215 −
    235.17215 is shown 44.70, not 44.70000; 25.80 stays 25.80, 120 stays 120)."""
    places = places_of(value)
    if places > CONVERTED_PLACES and value == round_to(value, CONVERTED_PLACES, "half-up"):
        value = value.quantize(Decimal(1).scaleb(-CONVERTED_PLACES))
    elif places > CONVERTED_PLACES:
        value = value.normalize()  # 1.23450 -> 1.2345: only trailing zeros go
    return amount_text(value)


def amount_text(value: Decimal, thousands: bool = False) -> str:
    """A Decimal as written, never in exponent form; 千分位 when asked (tables only)."""
    return format(value, ",f" if thousands else "f")


def amount_rule(
    indicator: Indicator,
    role: Role,
    settings: Settings,
    finest_units: Mapping[str, str] | None = None,
) -> AmountRule:
    """The rule for an indicator's target or its actual-side amounts (actual, last year's,
    projection, the whole of a share)."""
    units = indicator.units  # once: a private attribute is a slow look-up on a model
    own = parse_unit(indicator.unit, units)  # indicator.parsed_unit
    display = indicator.display
    if indicator.target_type is TargetType.GROWTH:
        return AmountRule(own, own, own, None, settings.rounding)  # percentages, not amounts
    unit_text = display.target_unit if role == "target" else display.actual_unit
    shown = own if unit_text is None else parse_unit(unit_text, units)
    finest = own
    if role == "actual" and finest_units and indicator.id in finest_units:
        finest = parse_unit(finest_units[indicator.id], units)
    places = display.target_places if role == "target" else display.places
    return AmountRule(own, shown, finest, places, settings.rounding)


# English unit names for --lang en: a magnitude and a base, as English statistics write them.
MAGNITUDE_EN = {
    10**12: "trillion",
    10**11: "100 billion",
    10**10: "10 billion",
    10**9: "billion",
    10**8: "100 million",
    10**7: "10 million",
    10**6: "million",
    10**5: "100,000",
    10**4: "10,000",
    10**3: "thousand",
    10**2: "hundred",
}
BASE_EN = {
    "元": "yuan",
    "人民币": "yuan",
    "美元": "US dollars",
    "欧元": "euros",
    "港元": "HK dollars",
    "日元": "yen",
    "平方米": "m²",
    "平方公里": "km²",
    "公顷": "hectares",
    "亩": "mu",
    "吨": "tonnes",
    "千瓦时": "kWh",
    "度": "kWh",
    "吨标准煤": "tce",
    "米": "m",
    "公里": "km",
    "%": "%",
    "个": "items",
    "家": "firms",
    "项": "items",
    "人": "people",
    "户": "households",
    "件": "pieces",
    "台": "units",
    "辆": "vehicles",
    "套": "sets",
    "次": "times",
    "栋": "buildings",
    "宗": "cases",
    "座": "items",
    "人次": "person-times",
    "床": "beds",
    "标箱": "TEU",
    "TEU": "TEU",
}


def unit_in_english(text: str, table: Mapping[str, BaseUnit] = BASE_UNITS) -> str:
    """亿元 -> 100 million yuan, 万美元 -> 10,000 US dollars, 家 -> firms, 个 -> items; a
    unit `table` declares (core/units.unit_table) by its own English words, if it has any:
    万车次 -> 10,000 vehicle trips."""
    unit = parse_unit(text, table)
    declared = table[unit.base].english
    base = declared or BASE_EN.get(unit.base, unit.base)
    base_scale = parse_unit(unit.base, table).scale
    magnitude = int(unit.scale / base_scale) if unit.scale != base_scale else 1
    prefix = MAGNITUDE_EN.get(magnitude, "")
    return f"{prefix} {base}".strip() if prefix else base


def declared_english_units(table: Mapping[str, BaseUnit]) -> dict[str, tuple[Unit, ...]]:
    """English words -> units, for the units `table` declares with English words of their
    own (each with every magnitude): what a bulletin_en line may write for them."""
    found: dict[str, list[Unit]] = {}
    for base, entry in table.items():
        if not entry.english or base in BASE_UNITS:
            continue
        for prefix in ("", *(magnitude for magnitude, _ in MAGNITUDES)):
            unit = parse_unit(prefix + base, table)
            found.setdefault(unit_in_english(unit.text, table), []).append(unit)
    return {words: tuple(units) for words, units in found.items()}


def unit_from_english(
    words: str, prefer: Unit | None = None, table: Mapping[str, BaseUnit] = BASE_UNITS
) -> Unit | None:
    """The unit `unit_in_english` prints as `words` (100 million yuan -> 亿元), so kpi reads
    back what it writes under --lang en. Several counted words print alike (个 and 项 are both
    "items"): the one of `prefer`'s dimension wins, as the sentence means that indicator.
    Units `table` declares with English words are read back too."""
    key = words.strip()
    found = _ENGLISH_UNITS.get(key, ())
    if table is not BASE_UNITS:
        found = (*declared_english_units(table).get(key, ()), *found)
    for unit in found:
        if prefer is not None and unit.dimension == prefer.dimension:
            return unit
    return found[0] if found else None


def _english_units() -> dict[str, tuple[Unit, ...]]:
    table: dict[str, list[Unit]] = {}
    for base in BASE_EN:
        for prefix in ("", *(magnitude for magnitude, _ in MAGNITUDES)):
            try:
                unit = parse_unit(prefix + base)
            except UnitError:
                continue
            table.setdefault(unit_in_english(unit.text), []).append(unit)
    return {words: tuple(units) for words, units in table.items()}


_ENGLISH_UNITS = _english_units()
# Longest first, so a regular expression tries "100 million yuan" before "yuan".
ENGLISH_UNIT_WORDS = tuple(sorted(_ENGLISH_UNITS, key=len, reverse=True))
