"""Status rules (data/status.yaml): named statuses with labels and colours, first match wins,
the built-in 超/达/落后序时 where none matches; a summary line of counts per status."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.models import (
    Direction,
    Indicator,
    IndicatorResult,
    Kind,
    Status,
)
from gongshu_kpi.core.status_rules import (
    StatusCount,
    StatusRules,
    grade_for,
    summary_sentence,
    tint,
)
from tests.paths import FIXTURES

runner = CliRunner()

THREE_LIGHTS = """\
# 亮灯：从上到下，第一条满足的为准
statuses:
  - name: green
    label: 绿灯
    colour: "1B7F3B"
    when: {pace: ">= 10"}
  - name: yellow
    label: 黄灯
    colour: "B7791F"
    fill: "FFF4D6"
    when: {pace: ">= 2"}
  - name: red
    label: 红灯
    colour: "#b42318"
"""


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    root = tmp_path / "towns"
    shutil.copytree(FIXTURES / "towns", root)
    (root / "data" / "status.yaml").write_text(THREE_LIGHTS, encoding="utf-8")
    return root


def kpi(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _result(
    pace: str | None, rate: str = "50", yoy: str | None = None, **kw: object
) -> IndicatorResult:
    indicator = Indicator(
        id=str(kw.get("id", "x")),
        name=str(kw.get("name", "某指标")),
        unit="亿元",
        target=Decimal(100),
        kind=Kind.FLOW,
        group=str(kw.get("group", "")),
        direction=kw.get("direction", Direction.HIGHER),
    )
    return IndicatorResult(
        indicator=indicator,
        org="",
        target=Decimal(100),
        as_of=6,
        actual=Decimal(rate),
        rate=Decimal(rate),
        time_progress=Decimal(50),
        pace=None if pace is None else Decimal(pace),
        status=Status.AHEAD,
        yoy=None if yoy is None else Decimal(yoy),
    )


def rules(text: str) -> StatusRules:
    import yaml

    return StatusRules.model_validate(yaml.safe_load(text))


def test_first_matching_status_wins() -> None:
    lights = rules(THREE_LIGHTS)
    codes = [grade_for(lights, _result(p)).code for p in ("13.75", "10", "2.47", "2", "1.6", "-9")]  # type: ignore[union-attr]
    assert codes == ["green", "green", "yellow", "yellow", "red", "red"]


def test_colours_are_normalised_and_fills_derived() -> None:
    grades = {
        g.code: g
        for g in (grade_for(rules(THREE_LIGHTS), _result(p)) for p in ("20", "5", "0"))
        if g
    }
    assert (grades["red"].colour, grades["red"].fill) == ("B42318", tint("B42318"))
    assert grades["yellow"].fill == "FFF4D6"
    # 15% of the colour over white: 255 − (255 − 0x1B) × 15 // 100 = 255 − 34 = 0xDD,
    # 255 − (255 − 0x7F) × 15 // 100 = 0xEC, 255 − (255 − 0x3B) × 15 // 100 = 0xE2
    assert tint("1B7F3B") == "DDECE2"


def test_no_rule_matching_keeps_the_built_in_status() -> None:
    only_green = rules(
        'statuses: [{name: g, label: 绿灯, colour: "00FF00", when: {pace: ">= 10"}}]'
    )
    assert grade_for(only_green, _result("3")) is None
    assert grade_for(only_green, replace(_result("30"), as_of=None)) is None


def test_rate_and_growth_conditions_all_must_hold() -> None:
    both = rules(
        'statuses: [{name: star, label: 双优, colour: "0000FF",'
        ' when: {rate: "> 60", growth: ">= 10"}}]'
    )
    assert grade_for(both, _result("5", rate="61", yoy="10.0")) is not None
    assert grade_for(both, _result("5", rate="61", yoy="9.9")) is None
    assert grade_for(both, _result("5", rate="60", yoy="12")) is None
    assert grade_for(both, _result("5", rate="61")) is None  # no growth: no match


def test_a_cap_reads_pace_as_points_ahead() -> None:
    """Under a cap, using less than the calendar is ahead: +5 printed (above) is 5 behind."""
    lights = rules(THREE_LIGHTS)
    above = _result("5", direction=Direction.LOWER)
    below = _result("-12", direction=Direction.LOWER)
    assert grade_for(lights, above).code == "red"  # type: ignore[union-attr]
    assert grade_for(lights, below).code == "green"  # type: ignore[union-attr]


def test_rules_for_some_indicators_or_groups_only() -> None:
    text = """\
