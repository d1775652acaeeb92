"""Units as values: a magnitude prefix (万, 亿) times a base unit (元, 美元, 个, 亩 …).

1 亿 = 10,000 万 exactly. Two units convert only when their base units share a dimension;
currencies and counted things never mix (元 vs 美元, 个 vs 家).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from gongshu_kpi.core.numbers import divide

# Longest first, so 十万 wins over 十 and 千万 over 千.
MAGNITUDES: tuple[tuple[str, int], ...] = (
    ("万亿", 10**12),
    ("千亿", 10**11),
    ("百亿", 10**10),
    ("十亿", 10**9),
    ("千万", 10**7),
    ("百万", 10**6),
    ("十万", 10**5),
    ("亿", 10**8),
    ("万", 10**4),
    ("千", 10**3),
    ("百", 10**2),
)


@dataclass(frozen=True, slots=True)
class BaseUnit:
    dimension: str  # units convert only within one dimension
    factor: Fraction  # size in the dimension's reference unit
    english: str = ""  # a declared unit's words in English output ("" = core/display's own)
    # A declared unit that counts whole things (`whole: true`): its need is rounded up, as for
    # the built-in COUNTED words (core/periodic/remaining.counts_whole_things).
    whole: bool = False


# Area: 1 公顷 = 15 亩 = 10,000 平方米, so 1 亩 = 2000/3 平方米 (kept as a fraction).
BASE_UNITS: dict[str, BaseUnit] = {
    "元": BaseUnit("人民币", Fraction(1)),
    "人民币": BaseUnit("人民币", Fraction(1)),
    "美元": BaseUnit("美元", Fraction(1)),
    "欧元": BaseUnit("欧元", Fraction(1)),
    "港元": BaseUnit("港元", Fraction(1)),
    "日元": BaseUnit("日元", Fraction(1)),
    "平方米": BaseUnit("面积", Fraction(1)),
    "平方公里": BaseUnit("面积", Fraction(10**6)),
    "公顷": BaseUnit("面积", Fraction(10**4)),
    "亩": BaseUnit("面积", Fraction(2000, 3)),
    "吨": BaseUnit("质量", Fraction(1)),
    "千瓦时": BaseUnit("电量", Fraction(1)),
    "度": BaseUnit("电量", Fraction(1)),
    # Energy caps are in standard coal, not mass: 吨标准煤 never converts to 吨.
    "吨标准煤": BaseUnit("能耗", Fraction(1)),
    "米": BaseUnit("长度", Fraction(1)),
    "公里": BaseUnit("长度", Fraction(1000)),
    "%": BaseUnit("百分比", Fraction(1)),
}
# Counted things: each word is its own dimension (个 and 家 do not convert).
COUNTED = (
    *("个", "家", "项", "人", "户", "件", "台", "辆", "套", "次", "栋", "宗", "座"),
    *("人次", "床", "标箱"),
)
for _word in COUNTED:
    BASE_UNITS[_word] = BaseUnit(_word, Fraction(1))
# Port throughput is reported as 标箱 or TEU: one thing, two names.
BASE_UNITS["TEU"] = BASE_UNITS["标箱"]


class UnitError(ValueError):
    """A unit text that cannot be read, or two units that cannot be converted."""


@dataclass(frozen=True, slots=True)
class Unit:
    text: str  # as written, for display: "亿元"
    base: str  # "元"
    dimension: str  # "人民币"
    scale: Fraction  # size in the dimension's reference unit: 亿元 -> 10**8

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class DeclaredUnit:
    """A unit a project declares: 车次 counting 运输次数, or 标准箱 the same as 标箱.

    Without `same_as` it is its own dimension (like 个 or 家: it converts to nothing else);
    with it, 1 `name` = `factor` `same_as`, exactly."""

    name: str
    counts: str  # what it counts, for people reading targets.yaml
    same_as: str | None = None
    factor: Fraction = Fraction(1)
    english: str = ""  # its words in English output (vehicle trips); "" = the name itself
    whole: bool = False  # counts whole things (床位, 车次): a need is rounded up, as for 家


class DeclarationError(UnitError):
    """A declared unit that cannot stand, with which one (its index) and which of its fields,
    so the loader can point at the line in targets.yaml."""

    def __init__(self, message: str, index: int, field: str) -> None:
        super().__init__(message)
        self.index = index
        self.field = field


def unit_table(declared: Iterable[DeclaredUnit] = ()) -> Mapping[str, BaseUnit]:
    """The built-in units plus a project's declared ones, as a new read-only table (the
    built-in one is never changed). A `same_as` may name a unit declared later; raise
    DeclarationError naming the unit that cannot be declared and why."""
    units = tuple(declared)
    if not units:
        return BASE_UNITS
    names = _declared_names(units)
    table = dict(BASE_UNITS)
    for index in range(len(units)):
        _resolve(units, names, index, (), table)
    return MappingProxyType(table)


def _declared_names(units: Sequence[DeclaredUnit]) -> dict[str, int]:
    """Name -> index; refuse a blank name, a repeat, a bad factor and a name that already
    reads as a unit (万吨 is 万 × 吨; 万车次 is 万 × a declared 车次)."""
    names: dict[str, int] = {}
    for index, unit in enumerate(units):
        name = unit.name.strip()
        if not name:
            raise DeclarationError("计量单位名称不能为空", index, "name")
        if name in names:
            raise DeclarationError(f"计量单位“{name}”重复声明", index, "name")
        if unit.factor <= 0:
            raise DeclarationError(
                f"计量单位“{name}”的换算系数应大于 0，得到 {_fraction_text(unit.factor)}",
                index,
                "factor",
            )
        names[name] = index
    for name, index in names.items():
        clash = _reads_as(name, names)
        if clash:
            raise DeclarationError(f"计量单位“{name}”{clash}，不能再声明", index, "name")
    return names


def _reads_as(name: str, names: Mapping[str, int]) -> str:
    """Why `name` is already a unit ('' if it is not): built in, or a magnitude of one."""
    if name in BASE_UNITS:
        return "是内置单位"
    if name in dict(MAGNITUDES):
        return "是数量级（万、亿 等），不是单位"
    for prefix, _ in MAGNITUDES:
        rest = name.removeprefix(prefix)
        if rest != name and (rest in BASE_UNITS or rest in names):
            return f"已可写作 {prefix} × {rest}"
    return ""


def _resolve(
    units: Sequence[DeclaredUnit],
    names: Mapping[str, int],
    index: int,
    chain: tuple[str, ...],
    table: dict[str, BaseUnit],
) -> BaseUnit:
    """The table entry of units[index], resolving the declared unit its same_as names first
    (depth first, `chain` holding the names on the way, so a cycle is named, not looped)."""
    unit = units[index]
    name = unit.name.strip()
    if name in table:
        return table[name]
    if unit.same_as is None:
        table[name] = BaseUnit(name, Fraction(1), unit.english, unit.whole)
        return table[name]
    other_text = unit.same_as.strip()
    other_index = _declared_in(other_text, names)
    if other_index is not None:
        other_name = units[other_index].name.strip()
        if other_name in (*chain, name):
            loop = " → ".join((*chain, name, other_name))
            raise DeclarationError(
                f"计量单位的 same_as 首尾相连（{loop}），无法换算；其中一个应不写 same_as",
                index,
                "same_as",
            )
        _resolve(units, names, other_index, (*chain, name), table)
    try:
        other = parse_unit(other_text, table)
    except UnitError:
        raise DeclarationError(
            f"计量单位“{name}”的 same_as“{unit.same_as}”不是内置或已声明的单位",
            index,
            "same_as",
        ) from None
    table[name] = BaseUnit(other.dimension, other.scale * unit.factor, unit.english, unit.whole)
    return table[name]


def _declared_in(text: str, names: Mapping[str, int]) -> int | None:
    """The index of the declared unit `text` is (车次) or is a magnitude of (万车次)."""
    if text in names:
        return names[text]
    for prefix, _ in MAGNITUDES:
        rest = text.removeprefix(prefix)
        if rest != text and rest in names:
            return names[rest]
    return None


def parse_unit(text: str, table: Mapping[str, BaseUnit] = BASE_UNITS) -> Unit:
    """Read "亿元", "万美元", "个", "公顷" (or a unit of `table`, see unit_table); raise
    UnitError for anything else."""
    cleaned = text.strip()
    if cleaned in table:
        base = table[cleaned]
        return Unit(cleaned, cleaned, base.dimension, base.factor)
    for prefix, size in MAGNITUDES:
        rest = cleaned.removeprefix(prefix)
        if rest != cleaned and rest in table:
            base = table[rest]
            return Unit(cleaned, rest, base.dimension, base.factor * size)
    known = "、".join(sorted({*table} - {"人民币"}))
    raise UnitError(f"无法识别的计量单位“{text}”（可用：{known}，可加前缀 万、亿 等）")


def checked_unit(text: str, table: Mapping[str, BaseUnit] = BASE_UNITS) -> str:
    """For schema validators: the unit text when it parses, ValueError saying why if not."""
    try:
        parse_unit(text, table)
    except UnitError as exc:
        raise ValueError(str(exc)) from None
    return text


def convert(value: Decimal, source: Unit, target: Unit) -> Decimal:
    """Express value (in source) in target units, exactly, or raise UnitError.

    Magnitudes (万, 亿) and metric areas always convert exactly. 亩 is 2000/3 平方米, so
    1 亩 in 公顷 is 0.0666… with no end: rather than print an approximation, or sum
    approximations into 0.2000000000000000000000000000, such a value is refused.
    """
    if source.dimension != target.dimension:
        raise UnitError(
            f"无法在{_dimension_label(source)}与{_dimension_label(target)}之间换算"
            f"（“{source.text}”与“{target.text}”）"
        )
    if source.scale == target.scale:
        return value
    ratio = source.scale / target.scale
    exact = Fraction(value) * ratio
    if not _terminates(exact.denominator):
        raise UnitError(
            f"{value}{source.text} 换算为{target.text}是无限小数（1{source.text} = "
            f"{_fraction_text(ratio)}{target.text}），无法精确表示"
        )
    if ratio.denominator == 1 and _is_power_of_ten(ratio.numerator):
        # 11.1564200亿 -> 111564.200万: the digits move, the data's precision stays. A
        # multiplication would keep all seven places and print 111564.2000000万元. (Division,
        # below, already gives the shortest exact quotient: 278300万 -> 27.83亿.)
        return shift_places(value, len(str(ratio.numerator)) - 1)
    return divide(value * ratio.numerator, Decimal(ratio.denominator))


def shift_places(value: Decimal, digits: int) -> Decimal:
    """value × 10**digits, exactly, keeping the precision of the data (no exponent form):
    11.1564200 shifted by 4 is 111564.200, 5 shifted by 4 is 50000."""
    shifted = value.scaleb(digits)
    exponent = shifted.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return shifted.quantize(Decimal(1))
    return shifted


def _is_power_of_ten(n: int) -> bool:
    text = str(n)
    return text[0] == "1" and text.count("0") == len(text) - 1


def _terminates(denominator: int) -> bool:
    """Whether n/denominator has a finite decimal expansion (only 2s and 5s divide it)."""
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def _fraction_text(ratio: Fraction) -> str:
    # Only a non-terminating ratio is ever shown, so never a whole number (1/15, 3/20000).
    return f"{ratio.numerator}/{ratio.denominator}"


def _dimension_label(unit: Unit) -> str:
    # Counted and declared units are their own dimension: named by the unit itself.
    own = unit.base in COUNTED or unit.base not in BASE_UNITS
    return f"“{unit.base}”" if own else unit.dimension
