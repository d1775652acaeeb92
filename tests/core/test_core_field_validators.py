"""Fields written as null in the YAML files keep None (models' profile, a status's fill)
rather than failing the validators that check a value when one is given."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from gongshu_kpi.core.models import Indicator
from gongshu_kpi.core.status_rules import StatusRule


def test_a_null_profile_is_no_profile_and_a_bad_one_is_refused() -> None:
    fields: dict[str, object] = {"id": "x", "name": "X", "unit": "个", "target": Decimal(100)}
    fields["kind"] = "flow"
    assert Indicator.model_validate({**fields, "profile": None}).profile is None
    with pytest.raises(ValidationError, match="应为 12 个非负的月度权重"):
        Indicator.model_validate({**fields, "profile": [Decimal(1)] * 11})


def test_a_null_fill_is_no_fill_and_a_bad_colour_is_refused() -> None:
    fields = {"name": "ok", "label": "达标", "colour": "#00AA00"}
    assert StatusRule.model_validate({**fields, "fill": None}).fill is None
    with pytest.raises(ValidationError, match="颜色“green”无效"):
        StatusRule.model_validate({**fields, "fill": "green"})
