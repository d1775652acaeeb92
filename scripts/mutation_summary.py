"""Summarise mutmut's results for the core: killed / survived / equivalent, and the score.

Run by scripts/mutation.sh after `mutmut run`. A survivor listed in
docs/mutation-equivalents.md (a line starting with its name in backticks) is equivalent: no
test can tell it from the original, and the file says why. The score is killed ÷ (all −
equivalent); below 95% the script exits 1 and lists what survived.
"""

from __future__ import annotations

import fnmatch
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
META = ROOT / "mutants" / "src" / "gongshu_kpi" / "core"
EQUIVALENTS = ROOT / "docs" / "mutation-equivalents.md"
GOAL = 95.0
# mutmut's exit codes of a mutant's test run (mutmut/stats.py).
KILLED = {1, 3, 24, -24, 152, 255, 36}  # a failing test or a timeout both notice the mutant
SURVIVED = {0}
NO_TESTS = {5, 33}


def equivalents() -> set[str]:
    text = EQUIVALENTS.read_text(encoding="utf-8") if EQUIVALENTS.exists() else ""
    return set(re.findall(r"^- `([^`]+)`", text, flags=re.MULTILINE))


def main(patterns: list[str]) -> int:
    results: dict[str, int | None] = {}
    for meta in sorted(META.rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        # The meta file keeps results of mutants a later change of the function removed.
        source = meta.with_suffix("").read_text(encoding="utf-8")
        results.update(
            (name, code)
            for name, code in data["exit_code_by_key"].items()
            if f"def {name.rsplit('.', 1)[1]}(" in source
        )
    if patterns:
        results = {k: v for k, v in results.items() if any(fnmatch.fnmatch(k, p) for p in patterns)}
    equivalent = equivalents()
    counts: Counter[str] = Counter()
    survivors: list[str] = []
    for name, code in sorted(results.items()):
        if code in KILLED:
            counts["killed"] += 1
        elif code in SURVIVED or code in NO_TESTS:
            if name in equivalent:
                counts["equivalent"] += 1
            else:
                counts["survived"] += 1
                survivors.append(name)
        elif code is None:
            counts["not checked"] += 1
        else:
            counts["other"] += 1
            survivors.append(f"{name} (exit {code})")
    for name in survivors:
        print(f"survived: {name}")
    judged = len(results) - counts["equivalent"] - counts["not checked"]
    score = 100.0 * counts["killed"] / judged if judged else 100.0
    print(
        f"mutants: {len(results)}; killed {counts['killed']}, survived {counts['survived']}, "
        f"equivalent {counts['equivalent']}, not checked {counts['not checked']}, "
        f"other {counts['other']}; killed {score:.1f}% of the non-equivalent (goal {GOAL:.0f}%)"
    )
    return 0 if score >= GOAL and not counts["not checked"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