statuses:
  - {name: strict, label: 未达标, colour: "B42318", indicators: [tax], when: {pace: "< 5"}}
  - {name: invest, label: 投资亮灯, colour: "1B7F3B", groups: [投资]}
"""
    scoped = rules(text)
    assert grade_for(scoped, _result("3", id="tax")).code == "strict"  # type: ignore[union-attr]
    assert grade_for(scoped, _result("3", id="other")) is None
    assert grade_for(scoped, _result("3", group="投资")).code == "invest"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('statuses: [{name: g, label: 绿, colour: "12345"}]', "颜色“12345”无效"),
        ('statuses: [{name: g, label: 绿, colour: "00FF00", when: {pace: "≥ 5"}}]', "无法读取"),
        ('statuses: [{name: g, label: 绿, colour: "00FF00", when: {speed: 5}}]', "未知的判定依据"),
        ('statuses: [{name: 绿灯, label: 绿, colour: "00FF00"}]', "name"),
        (
            (
                'statuses: [{name: g, label: 绿, colour: "00FF00"},'
                ' {name: g, label: 红, colour: "FF0000"}]'
            ),
            "重复",
        ),
    ],
)
def test_bad_rules_are_refused(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules(text)
    assert words in str(caught.value)


def test_summary_sentence() -> None:
    counts = [StatusCount("ahead", "超序时", 7), StatusCount("behind", "落后序时", 2)]
    assert summary_sentence(9, counts) == "9项指标中7项超序时，2项落后序时"
    assert summary_sentence(10, counts) == "10项指标中7项超序时，2项落后序时，1项暂无进度"
    assert summary_sentence(9, counts, zh=False) == "Of 9 indicators: 7 超序时, 2 落后序时"
    assert summary_sentence(0, []) == ""
    # Lines with data but no target have nothing to be rated on: 无目标, not 暂无进度.
    assert (
        summary_sentence(10, counts, untargeted=1) == "10项指标中7项超序时，2项落后序时，1项无目标"
    )
    assert summary_sentence(10, counts, zh=False, untargeted=1).endswith("1 without a target")


def test_orgs_without_targets_are_counted_as_such_and_bulletins_check(
    towns: Path, tmp_path: Path
) -> None:
    """星直播小镇 has data but no targets of its own (8 lines: 智慧网谷小镇's 4, of which
    主营业务收入 is rated 绿灯 against its org target, and 星直播小镇's 4); kpi's bulletin with
    that summary line passes its own fact-check without a warning."""
    data = str(towns / "data")
    alone = kpi("report", "--data", data, "-m", "2020-06", "--org", "星直播小镇")
    assert "4项指标中3项无目标，1项暂无进度" in alone
    out = tmp_path / "通报.md"
    two = ("--org", "智慧网谷小镇", "--org", "星直播小镇")
    kpi("report", "--data", data, "-m", "2020-06", *two, "-t", "bulletin_full", "-o", str(out))
    summary = out.read_text(encoding="utf-8").splitlines()[0]
    assert summary == "8项指标中1项绿灯，5项无目标，2项暂无进度。"
    checked = runner.invoke(app, ["check", "--data", data, "-m", "2020-06", "--bulletin", str(out)])
    assert checked.exit_code == 0, checked.output
    assert "未能识别" not in checked.output and "0 个有误" in checked.output


def test_three_statuses_on_the_towns_table(towns: Path) -> None:
    out = kpi("report", "--data", str(towns), "-m", "2020-06")
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line[:1] == " "}
    assert rows["主营业务收入"][1] == "黄灯"  # +2.47
    assert rows["常规税收贡献"][1] == "红灯"  # +1.60
    assert rows["新招引企业"][1] == "绿灯"  # +13.75
    assert "4项指标中1项绿灯，1项黄灯，2项红灯" in out


def test_terminal_colours_are_the_rules_colours(towns: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from gongshu_kpi.pipeline import ReportAsk, build_report, find_data_folder, load
    from gongshu_kpi.render.formats import render_table

    report = build_report(load(find_data_folder(towns)), ReportAsk("2020-06"))
    buffer = StringIO()
    Console(file=buffer, force_terminal=True, color_system="truecolor", width=200).print(
        render_table(report)
    )
    painted = buffer.getvalue()
    assert "38;2;27;127;59" in painted  # 1B7F3B, green
    assert "38;2;183;121;31" in painted  # B7791F, yellow
    assert "38;2;180;35;24" in painted  # B42318, red


def test_json_has_labels_colours_and_summary_counts(towns: Path) -> None:
    data = json.loads(kpi("report", "--data", str(towns), "-m", "2020-06", "-f", "json"))
    assert data["summary"]["text"] == "4项指标中1项绿灯，1项黄灯，2项红灯"
    assert data["summary"]["counts"] == [
        {"status": "green", "label": "绿灯", "count": 1},
        {"status": "yellow", "label": "黄灯", "count": 1},
        {"status": "red", "label": "红灯", "count": 2},
    ]
    first = data["indicators"][0]
    assert (first["status_code"], first["status_label"], first["status_colour"]) == (
        "yellow",
        "黄灯",
        "B7791F",
    )
    assert first["status"] == "ahead"  # the built-in status stays beside it


def test_json_summary_without_rules_counts_the_built_in_statuses() -> None:
    data = json.loads(
        kpi("report", "--data", str(FIXTURES / "towns"), "-m", "2020-06", "-f", "json")
    )
    assert data["summary"]["text"] == "4项指标中3项超序时，1项高于目标"


def test_default_template_starts_with_the_summary(towns: Path, tmp_path: Path) -> None:
    out = kpi("report", "--data", str(towns), "-m", "2020-06", "--template", "bulletin")
    assert out.splitlines()[0] == "4项指标中1项绿灯，1项黄灯，2项红灯。"
    draft = tmp_path / "draft.txt"
    draft.write_text(out, encoding="utf-8")
    check = runner.invoke(app, ["check", "--data", str(towns), "-m", "2020-06", "-b", str(draft)])
    assert check.exit_code == 0, check.output
    assert "0 个警告" in check.output


def test_default_template_without_rules_is_unchanged() -> None:
    out = kpi("report", "--data", str(FIXTURES / "towns"), "-m", "2020-06", "-t", "bulletin")
    assert out.splitlines()[0].startswith("◎ 主营业务收入")


def test_html_colours_each_status(towns: Path, tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    kpi("report", "--data", str(towns), "-m", "2020-06", "-o", str(page))
    text = page.read_text(encoding="utf-8")
    assert "td.status.yellow{color:#B7791F;background:#FFF4D6}" in text
    assert f"td.status.red{{color:#B42318;background:#{tint('B42318')}}}" in text
    assert '<td class="status green">绿灯</td>' in text
    assert "4项指标中1项绿灯，1项黄灯，2项红灯" in text


def test_xlsx_fills_each_status(towns: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    kpi("report", "--data", str(towns), "-m", "2020-06", "-o", str(out))
    sheet = load_workbook(out)["汇总"]
    cells = {
        c.value: c for row in sheet.iter_rows() for c in row if c.value in ("绿灯", "黄灯", "红灯")
    }
    assert cells["黄灯"].fill.fgColor.rgb.endswith("FFF4D6")
    assert cells["黄灯"].font.color.rgb.endswith("B7791F")
    assert cells["绿灯"].fill.fgColor.rgb.endswith(tint("1B7F3B"))
    footer = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "4项指标中1项绿灯，1项黄灯，2项红灯" in footer


def test_docx_shades_each_status(towns: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "r.docx"
    kpi("report", "--data", str(towns), "-m", "2020-06", "-o", str(out))
    document = Document(str(out))
    shaded = {
        cell.text: cell._tc.xml
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        if cell.text in ("绿灯", "黄灯", "红灯")
    }
    assert 'w:fill="FFF4D6"' in shaded["黄灯"]
    assert any(p.text == "4项指标中1项绿灯，1项黄灯，2项红灯" for p in document.paragraphs)


def test_bad_status_file_is_located_and_exits_1(towns: Path) -> None:
    (towns / "data" / "status.yaml").write_text(
        "statuses:\n  - name: green\n    label: 绿灯\n    colour: red\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["report", "--data", str(towns), "-m", "2020-06"])
    assert result.exit_code == 1
    assert "status.yaml:4:5: 错误：colour 颜色“red”无效" in result.output
    assert "修正" in result.output


def test_unknown_indicator_in_a_rule_is_located(towns: Path) -> None:
    (towns / "data" / "status.yaml").write_text(
        'statuses:\n  - {name: g, label: 绿灯, colour: "00FF00", indicators: [主营收入]}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "--data", str(towns)])
    assert result.exit_code == 1
    assert "status.yaml:2:" in result.output and "“主营收入”" in result.output
