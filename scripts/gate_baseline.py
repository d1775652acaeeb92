"""Rewrite the lint and format baselines in pyproject.toml from today's findings.

The gate (issue 15) is a broad ruff select plus `ruff format --check`. Code that predates
it has findings the restructuring removes; until then they are listed, file by file, in
two generated blocks of pyproject.toml:

- `[tool.ruff.lint.per-file-ignores]` between `# BEGIN ruff baseline` and
  `# END ruff baseline`: each file with the rules it still breaks;
- `[tool.ruff.format] exclude` between `# BEGIN format baseline` and `# END format
  baseline`: the files `ruff format` would still change.

Run it after merging or fixing (`python scripts/gate_baseline.py`); it prints what is left
per rule, so the baseline only ever shrinks on purpose. `--check` changes nothing and exits 1
when the blocks are not what today's code needs (tests/project/test_gate.py runs it): a stale entry
would hide the next finding in that file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUFF = [sys.executable, "-m", "ruff"]


def _ruff_json(root: Path, args: list[str]) -> list[dict[str, object]]:
    done = subprocess.run(
        [*RUFF, *args, "--output-format", "json", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"ruff failed ({done.returncode}): {done.stderr.strip()}")
    findings: list[dict[str, object]] = json.loads(done.stdout or "[]")
    return findings


def _relative(root: Path, filename: object) -> str:
    return Path(str(filename)).resolve().relative_to(root).as_posix()


def lint_findings(root: Path) -> list[dict[str, object]]:
    """Every finding of the configured select with the baseline block ignored."""
    return _ruff_json(
        root, ["check", "--exit-zero", "--config", "lint.per-file-ignores = {}"]
    )


def unformatted(root: Path) -> list[str]:
    """The files `ruff format` would change, the format baseline ignored."""
    found = _ruff_json(root, ["format", "--check", "--config", "format.exclude = []"])
    return sorted({_relative(root, item["filename"]) for item in found})


def ruff_block(root: Path, findings: list[dict[str, object]]) -> list[str]:
    by_file: dict[str, set[str]] = {}
    for item in findings:
        if item.get("code"):
            by_file.setdefault(_relative(root, item["filename"]), set()).add(str(item["code"]))
    return [
        f"{json.dumps(name)} = {json.dumps(sorted(codes))}"
        for name, codes in sorted(by_file.items())
    ]


def format_block(files: list[str]) -> list[str]:
    return [f"{json.dumps(name)}," for name in files]


def replace_block(text: str, name: str, lines: list[str]) -> str:
    begin, end = f"# BEGIN {name}\n", f"# END {name}"
    head, found, rest = text.partition(begin)
    if not found or end not in rest:
        raise SystemExit(f"pyproject.toml has no '# BEGIN {name}' ... '# END {name}' block")
    indent = head[head.rfind("\n") + 1 :]
    body = "".join(f"{indent}{line}\n" for line in lines)
    return head + begin + body + indent + rest[rest.index(end) :]


def _safe_fix(item: dict[str, object]) -> bool:
    fix = item.get("fix")
    return isinstance(fix, dict) and fix.get("applicability") == "safe"


def summary(findings: list[dict[str, object]]) -> str:
    """Findings per rule, most first, with how many `ruff check --fix` would fix."""
    counts = Counter(str(item["code"]) for item in findings if item.get("code"))
    safe = Counter(str(item["code"]) for item in findings if _safe_fix(item))
    lines = [
        f"{count:5} {code}" + (f"  ({safe[code]} safe-fixable)" if safe[code] else "")
        for code, count in counts.most_common()
    ]
    return "\n".join([*lines, f"{sum(counts.values()):5} in all"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the baselines are out of date"
    )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    pyproject = root / "pyproject.toml"
    before = pyproject.read_text(encoding="utf-8")
    findings = lint_findings(root)
    after = replace_block(before, "ruff baseline", ruff_block(root, findings))
    after = replace_block(after, "format baseline", format_block(unformatted(root)))
    if args.check:
        if after != before:
            print(
                "pyproject.toml's lint/format baselines are out of date: run "
                "`python scripts/gate_baseline.py` and commit the smaller list"
            )
            return 1
        return 0
    pyproject.write_text(after, encoding="utf-8")
    print(summary(findings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
