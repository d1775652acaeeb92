"""Shared by the figure baselines: which indicators are stocks, read from targets.yaml.

A regular expression over the generated file's `- id:` / `kind:` lines, not a YAML parser:
the baselines should cost what a quick script costs, and the generated file is regular.
"""

import re
from pathlib import Path

_ENTRY = re.compile(r"^\s*- id: (\S+)$|^\s+kind: (\S+)$", re.MULTILINE)


def stock_ids(actuals: str) -> set[str]:
    """Ids of the stock indicators in the targets.yaml beside the actuals folder."""
    targets = Path(actuals).resolve().parent.parent / "targets.yaml"
    stocks: set[str] = set()
    current = ""
    for match in _ENTRY.finditer(targets.read_text(encoding="utf-8")):
        if match.group(1):
            current = match.group(1)
        elif match.group(2) == "stock":
            stocks.add(current)
    return stocks
