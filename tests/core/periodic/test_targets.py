"""Targets adjusted during the year: the target in force at a month, and the original."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from gongshu_kpi.core.numbers import percent, round_to
from gongshu_kpi.core.periodic.targets import TargetChange, check_target_changes, target_in_force
from gongshu_kpi.core.periods import Month

D = Decimal
# As targets.yaml gives it: target 1000, adjusted to 900 from July 2020.
CHANGES = (TargetChange.model_validate({"from": "2020-07", "target": 900, "note": "调整后目标"}),)


def test_target_adjusted_from_july() -> None:
    """June uses the original 1000; July on, 900 — 1-8月 620 is 68.89%, not 62.00%."""
    june = target_in_force(D(1000), CHANGES, Month(2020, 6))
    assert june.target == D(1000) and not june.adjusted and june.change is None
    august = target_in_force(D(1000), CHANGES, Month(2020, 8))
    assert august.adjusted and august.original == D(1000) and august.target == D(900)
    assert august.change is not None and august.change.note == "调整后目标"
    assert str(round_to(percent(D(620), august.target), 2)) == "68.89"
    assert target_in_force(D(1000), CHANGES, Month(2020, 7)).target == D(900)
    # A 2020 change does not touch 2021's figures.
    assert target_in_force(D(1200), CHANGES, Month(2021, 8)).target == D(1200)


def test_latest_change_wins() -> None:
    """Two changes in a year: each applies from its month until the next."""
    changes = (
        TargetChange(start="2020-04", target=D(950)),
        TargetChange.model_validate({"from": "2020-10", "target": 880}),
    )
    assert target_in_force(D(1000), changes, Month(2020, 3)).target == D(1000)
    assert target_in_force(D(1000), changes, Month(2020, 9)).target == D(950)
    assert target_in_force(D(1000), changes, Month(2020, 12)).target == D(880)
    assert check_target_changes(changes) == []
    assert check_target_changes(changes[::-1]) == [
        "target_changes 应按月份先后排列：2020-04 写在了 2020-10 之后"
    ]
    assert check_target_changes((changes[0], changes[0])) == [
        "target_changes 中 2020-04 出现两次；同一月只能有一个调整后目标"
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"from": "2020-13", "target": 900}, "月份应在 1 到 12 之间"),
        ({"from": "July", "target": 900}, "应写作 YYYY-MM"),
        ({"from": 202007, "target": 900}, "from 应为月份"),
        ({"from": "2020-07", "target": "900"}, "去掉引号"),
        ({"from": "2020-07", "target": 0}, "greater than 0"),
        ({"from": "2020-07", "target": 900, "when": 1}, "Extra inputs"),
    ],
)
def test_bad_changes_are_refused(raw: dict[str, object], message: str) -> None:
    """A change that is not a month and a positive number is refused with the fix."""
    with pytest.raises(ValidationError, match=message):
        TargetChange.model_validate(raw)


def test_changes_nest_in_an_indicator_like_model_and_dump_as_written() -> None:
    """As a field of a frozen model (how Indicator will hold them), read from the YAML shape
    and written back with `from` (a published snapshot keeps what was published)."""
    from pydantic import BaseModel, ConfigDict

    class Holder(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid")
        target_changes: tuple[TargetChange, ...] = ()

    holder = Holder.model_validate(
        {"target_changes": [{"from": "2020-07", "target": D(900), "note": "调整后目标"}]}
    )
    assert holder.target_changes[0].month == Month(2020, 7)
    assert holder.model_dump(by_alias=True, mode="json") == {
        "target_changes": [{"from": "2020-07", "target": "900", "note": "调整后目标"}]
    }
