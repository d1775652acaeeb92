"""targets.yaml's `units:` entries (core/unit_specs.UnitSpec): a factor is exact or refused,
and a factor is relative to `same_as`, so one without it is refused."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pydantic import ValidationError

from gongshu_kpi.core.unit_specs import UnitSpec
from gongshu_kpi.core.units import DeclaredUnit


@pytest.mark.parametrize(
    ("factor", "exact"),
    [(1000, Fraction(1000)), ("0.001", Fraction(1, 1000)), (" 1/3 ", Fraction(1, 3))],
)
def test_an_exact_factor_is_kept_exactly(factor: object, exact: Fraction) -> None:
    spec = UnitSpec.model_validate(
        {"name": "标准箱", "counts": "集装箱", "same_as": "标箱", "factor": factor}
    )
    assert spec.declared() == DeclaredUnit("标准箱", "集装箱", "标箱", exact, "")


@pytest.mark.parametrize(
    ("factor", "shown"),
    [
        (0.1, "0.1"),  # a float is not exact (YAML's 0.1 is not one tenth)
        (True, "True"),  # `factor: yes` is not a number
        ([1000], "[1000]"),
        ("约1000", "约1000"),
        ("1/0", "1/0"),
    ],
)
def test_a_factor_that_is_not_exact_is_refused(factor: object, shown: str) -> None:
    with pytest.raises(ValidationError) as raised:
        UnitSpec.model_validate(
            {"name": "标准箱", "counts": "集装箱", "same_as": "标箱", "factor": factor}
        )
    (error,) = raised.value.errors()
    assert error["loc"] == ("factor",)
    assert f"应为精确的数值，得到“{shown}”" in error["msg"]


def test_a_factor_without_same_as_is_refused() -> None:
    with pytest.raises(ValidationError, match="写了 factor 却没有 same_as"):
        UnitSpec.model_validate({"name": "标准箱", "counts": "集装箱", "factor": 1000})
    # A factor of 1 says nothing more than no factor: a unit of its own.
    spec = UnitSpec.model_validate({"name": "车次", "counts": "运输次数", "factor": 1})
    assert spec.declared() == DeclaredUnit("车次", "运输次数", None, Fraction(1), "")
