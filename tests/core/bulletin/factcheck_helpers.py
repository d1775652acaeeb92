"""What the fact-check's tests share: a check's problems as (line, code) pairs."""

from __future__ import annotations

from gongshu_kpi.core.bulletin import BulletinCheck


def codes(result: BulletinCheck) -> list[tuple[int | None, str]]:
    """(line, code) of every problem."""
    return [(p.location.line if p.location else None, p.code) for p in result.problems]
