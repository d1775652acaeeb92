"""The fact-check verifies kpi's own ranking of the orgs: a draft saying 列第二位, 并列第一 or
排名第3 for an org is checked against the ranks `kpi report --rank` computes (the ones
bulletin_full prints), while 全市排名第四 stays a ranks.yaml rank."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.bulletin import Names, extract_claims
from tests.paths import FIXTURES

runner = CliRunner()

# 常规税收贡献 at 1-6月: 星直播小镇 3.00 ÷ 6 = 50.00%, 康桥健康产业园 3.00 ÷ 6 = 50.00% (tied),
# 运河财富小镇 2.00 ÷ 5 = 40.00%.
TAX_TARGETS = """\
    org_targets:
      星直播小镇: 6
      康桥健康产业园: 6
      运河财富小镇: 5
"""


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    root = tmp_path / "towns"
    shutil.copytree(FIXTURES / "towns", root)
    targets = root / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    text = text.replace(
        "    target: 50\n    kind: flow\n", "    target: 50\n    kind: flow\n" + TAX_TARGETS
    )
    targets.write_text(text, encoding="utf-8")
    return root


def bulletin(folder: Path) -> str:
    """kpi's own bulletin_full with computed ranks (--rank rate)."""
    result = runner.invoke(
        app,
        ["report", "--data", str(folder), "-m", "2020-06", "--rank", "rate", "-t", "bulletin_full"],
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def check(folder: Path, draft: str, code: int) -> dict[str, Any]:
    path = folder / "draft.txt"
    path.write_text(draft, encoding="utf-8")
    result = runner.invoke(
        app,
        ["check", "--data", str(folder), "-m", "2020-06", "--bulletin", str(path), "-f", "json"],
    )
    assert result.exit_code == code, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def ranks(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [
        (f["org"], f["stated"], f["expected"], f["verdict"])
        for f in report["bulletin"]["figures"]
        if f["kind"] == "rank"
    ]


def line_of(text: str, words: str) -> str:
    return next(line for line in text.splitlines() if words in line)


def test_bulletin_full_ranks_round_trip_clean(towns: Path) -> None:
    """Computed ranks (列第一位, 并列第一位) and ranks.yaml's (全市排名第四) all confirmed."""
    text = bulletin(towns)
    assert "星直播小镇常规税收贡献" in line_of(text, "并列第一位")
    report = check(towns, text, 0)
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] == 0
    assert sorted(ranks(report)) == sorted(
        [
            ("十大产业平台", "全市排名第4", "4", "ok"),
            ("十大产业平台", "同城组排名第2", "2", "ok"),
            ("汽车互联网小镇", "列第1位", "列第1位", "ok"),
            ("智慧网谷小镇", "列第2位", "列第2位", "ok"),
            ("星直播小镇", "并列第1位", "并列第1位", "ok"),
            ("康桥健康产业园", "并列第1位", "并列第1位", "ok"),
            ("运河财富小镇", "列第3位", "列第3位", "ok"),
        ]
    )


@pytest.mark.parametrize(
    ("org", "right", "planted", "expected"),
    [
        ("智慧网谷小镇主营业务收入", "列第二位", "列第一位", "列第2位"),  # a wrong place
        ("智慧网谷小镇主营业务收入", "列第二位", "排名第3", "列第2位"),  # a bare 排名第N
        ("汽车互联网小镇主营业务收入", "列第一位", "并列第一位", "列第1位"),  # a tie not there
        ("星直播小镇常规税收贡献", "并列第一位", "列第一位", "并列第1位"),  # a tie left out
        ("运河财富小镇常规税收贡献", "列第三位", "位列第二", "列第3位"),
    ],
)
def test_a_planted_rank_error_is_caught(
    towns: Path, org: str, right: str, planted: str, expected: str
) -> None:
    text = bulletin(towns)
    line = line_of(text, org)
    draft = text.replace(line, line.replace(right, planted))
    report = check(towns, draft, 1)
    assert report["summary"]["errors"] == 1
    (wrong,) = [r for r in ranks(report) if r[3] == "wrong"]
    assert wrong[2] == expected
    (problem,) = [p for p in report["problems"] if p["code"] == "bulletin-rank-wrong"]
    assert f"应为 {expected}（按完成率在" in problem["message"]


def test_ranks_yaml_ranks_are_still_checked(towns: Path) -> None:
    text = bulletin(towns).replace("全市排名第四", "全市排名第三")
    report = check(towns, text, 1)
    assert ("十大产业平台", "全市排名第3", "4", "wrong") in ranks(report)


@pytest.mark.parametrize(
    ("draft", "why"),
    [
        # The whole is not one of the orgs it is ranked among.
        ("十大产业平台主营业务收入1-6月完成419.72亿元，列第一位。", "只有单位之间排名"),
        # 星直播小镇 has no 主营业务收入 target: no rate, so no rank.
        (
            "星直播小镇主营业务收入1-6月完成50.05亿元，列第一位。",
            "星直播小镇没有完成率，不参与排名",
        ),
        # 新招引企业: no org has a target of its own or last year's figures.
        ("智慧网谷小镇新招引企业1-6月完成210家，列第一位。", "kpi 不排名"),
    ],
)
def test_a_rank_that_cannot_be_checked_is_said(towns: Path, draft: str, why: str) -> None:
    report = check(towns, draft + "\n", 0)
    (note,) = [p for p in report["problems"] if p["code"] == "bulletin-unverifiable"]
    assert why in note["message"]
    assert [r[3] for r in ranks(report)] == ["unverifiable"]


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        # 拱宸桥 is not in orgs.yaml: no org of the data to rank.
        (
            "拱宸桥主营业务收入1-6月完成50亿元，列第一位。",
            (
                "“主营业务收入（拱宸桥）”排名 列第1位：数据中没有“拱宸桥”"
                "（不在 orgs.yaml 的单位或分组中），无法核对"
            ),
        ),
        # 规上工业增加值 is entered for the whole only: 智慧网谷小镇 has no period to rank at.
        (
            "智慧网谷小镇规上工业增加值同比增长9.2%，列第一位。",
            "“规上工业增加值（智慧网谷小镇）”排名 列第1位：数据中没有本期的数，无法核对",
        ),
    ],
)
def test_a_rank_of_an_unknown_org_or_period_is_said(towns: Path, draft: str, message: str) -> None:
    report = check(towns, draft + "\n", 0)
    notes = [p["message"] for p in report["problems"] if p["code"] == "bulletin-unverifiable"]
    assert [n for n in notes if "排名" in n] == [message]
    assert [r[3] for r in ranks(report)] == ["unverifiable"]


