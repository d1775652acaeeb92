"""The domain's value types: indicators and targets (Pydantic), observations and series."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from gongshu_kpi.core.numbers import RoundingName
from gongshu_kpi.core.problems import Location
from gongshu_kpi.core.units import Unit, UnitError, parse_unit


class Kind(StrEnum):
    FLOW = "flow"  # 期间累计: year-to-date is the sum of the months
    STOCK = "stock"  # 时点数 / 累计数: the latest month-end value is the year-to-date value


class Basis(StrEnum):
    MONTH = "month"  # 当月: each number is that month's own amount
    YTD = "ytd"  # 1-N月累计: each number is already year-to-date


def _exact_number(value: object) -> object:
    # YAML numbers arrive as int or Decimal (the loader never makes floats); a string such as
    # "1e3" or "800" means the author quoted a number, which is a typo worth stopping for.
    if isinstance(value, bool | str | float):
        kind = "文字" if isinstance(value, str) else type(value).__name__
        raise ValueError(f"应为数值，得到{kind}“{value}”；修正：去掉引号，写作普通数字如 1000")
    return value


IndicatorId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$")]


class Indicator(BaseModel):
    """One tracked quantity (指标) and its annual target (年度目标任务)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: IndicatorId
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    unit: str
    target: Decimal = Field(gt=0)
    kind: Kind
    group: str = ""
    owner: str = ""
    allow_negative: bool = False

    _check_target = field_validator("target", mode="before")(_exact_number)

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        try:
            parse_unit(value)
        except UnitError as exc:
            raise ValueError(str(exc)) from None
        return value

    @property
    def parsed_unit(self) -> Unit:
        return parse_unit(self.unit)


class Settings(BaseModel):
    """How figures are rounded; offices differ, so this lives in the targets file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rounding: RoundingName = "half-up"
    rate_places: int = Field(default=2, ge=0, le=6)


class Targets(BaseModel):
    """The whole targets file: the year, the settings and the indicators in bulletin order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int = Field(ge=1900, le=2999)
    settings: Settings = Settings()
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Targets:
        for attribute, label in (("id", "id"), ("name", "名称")):
            seen: set[str] = set()
            for indicator in self.indicators:
                key = getattr(indicator, attribute)
                if key in seen:
                    raise ValueError(f"指标{label}“{key}”重复")
                seen.add(key)
        return self

    def by_key(self) -> dict[str, Indicator]:
        """Indicators looked up by id or by name, as actuals files may use either."""
        table: dict[str, Indicator] = {}
        for indicator in self.indicators:
            table[indicator.id] = indicator
            table[indicator.name] = indicator
        return table


@dataclass(frozen=True, slots=True)
class Observation:
    """One accepted actual: already converted to its indicator's unit."""

    indicator_id: str
    org: str
    month: int
    value: Decimal
    basis: Basis
    location: Location


class ActualSeries(BaseModel):
    """An indicator's monthly values for one org in the targets year, in the indicator's unit."""

    model_config = ConfigDict(frozen=True)

    indicator_id: str
    org: str
    basis: Basis
    values: dict[int, Decimal]  # month number -> value as reported (basis above)
    sources: dict[int, Location]


class Status(StrEnum):
    AHEAD = "ahead"  # 超序时
    ON_PACE = "on_pace"  # 达序时
    BEHIND = "behind"  # 落后序时


STATUS_LABEL: dict[Status, str] = {
    Status.AHEAD: "超序时",
    Status.ON_PACE: "达序时",
    Status.BEHIND: "落后序时",
}

OutputLanguage = Literal["zh", "en"]


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """Computed figures of one indicator as of its own latest month with data."""

    indicator: Indicator
    as_of: int | None  # N of 1-N月; None when no month up to the requested one has data
    actual: Decimal | None  # year-to-date, in the indicator's unit
    rate: Decimal | None  # completion rate, percent, rounded
    time_progress: Decimal | None  # percent, rounded
    pace: Decimal | None  # rate - time progress, percentage points (from the rounded figures)
    status: Status | None
    sources: tuple[Location, ...]


@dataclass(frozen=True, slots=True)
class Report:
    year: int
    month: int  # the requested month
    settings: Settings
    results: tuple[IndicatorResult, ...]
