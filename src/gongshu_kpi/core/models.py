"""The domain's value types: indicators and targets (Pydantic), orgs, observations, results."""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from gongshu_kpi.core.numbers import RoundingName
from gongshu_kpi.core.periodic.period import Frequency
from gongshu_kpi.core.periods import MONTHS_IN_YEAR, Month
from gongshu_kpi.core.problems import Location, Place
from gongshu_kpi.core.unit_specs import UnitSpec, UnitTable, units_in
from gongshu_kpi.core.units import BASE_UNITS, Unit, checked_unit, parse_unit, unit_table

if TYPE_CHECKING:
    from gongshu_kpi.core.notes import Note
    from gongshu_kpi.core.status_rules import Grade


class Kind(StrEnum):
    FLOW = "flow"  # 期间累计: year-to-date is the sum of the months
    STOCK = "stock"  # 时点数 / 累计数: the latest month-end value is the year-to-date value


class Basis(StrEnum):
    MONTH = "month"  # 当月: each number is that month's own amount
    YTD = "ytd"  # 1-N月累计: each number is already year-to-date


class Direction(StrEnum):
    HIGHER = "higher"  # more is better (revenue, investment)
    LOWER = "lower"  # less is better (energy use): completion and status are inverted


class TargetType(StrEnum):
    AMOUNT = "amount"  # reach an amount: completion = actual / target
    GROWTH = "growth"  # reach a growth rate (增长8%): compared in percentage points


def _exact_number(value: object) -> object:
    # YAML numbers arrive as int or Decimal (the loader never makes floats); a string such as
    # "1e3" or "800" means the author quoted a number, which is a typo worth stopping for.
    if isinstance(value, bool | str | float):
        kind = "文字" if isinstance(value, str) else type(value).__name__
        raise ValueError(f"应为数值，得到{kind}“{value}”；修正：去掉引号，写作普通数字如 1000")
    return value


