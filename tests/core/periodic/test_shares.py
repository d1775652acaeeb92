"""Shares across months: the whole at the part's month, else a mark and a note."""

from __future__ import annotations

from decimal import Decimal

from gongshu_kpi.core.numbers import round_to
from gongshu_kpi.core.periodic.shares import NOT_SAME_MONTH, share_at

D = Decimal


def test_share_at_the_parts_month() -> None:
    """Four towns' 1-6月 revenue 44.51 of the ten platforms' 1-6月 111.56: 39.90%."""
    share = share_at(D("44.51"), 6, {5: D("92.10"), 6: D("111.56")}, "十大平台")
    assert share.value is not None and str(round_to(share.value, 2)) == "39.90"
    assert share.whole == D("111.56") and share.mark == "" and share.note == ""


def test_whole_behind_the_part_is_marked_not_dropped() -> None:
    """The part at 1-6月, the whole only at 1-5月: no share, a mark and a note saying why."""
    share = share_at(D("44.51"), 6, {4: D("70"), 5: D("92.10")}, "十大平台")
    assert share.value is None and share.whole is None and share.mark == NOT_SAME_MONTH
    assert share.note == "十大平台数据只到1-5月，与1-6月不同期，未计算占比"
    none = share_at(D("44.51"), 6, {}, "十大平台")
    assert none.note == "十大平台没有1-6月的数据，未计算占比" and none.mark == NOT_SAME_MONTH
    zero = share_at(D(1), 1, {1: D(0)})
    assert zero.value is None and zero.note == "整体1月为 0，无法计算占比"
