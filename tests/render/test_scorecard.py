"""The scorecard (赛马): `kpi report --view scorecard` on the towns fixture, with weights in
data/scorecard.yaml; golden files, a score worked out by hand, ties (并列)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import FIXTURES, REPO

runner = CliRunner()

RANK_POINTS = """\
# 赛马：各指标按名次计分，加权平均
rule: rank-points
weights:
  主营业务收入: 40
  regular_tax: 30
  新招引企业: 30
"""


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    root = tmp_path / "towns"
    shutil.copytree(FIXTURES / "towns", root)
    (root / "data" / "scorecard.yaml").write_text(RANK_POINTS, encoding="utf-8")
    return root


def card(folder: Path, *args: str) -> str:
    result = runner.invoke(
        app, ["report", "--data", str(folder), "-m", "2020-06", "--view", "scorecard", *args]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("table", "scorecard-towns.txt"),
        ("markdown", "scorecard-towns.md"),
        ("json", "scorecard-towns.json"),
    ],
)
def test_scorecard_goldens(
    towns: Path, golden: Callable[[str, str], None], fmt: str, name: str
) -> None:
    golden(name, card(towns, "-f", fmt))


def test_one_orgs_score_by_hand(towns: Path) -> None:
    """智慧网谷小镇 among the five orgs under the root (n = 5):
    主营业务收入 98.20亿元 is 2nd (其他平台 151.31) → (5 − 2 + 1) ÷ 5 × 100 = 80 points;
    常规税收贡献 8.02亿元 is 1st → 100; 新招引企业 210家 is 1st → 100.
    (40 × 80 + 30 × 100 + 30 × 100) ÷ (40 + 30 + 30) = 9200 ÷ 100 = 92.00."""
    data = json.loads(card(towns, "-f", "json"))
    row = next(o for o in data["orgs"] if o["org"] == "智慧网谷小镇")
    assert row["score"] == "92.00"
    assert [c["points"] for c in row["cells"]] == ["80", "100", "100"]
    assert [c["rank"] for c in row["cells"]] == [2, 1, 1]
    assert row["rank"] == 1 and row["rank_tied"] is False
    assert [o["org"] for o in data["orgs"]] == [
        "智慧网谷小镇",
        "其他平台",
        "汽车互联网小镇",
        "星直播小镇",
        "运河财富小镇",
    ]


def test_readme_example_states_what_kpi_prints(towns: Path) -> None:
    """README's scorecard.yaml example scores 智慧网谷小镇 92.00; with the optional `orgs:`
    line README quotes (the four towns and 杭钢新城) it is 1st in all three: 100.00."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = next(b for b in readme.split("```yaml\n")[1:] if b.startswith("rule: rank-points"))
    example = example.split("```")[0]
    assert "orgs:" not in example
    assert "100 = 92.00, rank 1" in readme and "100.00, rank 1" in readme
    scorecard = towns / "data" / "scorecard.yaml"
    for extra, score in (("", "92.00"), ("orgs: [省级特色小镇, 杭钢新城]\n", "100.00")):
        assert extra.strip() == "" or f"`{extra.strip()}`" in readme
        scorecard.write_text(example + extra, encoding="utf-8")
        data = json.loads(card(towns, "-f", "json"))
        first = data["orgs"][0]
        assert (first["org"], first["score"], first["rank"]) == ("智慧网谷小镇", score, 1)


def test_capped_rate_scores_and_ties(towns: Path) -> None:
    """Only two towns have targets (主营业务收入): 65.47% and 66.76%, weight 40 of 100:
    40 × 65.47 ÷ 100 = 26.188 → 26.19; 40 × 66.76 ÷ 100 = 26.704 → 26.70; the other three
    orgs score 0 and share 3rd place."""
    (towns / "data" / "scorecard.yaml").write_text(
        "weights: {主营业务收入: 40, 常规税收贡献: 30, 新招引企业: 30}\n", encoding="utf-8"
    )
    data = json.loads(card(towns, "-f", "json"))
    scores = [(o["org"], o["score"], o["rank"], o["rank_tied"]) for o in data["orgs"]]
    assert scores[:2] == [
        ("汽车互联网小镇", "26.70", 1, False),
        ("智慧网谷小镇", "26.19", 2, False),
    ]
    assert {(s, r, t) for _, s, r, t in scores[2:]} == {("0.00", 3, True)}
    table = card(towns)
    assert table.count("并列3") == 3
    assert "66.76%" in table and "完成率封顶120%" in table


def test_rank_points_ties_share_the_better_rank(towns: Path) -> None:
    """常规税收贡献: 星直播小镇 3.00 = 康桥健康产业园 3.00 > 运河财富小镇 2.00: both 1st (100
    points), the next is 3rd of 3: (3 − 3 + 1) ÷ 3 × 100 = 33.33."""
    (towns / "data" / "scorecard.yaml").write_text(
        "rule: rank-points\nweights: {常规税收贡献: 1}\n"
        "orgs: [星直播小镇, 康桥健康产业园, 运河财富小镇]\n",
        encoding="utf-8",
    )
    data = json.loads(card(towns, "-f", "json"))
    got = [(o["org"], o["score"], o["rank"], o["rank_tied"]) for o in data["orgs"]]
    assert got == [
        ("星直播小镇", "100.00", 1, True),
        ("康桥健康产业园", "100.00", 1, True),
        ("运河财富小镇", "33.33", 3, False),
    ]
    assert data["orgs"][2]["cells"][0]["points"] == "100/3"
    assert "| 并列1 | 星直播小镇 |" in card(towns, "-f", "markdown")


def test_groups_race_as_their_members(towns: Path) -> None:
    (towns / "data" / "scorecard.yaml").write_text(
        "rule: rank-points\nweights: {新招引企业: 1}\norgs: [省级特色小镇]\n", encoding="utf-8"
    )
    data = json.loads(card(towns, "-f", "json"))
    assert [o["org"] for o in data["orgs"]] == [
        "智慧网谷小镇",
        "汽车互联网小镇",
        "星直播小镇",
        "运河财富小镇",
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "weights: {主营收入: 40}\n",
            "scorecard.yaml:1:11: 错误：“主营收入”不是 targets.yaml 中的指标",
        ),
        ("weights: {主营业务收入: -1}\n", "权重应为大于 0 的数字"),
        ("weights: {主营业务收入: 1}\nrule: points\n", "rule 的值“points”无效"),
        ("weights: {主营业务收入: 1}\norgs: [某小镇]\n", "orgs 中的“某小镇”不是单位或分组"),
    ],
)
def test_bad_scorecard_files_are_located(towns: Path, text: str, words: str) -> None:
    (towns / "data" / "scorecard.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["report", "--data", str(towns), "-m", "2020-06", "--view", "scorecard"]
    )
    assert result.exit_code == 1, result.output
    assert words in result.output


def test_missing_scorecard_file_says_what_to_write(tmp_path: Path) -> None:
    root = tmp_path / "towns"
    shutil.copytree(FIXTURES / "towns", root)
    result = runner.invoke(app, ["report", "--data", str(root), "--view", "scorecard"])
    assert result.exit_code == 1
    assert "没有 scorecard.yaml" in result.output and "weights" in result.output


def test_unsupported_view_and_format_are_usage_errors(towns: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--data", str(towns), "--view", "matrix"])
    assert result.exit_code == 2 and "scorecard" in result.output
    out = tmp_path / "card.csv"
    result = runner.invoke(
        app, ["report", "--data", str(towns), "--view", "scorecard", "-o", str(out)]
    )
    assert result.exit_code == 2 and "不能输出 csv" in result.output
    assert not out.exists()
