"""Units of government indicators built in (issue 12 item 5): 吨标准煤, 千瓦时, 标箱/TEU, 人次,
床, 公里 …, each with its dimension, magnitudes 万/亿 on every one, and English words."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.display import unit_from_english, unit_in_english
from gongshu_kpi.core.units import DeclaredUnit, UnitError, convert, parse_unit, unit_table

runner = CliRunner()


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        ("12345.6", "吨标准煤", "万吨标准煤", "1.23456"),
        ("3.5", "亿千瓦时", "万千瓦时", "35000"),
        ("2500", "万千瓦时", "千瓦时", "25000000"),
        ("1.2", "万TEU", "标箱", "12000"),
        ("1500", "米", "公里", "1.5"),
        ("12.5", "万人次", "人次", "125000"),
    ],
)
def test_built_in_units_convert_exactly(
    value: str, source: str, target: str, expected: str
) -> None:
    assert str(convert(Decimal(value), parse_unit(source), parse_unit(target))) == expected


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("吨", "吨标准煤"),
        ("人", "人次"),
        ("床", "个"),
        ("公里", "平方公里"),
        ("千瓦时", "吨标准煤"),
    ],
)
def test_units_of_different_dimensions_do_not_mix(source: str, target: str) -> None:
    """Standard coal is not mass, 人次 are not people: refused, naming both units."""
    with pytest.raises(UnitError, match=f"“{source}”与“{target}”"):
        convert(Decimal(1), parse_unit(source), parse_unit(target))


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("万吨标准煤", "10,000 tce"),
        ("亿千瓦时", "100 million kWh"),
        ("万标箱", "10,000 TEU"),
        ("万人次", "10,000 person-times"),
        ("床", "beds"),
        ("公里", "km"),
    ],
)
def test_new_units_print_and_read_back_in_english(text: str, english: str) -> None:
    assert unit_in_english(text) == english
    back = unit_from_english(english, parse_unit(text))
    assert back is not None and back.scale == parse_unit(text).scale


ENERGY_TARGETS = """year: 2026
indicators:
  - id: energy
    name: 能源消费总量
    unit: 万吨标准煤
    target: 12.5
    kind: flow
    owner: 区发改局
