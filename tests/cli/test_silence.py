"""Options that cannot act say why on stderr (issue 12 item 6); computed ranks in
bulletin_full (列第X位)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import FIXTURES, REPO

TOWNS = FIXTURES / "towns"
runner = CliRunner()


def run(*args: str) -> tuple[str, str]:
    result = runner.invoke(app, ["report", "--data", str(TOWNS), "-m", "2020-06", *args])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_rank_rate_without_org_targets_says_why() -> None:
    out, err = run("--rank", "rate", "-i", "常规税收贡献")
    assert "--rank rate 未排名" in err and "org_targets" in err
    assert "排名" not in out  # no rank column: nothing was ranked


def test_rank_yoy_without_last_year_per_org_says_why() -> None:
    _, err = run("--rank", "yoy", "-i", "常规税收贡献")
    assert "--rank yoy 未排名：没有单位有上年同期数据" in err


def test_rank_that_ranks_is_silent() -> None:
    _, err = run("--rank", "rate", "-i", "主营业务收入")
    assert "未排名" not in err


def test_a_format_a_template_replaces_says_so() -> None:
    out, err = run("-t", "bulletin", "-f", "json")
    assert "--format json 不起作用" in err
    assert out.startswith("◎ ")
    _, quiet = run("-t", "bulletin")
    assert "不起作用" not in quiet


def test_bulletin_full_prints_computed_ranks(tmp_path: Path) -> None:
    out, _ = run("--rank", "rate", "-t", "bulletin_full", "-i", "主营业务收入")
    lines = out.splitlines()
    assert lines[1].startswith("◎ 汽车互联网小镇") and lines[1].endswith("，列第一位。")
    assert lines[2].startswith("◎ 智慧网谷小镇") and lines[2].endswith("，列第二位。")
    draft = tmp_path / "draft.txt"
    draft.write_text(out, encoding="utf-8")
    check = runner.invoke(
        app, ["check", "--data", str(TOWNS), "-m", "2020-06", "--bulletin", str(draft)]
    )
    assert check.exit_code == 0, check.output


def test_tied_ranks_read_bingli() -> None:
    from decimal import Decimal

    from gongshu_kpi.core.models import Indicator, IndicatorResult, Kind
    from gongshu_kpi.render.view import _rank_words

    indicator = Indicator(id="x", name="某指标", unit="家", target=Decimal(1), kind=Kind.FLOW)
    result = IndicatorResult(indicator, "甲", None, 6, None, None, None, None, None, rank=3)
    assert _rank_words(result, "zh") == "列第三位"
    assert (
        _rank_words(
            IndicatorResult(
                indicator, "甲", None, 6, None, None, None, None, None, rank=2, rank_tied=True
            ),
            "zh",
        )
        == "并列第二位"
    )
    assert _rank_words(result, "en") == "ranked 3"


def test_by_org_without_orgs_says_why_once() -> None:
    """The shipped data/ has no 填报单位 and no orgs.yaml: --by org has only the whole."""
    shipped = runner.invoke(app, ["report", "--data", str(REPO / "data"), "--by", "org"])
    assert shipped.exit_code == 0, shipped.output
    assert shipped.stderr.count("--by org 只有全区一行") == 1
    _, with_orgs = run("--by", "org")
    assert "--by org 只有全区一行" not in with_orgs


def test_a_missing_month_is_warned_once_per_command(tmp_path: Path) -> None:
    """One gap in one org's series: one warning, however many reports the command builds."""
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(
        "year: 2020\nindicators:\n"
        "  - {id: r, name: 营业收入, unit: 亿元, target: 100, kind: flow}\n",
        encoding="utf-8",
    )
    rows = "\n".join(f"营业收入,2020-0{m},{m},累计" for m in (1, 2, 4))
    (data / "actuals" / "a.csv").write_text(f"指标,月份,数值,口径\n{rows}\n", encoding="utf-8")
    for extra in ((), ("--by", "org"), ("-t", "bulletin_full"), ("--rank", "rate")):
        result = runner.invoke(app, ["report", "--data", str(data), *extra])
        assert result.exit_code == 0, result.output
        assert result.stderr.count("缺少 3月") == 1, extra
