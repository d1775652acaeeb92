"""Every path under data/ is read or reported: links, FIFOs, devices, folders, odd encodings."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app

runner = CliRunner()
SECRET = "SECRET-LINE-OF-ANOTHER-FILE"


def check(project: Path, *options: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "--data", str(project / "data"), *options])
    return result.exit_code, result.output


def test_a_link_out_of_the_project_is_refused_and_nothing_of_it_printed(
    project: Path, tmp_path: Path
) -> None:
    """In CI a pull request adding one link could print a line of any file on the runner."""
    outside = tmp_path / "elsewhere" / "secret-name.csv"
    outside.parent.mkdir()
    outside.write_text(f"指标,月份,数值,口径\n{SECRET},2020-06,1,累计\n", encoding="utf-8")
    (project / "data" / "actuals" / "x.csv").symlink_to(outside)
    for fmt in ("text", "github", "json", "junit"):
        code, output = check(project, "--format", fmt)
        assert code == 1, output
        assert "项目目录之外" in output or "%E9" in output or "link-outside" in output
        assert SECRET not in output and "secret-name" not in output and "elsewhere" not in output


def test_a_link_inside_the_project_is_followed(project: Path) -> None:
    actuals = project / "data" / "actuals"
    (project / "shared").mkdir()
    shutil.move(actuals / "platforms-2019.csv", project / "shared" / "platforms-2019.csv")
    (actuals / "last-year.csv").symlink_to(project / "shared" / "platforms-2019.csv")
    code, output = check(project)
    assert code == 0, output


@pytest.mark.parametrize("kind", ["dangling", "loop", "fifo", "device", "folder", "folder-link"])
def test_what_is_not_a_regular_file_is_an_error_naming_it(project: Path, kind: str) -> None:
    actuals = project / "data" / "actuals"
    name = {"folder": "x.csv", "folder-link": "y.csv"}.get(kind, "z.csv")
    path = actuals / name
    if kind == "dangling":
        path.symlink_to(actuals / "gone.csv")
    elif kind == "loop":
        path.symlink_to(actuals / "z2.csv")
        (actuals / "z2.csv").symlink_to(path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        (project / "data" / "dir.csv").mkdir()
        path.symlink_to(project / "data" / "dir.csv")
    code, output = check(project)
    assert code == 1, output
    assert f"actuals/{name}" in output
    expected = {
        "dangling": "不存在",
        "loop": "循环",
        "fifo": "FIFO",
        "device": "项目目录之外",
        "folder": "是一个目录",
        "folder-link": "是一个目录",
    }[kind]
    assert expected in output


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_targets_file_that_is_not_a_file_is_reported_as_such(project: Path, kind: str) -> None:
    targets = project / "data" / "targets.yaml"
    targets.unlink()
    if kind == "folder":
        targets.mkdir()
    else:
        os.mkfifo(targets)
    code, output = check(project)
    assert code == 1, output
    assert "targets.yaml" in output
    assert ("目录" if kind == "folder" else "FIFO") in output


@pytest.mark.parametrize("name", ["orgs.yaml", "ranks.yaml", "rules.yaml", "sources.yaml"])
def test_optional_files_that_are_not_files_are_not_ignored(project: Path, name: str) -> None:
    os.mkfifo(project / "data" / name)
    code, output = check(project)
    assert code == 1, output
    assert name in output and "FIFO" in output


@pytest.mark.parametrize("encoding", ["rot13", "base64", "zlib", "hex"])
def test_a_codec_that_is_no_text_encoding_is_a_clear_error(project: Path, encoding: str) -> None:
    (project / "data" / "sources.yaml").write_text(
        f'files:\n  - match: "*.csv"\n    encoding: {encoding}\n', encoding="utf-8"
    )
    code, output = check(project)
    assert code == 1, output
    assert "sources.yaml:3" in output and "不是文本编码" in output


def _targets_problems(tmp_path: Path, text: str) -> list[str]:
    from gongshu_kpi.loaders.targets import load_targets

    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    targets, problems = load_targets(path, "targets.yaml")
    assert targets is None
    return [str(p) for p in problems]


INDICATOR = "  - {id: inv, name: 产业投资, unit: 亿元, target: 46, kind: flow}\n"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ('rate_places: "2"', "targets.yaml:3:3: rate_places 应为整数，得到文字“2”"),
        ("growth_places: 1.0", "growth_places 应为整数"),
        ("on_pace_band: 1e400", "on_pace_band 应为数值，得到文字“1e400”"),
        ('on_pace_band: "0.5"', "on_pace_band 应为数值"),
        ("on_pace_band: 1.0e400", "on_pace_band"),
        ("growth_as_times: yes", "growth_as_times 应为 true 或 false"),
    ],
)
def test_settings_follow_the_same_number_and_type_rules(
    tmp_path: Path, settings: str, expected: str
) -> None:
    problems = _targets_problems(
        tmp_path, f"year: 2020\nsettings:\n  {settings}\nindicators:\n{INDICATOR}"
    )
    assert any(expected in p for p in problems), problems


def test_a_quoted_year_is_refused(tmp_path: Path) -> None:
    problems = _targets_problems(tmp_path, f"year: '2020'\nindicators:\n{INDICATOR}")
    assert problems == [
        "targets.yaml:1:1: year 应为整数，得到文字“2020”；修正：去掉引号，直接写数字"
    ]


def test_names_equal_after_nfkc_are_a_collision(tmp_path: Path) -> None:
    kangxi = "\u2f6c"  # ⽬, the Kangxi radical that looks like 目
    text = (
        "year: 2020\nindicators:\n"
        "  - {id: a, name: 目标任务, unit: 亿元, target: 46, kind: flow}\n"
        f"  - {{id: b, name: {kangxi}标任务, unit: 亿元, target: 46, kind: flow}}\n"
    )
    (problem,) = _targets_problems(tmp_path, text)
    assert "NFKC" in problem and "指标 a" in problem and "指标 b" in problem


def test_a_bulletin_that_is_a_fifo_or_too_big_is_a_usage_error(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongshu_kpi.loaders import limits

    fifo = tmp_path / "draft.md"
    os.mkfifo(fifo)
    code, output = check(project, "--bulletin", str(fifo))
    assert code == 2 and "不是普通文件" in output
    big = tmp_path / "big.md"
    big.write_text("产业投资" * 100, encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_BULLETIN_BYTES", 100)
    code, output = check(project, "--bulletin", str(big))
    assert code == 2 and "文件过大" in output and "上限 100" in output


def test_rules_and_ranks_are_typed_strictly(project: Path) -> None:
    data = project / "data"
    (data / "rules.yaml").write_text(
        "rules:\n  behind-time-progress: {enabled: yes}\n", encoding="utf-8"
    )
    code, output = check(project)
    assert code == 1 and "rules.yaml:2" in output and "enabled" in output, output
    (data / "rules.yaml").unlink()
    (data / "ranks.yaml").write_text(
        'ranks:\n  - {indicator: 产业投资, month: 2020-06, scope: 全市, rank: "4"}\n',
        encoding="utf-8",
    )
    code, output = check(project)
    assert code == 1 and "ranks.yaml" in output and "rank 应为整数" in output, output
