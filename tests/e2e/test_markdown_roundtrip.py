"""kpi's own Markdown report passes `kpi check --bulletin` clean: the whole, --by org (a 单位
column naming each row's org), each --org with --rank rate (the title and 单位 column name
the org, the 排名 column is its place among all the orgs) and every --columns, on data/ and
on the towns fixture; a wrong org or rank written in the table is caught on its row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.render.columns import CHOICES
from tests.e2e.test_bulletin_roundtrip import assert_clean, org_names
from tests.paths import REPO

runner = CliRunner()
ENV = {"COLUMNS": "120", "GITHUB_ACTIONS": ""}
ALL_COLUMNS = ",".join(choice.names[0] for choice in CHOICES)
TOWNS = REPO / "tests/fixtures/towns/data"


def markdown_modes(folder: Path) -> list[list[str]]:
    found = [[], ["--columns", ALL_COLUMNS], ["--by", "org"]]
    found += [["--by", "org", "--columns", ALL_COLUMNS, "--projection"]]
    found += [["--org", org, "--rank", "rate"] for org in org_names(folder)]
    return found


def render(folder: Path, options: list[str], out: Path) -> str:
    args = ["report", "-d", str(folder), "-m", "2020-06", "-f", "markdown", *options]
    rendered = runner.invoke(app, [*args, "-o", str(out), "-q"], env=ENV)
    assert rendered.exit_code == 0, rendered.output
    return out.read_text(encoding="utf-8")


def check(folder: Path, out: Path) -> dict[str, object]:
    args = ["check", "-d", str(folder), "-m", "2020-06", "-b", str(out), "-f", "json", "-q"]
    checked = runner.invoke(app, args, env=ENV)
    data: dict[str, object] = json.loads(checked.stdout)
    return data


def errors_on(data: dict[str, object], line: int) -> list[str]:
    problems = data["problems"]
    assert isinstance(problems, list)
    return [
        p["message"] for p in problems if p["severity"] == "error" and p["location"]["line"] == line
    ]


@pytest.mark.parametrize("folder", ["data", "tests/fixtures/towns/data"])
def test_every_markdown_report_checks_clean(folder: str, tmp_path: Path) -> None:
    path = REPO / folder
    for options in markdown_modes(path):
        out = tmp_path / "r.md"
        text = render(path, options, out)
        assert_clean(check(path, out), f"{options}\n{text}")


def test_one_org_is_named_in_the_title_and_the_org_column(tmp_path: Path) -> None:
    text = render(TOWNS, ["--org", "智慧网谷小镇", "--rank", "rate"], tmp_path / "r.md")
    assert text.startswith("## 智慧网谷小镇 2020年1-6月指标完成情况\n")
    assert "| 主营业务收入 | 智慧网谷小镇 | 150亿元 |" in text


def plant(text: str, old: str, new: str) -> tuple[str, int]:
    """The text with one row's `old` cells replaced, and that row's line."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if old in line)
    lines[at] = lines[at].replace(old, new)
    return "\n".join(lines) + "\n", at + 1


def test_a_wrong_org_cell_is_caught_on_its_row(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    text, line = plant(
        render(TOWNS, ["--by", "org"], out),
        "| 主营业务收入 | 智慧网谷小镇 |",
        "| 主营业务收入 | 汽车互联网小镇 |",
    )
    out.write_text(text, encoding="utf-8")
    data = check(TOWNS, out)
    wrong = errors_on(data, line)
    assert any("汽车互联网小镇" in m and "应为 120亿元" in m for m in wrong), wrong
    problems = data["problems"]
    assert isinstance(problems, list)
    assert all(p["location"]["line"] == line for p in problems if p["severity"] == "error")


def test_a_wrong_rank_is_caught_and_the_whole_row_judged_as_the_whole(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    text, line = plant(
        render(TOWNS, ["--org", "智慧网谷小镇", "--rank", "rate"], out),
        "| 超序时 | 2 |",
        "| 超序时 | 1 |",
    )
    out.write_text(text, encoding="utf-8")
    assert any("应为 列第2位" in m for m in errors_on(check(TOWNS, out), line))
    # The root's row in --by org is the whole's: 800亿元, not an org's 150亿元.
    whole, line = plant(render(TOWNS, ["--by", "org"], out), "| 800亿元 |", "| 150亿元 |")
    out.write_text(whole, encoding="utf-8")
    assert any("应为 800亿元" in m for m in errors_on(check(TOWNS, out), line))


def test_an_english_table_is_one_note_not_a_warning_per_row(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    render(REPO / "data", ["--lang", "en"], out)
    data = check(REPO / "data", out)
    problems = data["problems"]
    assert isinstance(problems, list)
    mine = [p for p in problems if p["code"].startswith("bulletin")]
    assert [(p["severity"], p["location"]["line"]) for p in mine] == [("info", 3)]
    assert "英文表格未核对" in mine[0]["message"]