class TargetChange(BaseModel):
    """The annual target in force from a month on."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    start: str = Field(alias="from")  # YYYY-MM, kept as written; `month` parses it
    target: Decimal = Field(gt=0)
    note: str = "调整后目标"

    @field_validator("start", mode="before")
    @classmethod
    def _a_month(cls, value: object) -> object:
        if not isinstance(value, str):
            raise ValueError(f"from 应为月份，写作 YYYY-MM（如 2020-07），得到“{value}”")
        Month.parse(value)  # its message names the fix
        return value

    # The same rule as an indicator's target: a quoted number is a typo worth stopping for.
    _check_target = field_validator("target", mode="before")(_exact_number)

    @property
    def month(self) -> Month:
        return Month.parse(self.start)


def check_target_changes(changes: Sequence[TargetChange]) -> list[str]:
    """Problems with a list of changes, as messages with their fix: out of order, or two
    changes from the same month."""
    problems: list[str] = []
    months = [c.month for c in changes]
    for earlier, later in pairwise(months):
        if later == earlier:
            problems.append(f"target_changes 中 {later} 出现两次；同一月只能有一个调整后目标")
        elif later < earlier:
            problems.append(f"target_changes 应按月份先后排列：{later} 写在了 {earlier} 之后")
    return problems


_T = TypeVar("_T", Decimal, dict[int, Decimal], dict[str, Decimal])


IndicatorId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Display(BaseModel):
    """How an indicator's amounts are shown; display only, the figures stay exact.

    Without it the default rule of core/display.py applies (amounts as entered, converted
    ones without digits the data did not have)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    places: int | None = Field(default=None, ge=0, le=6)  # actual, last year's, projection
    target_places: int | None = Field(default=None, ge=0, le=6)
    target_unit: str | None = None  # e.g. 亿美元 for an indicator kept in 万美元
    actual_unit: str | None = None

    @field_validator("target_unit", "actual_unit")
    @classmethod
    def _known_unit(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else checked_unit(value, units_in(info))


class Indicator(BaseModel):
    """One tracked quantity (指标) and its annual target (年度目标任务)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: IndicatorId
    name: Name
    name_en: str = ""  # the name in English output (--lang en, *_en templates)
    unit: str
    # Declared before the targets so their validators know whether an amount is required.
    target_type: TargetType = TargetType.AMOUNT
    target: Decimal
    kind: Kind
    group: str = ""
    owner: str = ""
    allow_negative: StrictBool = False
    direction: Direction = Direction.HIGHER
    # Targets of other years (the file's `year` uses `target`), for multi-year folders.
    targets_by_year: dict[int, Decimal] = Field(default_factory=dict)
    # Targets of single orgs for the file's year (an org name -> its own annual target).
    org_targets: dict[str, Decimal] = Field(default_factory=dict)
    # Twelve monthly weights phasing the target through the year; time progress follows them.
    profile: tuple[Decimal, ...] | None = None
    yoy: StrictBool = True  # False where last year's figure is no fair base (growth: none)
    # Other names bulletins use for it (营收 for 主营业务收入), for `kpi check --bulletin`.
    aliases: tuple[Name, ...] = ()
    display: Display = Display()
    # Targets adjusted during the year (调整后目标), in month order: from its month on, figures
    # of that year use the change's target (core/periodic/targets.py); `target` stays 原目标.
    target_changes: tuple[TargetChange, ...] = ()
    # 序时进度 pace: "time" or "none"; unset, a flow has it and a stock has none
    # (core/periodic/progress.py pace_rule).
    pace: Literal["time", "none"] | None = None
    # How often it is reported: a quarterly org is never missing April and May, and its time
    # progress moves by quarters (core/periodic/progress.py).
    frequency: Frequency = Frequency.MONTHLY

    # The project's unit table (targets.yaml's `units:` with the built-in ones), kept from
    # validation so every unit of this indicator is read against it (parsed_unit, units).
    # A factory: pydantic deep-copies a mutable default= per instance (1000: a third of a second)
    _units: UnitTable = PrivateAttr(default_factory=lambda: BASE_UNITS)

    _check_numbers = field_validator("target", mode="before")(_exact_number)

    @field_validator("targets_by_year", "org_targets", "profile", mode="before")
    @classmethod
    def _exact_values(cls, value: object) -> object:
        items = value.values() if isinstance(value, dict) else value
        for item in items if isinstance(items, list | tuple | type({}.values())) else ():
            _exact_number(item)
        return value

    @field_validator("target", "targets_by_year", "org_targets")
    @classmethod
    def _positive_amounts(cls, value: _T, info: ValidationInfo) -> _T:
        # A growth target may be zero or negative (持平, 降幅收窄); an amount must be > 0.
        if info.data.get("target_type", TargetType.AMOUNT) is not TargetType.AMOUNT:
            return value
        if isinstance(value, dict):
            for key, amount in value.items():
                if amount <= 0:
                    raise ValueError(f"中“{key}”的目标必须大于 0，得到 {amount}")
        elif value <= 0:
            raise ValueError(f"必须大于 0，得到 {value}")
        return value

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str, info: ValidationInfo) -> str:
        return checked_unit(value, units_in(info))

    @field_validator("target_changes")
    @classmethod
    def _changes_in_order(cls, value: tuple[TargetChange, ...]) -> tuple[TargetChange, ...]:
        problems = check_target_changes(value)
        if problems:
            # The loader names the field already: "target_changes 中…", not twice.
            raise ValueError("；".join(p.removeprefix("target_changes ") for p in problems))
        return value

    @field_validator("profile")
    @classmethod
    def _twelve_weights(cls, value: tuple[Decimal, ...] | None) -> tuple[Decimal, ...] | None:
        if value is None:
            return None
        if len(value) != MONTHS_IN_YEAR or any(w < 0 for w in value) or sum(value) <= 0:
            raise ValueError("应为 12 个非负的月度权重，且总和大于 0")
        return value

    @model_validator(mode="after")
    def _display_units(self, info: ValidationInfo) -> Indicator:
        self._units = units_in(info)
        # Only a magnitude may change (亿美元 ↔ 万美元): any other unit would change the figure.
        own = self.parsed_unit
        for key in ("target_unit", "actual_unit"):
            text = getattr(self.display, key)
            if text is None:
                continue
            shown = parse_unit(text, self._units)
            ratio = shown.scale / own.scale
            powers = {Fraction(10) ** n for n in range(-12, 13)}
            if shown.base != own.base or ratio not in powers:
                raise ValueError(
                    f"display.{key}“{text}”与指标单位“{self.unit}”只能相差万、亿等数量级"
                    f"（如 亿美元 与 万美元）"
                )
        return self

    @property
    def parsed_unit(self) -> Unit:
        return parse_unit(self.unit, self._units)

    @property
    def units(self) -> UnitTable:
        """The unit table this indicator's units are read against (declared units too)."""
        return self._units

    def target_for(self, year: int, default_year: int, org: str = "") -> Decimal | None:
        """The annual target for a year and org, or None when none is set."""
        if org:
            return self.org_targets.get(org) if year == default_year else None
        if year == default_year:
            return self.target
        return self.targets_by_year.get(year)


class Settings(BaseModel):
    """How figures are rounded and judged; offices differ, so this lives in the targets file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rounding: RoundingName = "half-up"
    # Strict: `rate_places: "2"` is a quoted number, refused like `target: "800"`.
    rate_places: int = Field(default=2, ge=0, le=6, strict=True)
    growth_places: int = Field(default=1, ge=0, le=6, strict=True)
    # Time progress: N/12 at 1-N月, or days elapsed at the end of month N over days in the year.
    time_progress: Literal["months", "days"] = "months"
    # |completion − time progress| within this many points counts as 达序时.
    on_pace_band: Decimal = Field(default=Decimal(0), ge=0)
    # Growth of 100% or more written as 增长1.21倍 rather than 增长121.0%.
    growth_as_times: StrictBool = False
    # Collection deadline (催报): the month's figures are due by this day of the next month
    # (clamped to that month's length); None = no deadline, so nothing is ever late.
    due_day: StrictInt | None = Field(default=None, ge=1, le=31)

    _check_numbers = field_validator("on_pace_band", mode="before")(_exact_number)
    # 千分位 in tables (terminal, Markdown, HTML, XLSX): 111,564.2; bulletins and data never.
    thousands_separator: StrictBool = False
    # Year-to-date periods in output: 1-6月, 1-9月 ("months") or 上半年, 前三季度 ("names").
    period_labels: Literal["months", "names"] = "months"


class Targets(BaseModel):
    """The whole targets file: the year, the settings and the indicators in bulletin order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int = Field(ge=1900, le=2999, strict=True)
    settings: Settings = Settings()
    # Units the project declares (车次 …), read before the indicators: see UNITS_CONTEXT.
    units: tuple[UnitSpec, ...] = ()
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    _unit_table: UnitTable = PrivateAttr(default_factory=lambda: BASE_UNITS)

    @model_validator(mode="after")
    def _keep_unit_table(self, info: ValidationInfo) -> Targets:
        table = units_in(info)
        if self.units and table is BASE_UNITS:  # validated without the loader's context
            table = unit_table(spec.declared() for spec in self.units)
        self._unit_table = table
        return self

    @property
    def unit_table(self) -> UnitTable:
        """The built-in units and the declared ones, as every unit of this file is read."""
        return self._unit_table

    @model_validator(mode="after")
    def _unique(self) -> Targets:
        for attribute, label in (("id", "id"), ("name", "名称")):
            seen: set[str] = set()
            for indicator in self.indicators:
                key = getattr(indicator, attribute)
                if key in seen:
                    raise ValueError(f"指标{label}“{key}”重复")
                seen.add(key)
        # An alias naming two indicators (or another's name) would make bulletin matching
        # depend on file order; refuse it here so the fact-check never has to guess.
        # Compared after NFKC: ⽬标 (a Kangxi radical) and 目标 look the same to a reader.
        owner: dict[str, tuple[str, str]] = {}
        for indicator in self.indicators:
            for key in (indicator.id, indicator.name, *indicator.aliases):
                normal = unicodedata.normalize("NFKC", key)
                first_id, first_key = owner.setdefault(normal, (indicator.id, key))
                if first_id == indicator.id:
                    continue
                if first_key == key:
                    raise ValueError(f"名称或别名“{key}”同时指向指标 {first_id} 和 {indicator.id}")
                raise ValueError(
                    f"指标 {first_id} 的“{first_key}”与指标 {indicator.id} 的“{key}”"
                    "字形统一（NFKC）后相同，会被当作同一个名称；请改用不同的名称"
                )
        return self

    def by_key(self) -> dict[str, Indicator]:
        """Indicators looked up by id or by name, as actuals files may use either."""
        table: dict[str, Indicator] = {}
        for indicator in self.indicators:
            table[indicator.id] = indicator
            table[indicator.name] = indicator
        return table

    def years(self) -> set[int]:
        """Years with targets, and the two before each (the bases of 同比 and 两年平均增长)."""
        with_targets = {self.year} | {y for i in self.indicators for y in i.targets_by_year}
        return with_targets | {y - back for y in with_targets for back in (1, 2)}


@dataclass(frozen=True, slots=True)
class Observation:
    """One accepted actual: already converted to its indicator's unit."""

    indicator_id: str
    org: str
    year: int
    month: int
    value: Decimal
    basis: Basis
    place: Place  # the file (or sheet) and column the value was read from
    row: int  # its 1-based line or sheet row
    first_month: int = 0  # a combined release (1-2月) covers first_month..month; 0 = just month

    @property
    def location(self) -> Location:
        return self.place.at(self.row)


class SourceMap(Mapping[int, Location]):
    """month -> where that month's value was read, built only when read.

    A million rows would otherwise keep a million Location objects alive for the few
    that a message or `kpi explain` ever shows. Row numbers sit in an array indexed by
    month (0 where a month has none; rows count from 1): a dict of int objects per
    series cost eight times as much.
    """

    __slots__ = ("_place", "_places", "_rows")

    def __init__(
        self, rows: array[int], place: Place, places: dict[int, Place] | None = None
    ) -> None:
        self._rows = rows
        self._place = place  # where most months came from
        self._places = places  # the months that came from somewhere else, if any

    def __getitem__(self, month: int) -> Location:
        rows = self._rows
        row = rows[month] if 0 < month < len(rows) else 0
        if not row:
            raise KeyError(month)
        places = self._places
        return (self._place if places is None else places.get(month, self._place)).at(row)

    def __iter__(self) -> Iterator[int]:
        return (month for month, row in enumerate(self._rows) if row)

    def __len__(self) -> int:
        return len(self._rows) - self._rows.count(0)


@dataclass(frozen=True, slots=True)
class ActualSeries:
    """An indicator's monthly values for one org and year, in the indicator's unit.

    A plain frozen dataclass, not a model: it is built only from rows already validated
    (one per series, so its size and build time count), never from outside data."""

    indicator_id: str
    org: str
    year: int
    basis: Basis
    values: dict[int, Decimal]  # month number -> value as reported (basis above)
    sources: Mapping[int, Location]  # month -> where it was reported (a SourceMap)
    # month -> first month of a combined release ending there
    covers: dict[int, int] = field(default_factory=dict)


class Status(StrEnum):
    AHEAD = "ahead"  # 超序时
    ON_PACE = "on_pace"  # 达序时
    BEHIND = "behind"  # 落后序时


OutputLanguage = Literal["zh", "en"]


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """Computed figures of one indicator (for one org) as of its own latest month with data."""

    indicator: Indicator
    org: str  # "" is the whole (the district, or the root of the org tree)
    target: Decimal | None
    as_of: int | None  # N of 1-N月; None when no month up to the requested one has data
    actual: Decimal | None  # year-to-date, in the indicator's unit (achieved % for growth targets)
    rate: Decimal | None  # completion rate, percent, rounded (points vs target for growth targets)
    time_progress: Decimal | None  # percent, rounded
    pace: Decimal | None  # percentage points ahead (+) or behind (−), from the rounded figures
    status: Status | None
    previous: Decimal | None = None  # last year's year-to-date over the same months
    yoy: Decimal | None = None  # year-on-year growth, percent, rounded
    yoy_times: Decimal | None = None  # the same as 倍 (growth_as_times, at 100% and above)
    share: Decimal | None = None  # percent of the whole named by --share-of
    whole: Decimal | None = None
    projection: Decimal | None = None  # 预计全年
    projection_method: str | None = None  # "run-rate" or "seasonal"
    rank: int | None = None
    rank_tied: bool = False
    grade: Grade | None = None  # the status from data/status.yaml (core/status_rules.py)
    note: Note | None = None  # 落后原因 / 下步措施 from data/notes/YYYY-MM.yaml (core/notes.py)
    gap: Decimal | None = None  # 距目标还差: target − year-to-date; 0 or negative = 超额完成
    # Periods after as_of (后N个月, or 后N个季度 when need_frequency is quarterly) and the need
    # per period: gap ÷ periods left, rounded once (up to a whole number for counts; 0 when done)
    months_left: int | None = None
    monthly_need: Decimal | None = None
    need_frequency: Frequency | None = None  # what months_left counts and monthly_need is per
    two_year_growth: Decimal | None = None  # 两年平均增长, percent, rounded once
    month_amount: Decimal | None = None  # 当月: as_of's own amount (flows)
    month_first: int | None = None  # its first month: 1 for a 1-2月 release
    month_yoy: Decimal | None = None  # 当月同比, percent, rounded
    chain: Decimal | None = None  # 环比 of the month's amount, percent, rounded
    chain_note: str = ""  # why there is no 环比 (after a 1-2月 release: not comparable)
    ytd_chain: Decimal | None = None  # 累计环比: a stock's level against last month-end's, %
    ytd_chain_note: str = ""  # why there is none (a flow's year-to-date: not meaningful)
    # 原目标, its name and month (YYYY-MM) when `target` is adjusted (indicator.target_changes)
    original_target: Decimal | None = None
    target_note: str = ""
    target_from: str = ""
    # With --share-of, where the whole has no figure at this result's month: the share
    # column's mark (※) and the note saying why there is no share
    share_mark: str = ""
    share_note: str = ""


@dataclass(frozen=True, slots=True)
class ExternalRank:
    """A rank published by someone else (全市排名第四), stored as data and printed."""

    indicator_id: str
    year: int
    month: int
    scope: str  # 全市, 同城组
    rank: int


@dataclass(frozen=True, slots=True)
class Report:
    year: int
    month: int  # the requested month
    settings: Settings
    results: tuple[IndicatorResult, ...]
    org_label: str = ""  # whose figures these are, for titles ("" = the whole)
    root_name: str = "合计"  # what the whole is called, in rows beside its orgs
    share_of: str | None = None
    external_ranks: tuple[ExternalRank, ...] = field(default_factory=tuple)
    # indicator id -> the finest unit its actuals were entered in, where finer than its own
    # unit (万元 cells for an 亿元 indicator), for the display rule (core/display.py)
    finest_units: Mapping[str, str] = field(default_factory=dict)
