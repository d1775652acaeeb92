"""A small run of benchmarks/factcheck_bench.py: generated drafts with planted errors.

Accuracy only (time is measured in benchmarks/, never asserted here).
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

from tests.paths import REPO

BENCH = REPO / "benchmarks" / "factcheck_bench.py"


def load_bench() -> Any:  # a module loaded from its path: mypy cannot know its names
    spec = importlib.util.spec_from_file_location("factcheck_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["factcheck_bench"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_drafts_meet_the_targets() -> None:
    """40 drafts: recall ≥ 98%, no false alarm, ≥ 95% of correct figures verified, and the
    exit code right for ≥ 98% of drafts; planted errors and correct figures both occur."""
    score = load_bench().run(40, seed=7)
    assert score.planted >= 10 and score.correct >= 200, score.table()
    assert score.found * 100 >= 98 * score.planted, score.misses[:3]
    assert score.false_alarms == 0, score.misses[:3]
    assert score.verified * 100 >= 95 * score.correct, score.misses[:3]
    assert score.exit_right * 100 >= 98 * score.drafts, score.misses[:3]
