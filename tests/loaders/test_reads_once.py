"""`kpi check` parses each YAML file once: messages about a target or a plausibility rule
take their line from the positions the first reading kept, not from reading the file again."""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.loaders import yamlsafe
from tests.paths import FIXTURES

TOWNS = FIXTURES / "towns" / "data"
RULES = """plausibility:
  - id: tax-within-revenue
    message: 常规税收贡献不应超过主营业务收入
    expr: 常规税收贡献 <= 主营业务收入
"""
runner = CliRunner()


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every module's load_yaml replaced by one that counts the texts it parses."""
    parsed: Counter[str] = Counter()
    original = yamlsafe.load_yaml

    def counting(text: str) -> Any:
        parsed[text] += 1
        return original(text)

    for name, module in list(sys.modules.items()):
        if name.startswith("gongshu_kpi") and getattr(module, "load_yaml", None) is original:
            monkeypatch.setattr(module, "load_yaml", counting)
    return parsed


def test_check_parses_targets_and_rules_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(TOWNS, data)
    (data / "rules.yaml").write_text(RULES, encoding="utf-8")
    assert runner.invoke(app, ["publish", "--data", str(data)]).exit_code == 0
    targets = data / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith("target: "))
    changed = text.replace(old, old + "1", 1)  # a target changed after publishing
    targets.write_text(changed, encoding="utf-8")
    parsed = _count_parses(monkeypatch)

    result = runner.invoke(app, ["check", "--data", str(data)])

    assert result.exit_code == 0, result.output
    assert parsed[changed] == 1
    assert parsed[RULES] == 1
    assert set(parsed.values()) == {1}, "a YAML file was parsed more than once"
    line = changed.splitlines().index(old + "1") + 1
    column = old.index("target") + 1
    assert f"targets.yaml:{line}:{column}: 警告：" in result.stdout  # still located
