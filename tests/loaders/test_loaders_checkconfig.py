"""loaders/checkconfig: no rules.yaml is the default rules; a published snapshot that is not
a file or not UTF-8 is a problem naming it, and the other snapshots still count."""

from __future__ import annotations

import os
from pathlib import Path

from gongshu_kpi.core.ci.rules import Rules
from gongshu_kpi.loaders.checkconfig import load_rules, load_snapshots


def test_no_rules_file_is_the_default_rules(tmp_path: Path) -> None:
    rules, positions, problems = load_rules(tmp_path / "rules.yaml", "data/rules.yaml")
    assert rules == Rules() and problems == []
    assert positions.at("rules") is None


def test_a_snapshot_that_is_not_a_file_or_not_utf8_is_reported(tmp_path: Path) -> None:
    published = tmp_path / "project" / "data" / "published"
    published.mkdir(parents=True)
    os.mkfifo(published / "2020-05.json")
    (published / "2020-06.json").write_bytes("{“月份”}".encode("gbk"))
    snapshots, problems = load_snapshots(
        [(published / name, f"data/published/{name}") for name in ("2020-05.json", "2020-06.json")]
    )
    assert snapshots == []
    assert [(p.code, p.location.path if p.location else None) for p in problems] == [
        ("not-a-file", "data/published/2020-05.json"),
        ("snapshot", "data/published/2020-06.json"),
    ]
    assert problems[1].message.startswith("无法读取发布快照：'utf-8' codec can't decode")
