"""core/ci/snapshots.py: a published snapshot round-trips exactly, and every way a snapshot
file can be wrong is a SnapshotError saying what, never a traceback."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from gongshu_kpi.core.ci.snapshots import (
    PublishedFigure,
    Snapshot,
    SnapshotError,
    snapshot_from_json,
    snapshot_to_json,
)

SNAPSHOT = Snapshot(
    2020, 6, {"fdi": Decimal("4.5")}, (PublishedFigure("fdi", "", 6, Decimal("6.68369")),)
)


def _written(**changes: object) -> str:
    data = json.loads(snapshot_to_json(SNAPSHOT))
    data.update(changes)
    return json.dumps(data)


def test_a_snapshot_round_trips_with_its_digits() -> None:
    back = snapshot_from_json(snapshot_to_json(SNAPSHOT), "p.json")
    assert (back.year, back.month, back.path) == (2020, 6, "p.json")
    assert str(back.targets["fdi"]) == "4.5"
    assert [str(f.value) for f in back.figures] == ["6.68369"]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("{", "不是有效的 JSON"),
        ("[]", "不是 kpi publish 写出的快照"),
        (_written(kind="other"), "不是 kpi publish 写出的快照"),
        (_written(schema_version=2), "快照版本 2 不受支持"),
        (_written(month="2020"), "IndexError"),
        (_written(targets={"fdi": None}), "应为数值文字"),
        (_written(targets={"fdi": True}), "应为数值文字"),
        (_written(targets={"fdi": "NaN"}), "不是有限数"),
        (_written(targets={"fdi": "x"}), "InvalidOperation"),
        (_written(figures=[{"indicator": "fdi"}]), "KeyError"),
    ],
)
def test_a_wrong_snapshot_says_what_is_wrong(text: str, why: str) -> None:
    with pytest.raises(SnapshotError) as raised:
        snapshot_from_json(text)
    assert why in str(raised.value)