"""
ENERGY_ACTUALS = """指标,填报单位,月份,数值,口径,计量单位
能源消费总量,东区,2026-01,12345.6,当月,吨标准煤
能源消费总量,东区,2026-02,1.05,当月,万吨标准煤
能源消费总量,西区,2026-01,8000,当月,吨标准煤
能源消费总量,西区,2026-02,2000,当月,吨标准煤
"""


def test_energy_cap_in_10000_tce_with_actuals_in_tce(tmp_path: Path) -> None:
    """Today's refusal of `unit: 万吨标准煤` is gone; 吨标准煤 actuals convert exactly:
    12345.6 + 10500 + 8000 + 2000 吨标准煤 = 3.28456万吨标准煤, 26.28% of 12.5."""
    (tmp_path / "targets.yaml").write_text(ENERGY_TARGETS, encoding="utf-8")
    (tmp_path / "orgs.yaml").write_text(
        "root: 全区\norgs:\n  - name: 东区\n  - name: 西区\n", encoding="utf-8"
    )
    (tmp_path / "actuals").mkdir()
    (tmp_path / "actuals" / "2026.csv").write_text(ENERGY_ACTUALS, encoding="utf-8")
    result = runner.invoke(
        app, ["report", "--month", "2026-02", "--format", "json", "--data", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    (energy,) = json.loads(result.stdout)["indicators"]
    assert (energy["unit"], energy["actual"], energy["completion_rate"]) == (
        "万吨标准煤",
        "3.28456",
        "26.28",
    )


# --- units a project declares (the pure table; targets.yaml's `units:` in test_units_declared) ---


def test_a_declared_unit_takes_magnitudes_and_converts_to_nothing_else() -> None:
    table = unit_table([DeclaredUnit("车次", "运输次数")])
    assert str(
        convert(Decimal("1.25"), parse_unit("万车次", table), parse_unit("车次", table))
    ) == ("12500")
    with pytest.raises(UnitError, match="（“次”与“车次”）"):
        convert(Decimal(1), parse_unit("次", table), parse_unit("车次", table))


def test_a_declared_unit_converts_to_another_by_its_exact_factor() -> None:
    """标准箱 is 标箱 by another name; 公斤标煤 is 1/1000 吨标准煤, and 斤标煤 half a 公斤标煤
    (a same_as may name a unit declared after it)."""
    table = unit_table(
        [
            DeclaredUnit("标准箱", "集装箱", same_as="标箱"),
            DeclaredUnit("斤标煤", "能耗", same_as="公斤标煤", factor=Fraction(1, 2)),
            DeclaredUnit("公斤标煤", "能耗", same_as="吨标准煤", factor=Fraction(1, 1000)),
        ]
    )
    assert str(
        convert(Decimal("3.4"), parse_unit("万标准箱", table), parse_unit("TEU", table))
    ) == ("34000")
    assert str(
        convert(Decimal("2500"), parse_unit("公斤标煤", table), parse_unit("吨标准煤", table))
    ) == ("2.5")
    assert str(
        convert(Decimal("3"), parse_unit("万吨标准煤", table), parse_unit("亿斤标煤", table))
    ) == ("0.6")


def test_the_built_in_table_is_never_changed() -> None:
    unit_table([DeclaredUnit("车次", "运输次数")])
    with pytest.raises(UnitError, match="无法识别的计量单位“万车次”"):
        parse_unit("万车次")


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ([DeclaredUnit(" ", "x")], "计量单位名称不能为空"),
        ([DeclaredUnit("吨", "质量")], "计量单位“吨”是内置单位"),
        ([DeclaredUnit("万吨", "质量")], "计量单位“万吨”已可写作 万 × 吨"),
        ([DeclaredUnit("万", "x")], "计量单位“万”是数量级"),
        ([DeclaredUnit("车次", "x"), DeclaredUnit("车次", "y")], "计量单位“车次”重复声明"),
        ([DeclaredUnit("车次", "x"), DeclaredUnit("万车次", "y")], "已可写作 万 × 车次"),
        ([DeclaredUnit("标准箱", "x", same_as="集装箱")], "same_as“集装箱”不是内置或已声明"),
        (
            [DeclaredUnit("甲", "x", same_as="乙"), DeclaredUnit("乙", "x", same_as="万甲")],
            r"首尾相连（甲 → 乙 → 甲）",
        ),
        ([DeclaredUnit("车次", "x", same_as="次", factor=Fraction(0))], "换算系数应大于 0"),
    ],
)
def test_declarations_that_cannot_stand_are_refused(
    declared: list[DeclaredUnit], message: str
) -> None:
    with pytest.raises(UnitError, match=message):
        unit_table(declared)


def test_an_unknown_unit_is_refused_naming_file_line_and_the_units_known(tmp_path: Path) -> None:
    """万吨标煤 (a common short form) is not a unit kpi knows: the message says where it is
    written and lists what is, so the fix (万吨标准煤) is in front of the reader."""
    (tmp_path / "targets.yaml").write_text(
        ENERGY_TARGETS.replace("万吨标准煤", "万吨标煤"), encoding="utf-8"
    )
    (tmp_path / "orgs.yaml").write_text("root: 全区\norgs:\n  - name: 东区\n", encoding="utf-8")
    result = runner.invoke(app, ["report", "--month", "2026-02", "--data", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "targets.yaml:5:5: 错误：指标 energy：unit 无法识别的计量单位“万吨标煤”" in result.stderr
    assert "、吨标准煤、" in result.stderr and "可加前缀 万、亿 等" in result.stderr
    assert "Traceback" not in result.output