@pytest.mark.parametrize(
    ("text", "ranks_read"),
    [
        ("智慧网谷小镇主营业务收入完成率65.47%，并列第一。", (("并列", 1),)),
        ("智慧网谷小镇主营业务收入完成率65.47%，排名并列第二。", (("并列", 2),)),
        ("智慧网谷小镇主营业务收入完成率65.47%，位列第三。", (("", 3),)),
        ("智慧网谷小镇主营业务收入完成率65.47%，排名第3。", (("", 3),)),
        ("智慧网谷小镇主营业务收入完成率65.47%，全市排名第四。", (("全市", 4),)),
        ("智慧网谷小镇主营业务收入完成率65.47%，在各平台中列第十二位。", (("", 12),)),
        ("智慧网谷小镇主营业务收入完成率65.47%，系列第二期项目。", ()),
    ],
)
def test_rank_wordings_are_read(text: str, ranks_read: tuple[tuple[str, int], ...]) -> None:
    names = Names(
        orgs=frozenset({"智慧网谷小镇"}),
        indicators=frozenset({"主营业务收入"}),
        rank_scopes=frozenset({"全市"}),
    )
    (claim,), _ = extract_claims(text, names)
    assert claim.ranks == ranks_read


def chosen_bulletin(folder: Path, *orgs: str) -> str:
    """bulletin_full --rank rate of the orgs named (--org each)."""
    chosen = [arg for org in orgs for arg in ("--org", org)]
    args = ["report", "--data", str(folder), "-m", "2020-06", "--rank", "rate"]
    result = runner.invoke(app, [*args, "-t", "bulletin_full", *chosen])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_bulletin_of_chosen_orgs_prints_their_places_among_all(towns: Path) -> None:
    """`--org 智慧网谷小镇 --org 运河财富小镇 --rank rate` prints each one's place among all the
    orgs: 智慧网谷小镇 2nd in 主营业务收入, 运河财富小镇 3rd in 常规税收贡献 (40.00% against the
    tied 50.00%), never 1st for being ahead of the other one shown. The check agrees, and a
    draft ranking only the orgs it names (列第一位) is wrong."""
    text = chosen_bulletin(towns, "智慧网谷小镇", "运河财富小镇")
    assert line_of(text, "智慧网谷小镇主营业务收入").endswith("，列第二位。")
    assert line_of(text, "运河财富小镇常规税收贡献").endswith("，列第三位。")
    assert {r[3] for r in ranks(check(towns, text, 0))} == {"ok"}
    line = line_of(text, "运河财富小镇常规税收贡献")
    report = check(towns, text.replace(line, line.replace("列第三位", "列第一位")), 1)
    assert ("运河财富小镇", "列第1位", "列第3位", "wrong") in ranks(report)


@pytest.mark.parametrize(
    ("org", "subject", "words"),
    [
        ("汽车互联网小镇", "汽车互联网小镇主营业务收入", "，列第一位。"),
        ("智慧网谷小镇", "智慧网谷小镇主营业务收入", "，列第二位。"),
        ("运河财富小镇", "运河财富小镇常规税收贡献", "，列第三位。"),
        ("康桥健康产业园", "康桥健康产业园常规税收贡献", "，并列第一位。"),
    ],
)
def test_an_org_shown_alone_keeps_its_place_among_all(
    towns: Path, org: str, subject: str, words: str
) -> None:
    """One org alone is ranked as in the report of every org (ties too), and checks clean."""
    full = line_of(bulletin(towns), subject)
    text = chosen_bulletin(towns, org)
    assert line_of(text, subject) == full and full.endswith(words)
    assert {r[3] for r in ranks(check(towns, text, 0))} == {"ok"}
