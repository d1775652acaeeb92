"""The folders tests read, from the repository root: a test's own folder depth never matters
(tests/ mirrors src/gongshu_kpi/, so test files sit at different depths)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
CORPUS = TESTS / "corpus"
SCRIPTS = REPO / "scripts"
PACKAGE = REPO / "src" / "gongshu_kpi"
