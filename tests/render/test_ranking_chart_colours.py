"""The orgs' ranking charts colour each bar by the status rules of data/status.yaml (the
same colours as the tables), not by the built-in 超/达/落后序时 colours."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Patch

from gongshu_kpi import pipeline
from gongshu_kpi.render.charts import figure, ranking_charts
from tests.paths import FIXTURES

LIGHTS = """\
statuses:
  - name: green
    label: 绿灯
    colour: "1B7F3B"
    when: {pace: ">= 16"}
  - name: yellow
    label: 黄灯
    colour: "B7791F"
    when: {pace: ">= 2"}
  - name: red
    label: 红灯
    colour: "B42318"
"""


def _bars(root: Path) -> dict[str, str]:
    """org -> bar colour in the 主营业务收入 ranking chart (by completion rate)."""
    folder = pipeline.find_data_folder(root / "data")
    run = pipeline.report_run(folder, pipeline.ReportAsk("2020-06", publication=True))
    assert run.publication is not None
    (chart,) = [c for c in ranking_charts(run.publication, "zh") if "主营业务收入" in c.title]
    ax = figure(chart).axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    return {
        name: to_hex(bar.get_facecolor()).upper()
        for name, bar in zip(names, ax.patches, strict=True)
    }


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    """Every org with a 主营业务收入 target of its own, so the orgs rank by completion rate."""
    root = tmp_path / "towns"
    shutil.copytree(FIXTURES / "towns", root)
    targets = root / "data" / "targets.yaml"
    more = "      星直播小镇: 100\n      运河财富小镇: 100\n      其他平台: 300\n"
    more += "      杭钢新城: 160\n      康桥健康产业园: 120\n"
    text = targets.read_text(encoding="utf-8")
    text = text.replace("      汽车互联网小镇: 120\n", "      汽车互联网小镇: 120\n" + more)
    targets.write_text(text, encoding="utf-8")
    return root


def test_ranking_bars_take_the_status_rules_colours(towns: Path) -> None:
    """Pace at 1-6月: 汽车互联网小镇 +16.76 (green, ≥ 16), 智慧网谷小镇 +15.47 and
    康桥健康产业园 +8.33 (yellow, ≥ 2), 运河财富小镇 −9.95 (red)."""
    (towns / "data" / "status.yaml").write_text(LIGHTS, encoding="utf-8")
    bars = _bars(towns)
    assert bars["汽车互联网小镇"] == "#1B7F3B"
    assert bars["智慧网谷小镇"] == bars["康桥健康产业园"] == "#B7791F"
    assert bars["运河财富小镇"] == "#B42318"
    assert len(bars) == 7


def test_without_status_rules_the_built_in_colours_stay(towns: Path) -> None:
    """Without data/status.yaml: the built-in 超序时 green and 落后序时 red."""
    bars = _bars(towns)
    assert bars["汽车互联网小镇"] == bars["康桥健康产业园"] == "#1B7F3B"
    assert bars["运河财富小镇"] == "#B42318"


def test_the_legend_names_the_statuses_shown(towns: Path) -> None:
    """The colours are explained by the status rules' labels, best first."""
    (towns / "data" / "status.yaml").write_text(LIGHTS, encoding="utf-8")
    folder = pipeline.find_data_folder(towns / "data")
    run = pipeline.report_run(folder, pipeline.ReportAsk("2020-06", publication=True))
    assert run.publication is not None
    (chart,) = [c for c in ranking_charts(run.publication, "zh") if "主营业务收入" in c.title]
    legend = figure(chart).axes[0].get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["绿灯", "黄灯", "红灯"]
    patches = [h for h in legend.legend_handles if isinstance(h, Patch)]
    swatches = [to_hex(h.get_facecolor()).upper() for h in patches]
    assert swatches == ["#1B7F3B", "#B7791F", "#B42318"]
