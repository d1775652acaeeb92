"""targets.yaml's `units:` section: the units a project declares (车次, 标准箱 …), and how the
table they make (core/units.unit_table) reaches every validator that reads a unit: through
the validation context, never a global."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from gongshu_kpi.core.units import BASE_UNITS, BaseUnit, DeclaredUnit

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

UnitTable = Mapping[str, BaseUnit]
# The validation context's key for the project's unit table (core/units.unit_table): the
# targets loader builds it from the `units:` section before the indicators are validated.
UNITS_CONTEXT = "units"


def units_in(info: ValidationInfo) -> UnitTable:
    """The unit table a validation was given (built-in units when none was)."""
    context = info.context
    found = context.get(UNITS_CONTEXT) if isinstance(context, dict) else None
    return found if found is not None else BASE_UNITS


def _exact_factor(value: object) -> Fraction:
    # A factor is exact or refused: 1000, 0.001 and 1/3 are; 约1000 or a float is not.
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            pass
    raise ValueError(
        f'应为精确的数值，得到“{value}”；写作整数、小数或分数，如 1000、0.001 或 "1/3"'
    )


class UnitSpec(BaseModel):
    """A unit targets.yaml's `units:` declares (core/units.DeclaredUnit): 车次 counting
    运输次数, or 标准箱 with `same_as: 标箱` (1 标准箱 = `factor` 标箱, exactly)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    name: Name
    counts: Name  # what it counts, for people reading targets.yaml
    en: str = ""  # its words in English output (vehicle trips); unset, the name itself
    same_as: Name | None = None
    factor: Fraction = Fraction(1)
    # Counts whole, indivisible things (床位, 车次): 月均需完成 is rounded up to a whole
    # number, as for the built-in 个, 家, 项. Not implied by `counts` (a description every
    # unit has) nor by `same_as` (a declared unit says it itself).
    whole: bool = False

    _check_factor = field_validator("factor", mode="before")(_exact_factor)

    @model_validator(mode="after")
    def _factor_needs_same_as(self) -> UnitSpec:
        if self.same_as is None and self.factor != 1:
            raise ValueError("写了 factor 却没有 same_as：换算系数是相对 same_as 的单位而言的")
        return self

    def declared(self) -> DeclaredUnit:
        return DeclaredUnit(
            self.name, self.counts, self.same_as, self.factor, self.en.strip(), self.whole
        )
