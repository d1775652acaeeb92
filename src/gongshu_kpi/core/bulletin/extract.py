"""Find the figures a draft bulletin states, so a later step can check them against the data.

``extract_claims`` reads bulletin text (plain text or Markdown, in the style of the published
成绩单) and returns one ``Claim`` per indicator it states figures for — annual target,
year-to-date actual, completion rate, year-on-year growth, share — with the line each came
from.  A sentence that states a percentage or a 目标/完成 figure but cannot be read is
returned as ``Unmatched``: a fact-checker must never pass a figure it did not look at.

Pure: stdlib only, no I/O.  The work happens in four steps:

1. each character is normalised (NFKC, but never so that a new digit appears) and Markdown
   markers are dropped, every character remembering its source line;
2. lines are joined into sentences, including soft-wrapped lines and a figure broken from
   its unit by a stray blank line ("完成714" / "" / "家,…");
3. each sentence is split into comma clauses, period words (1-6月, 上半年 …) are noted and
   blanked out, and figure expressions are found in reading order;
4. figures are given to indicators: a figure with words before it names a new indicator,
   one without continues the current indicator, and a 分别 list is shared out in order.

A Markdown table whose header has an 指标 column (as ``kpi report --format markdown``
writes) gives one claim per row, its columns recognised by their headers.
"""

from __future__ import annotations

from gongshu_kpi.core.bulletin.assign import _read_sentence
from gongshu_kpi.core.bulletin.claims import NO_NAMES, Claim, Names, Unmatched
from gongshu_kpi.core.bulletin.document import _split_blocks, _Table
from gongshu_kpi.core.bulletin.tables import _read_table

# --------------------------------------------------------------------------- entry point


def extract_claims(text: str, names: Names = NO_NAMES) -> tuple[list[Claim], list[Unmatched]]:
    """Every indicator figure stated in a draft bulletin, and the sentences that could not be read.

    Claims come in reading order.  A sentence may give claims and also appear in the
    unmatched list when some of its percentages or 目标/完成 figures were left over.
    `names` (orgs and indicators the data knows) tells an org written before an
    indicator's name from the name itself.
    """
    claims: list[Claim] = []
    unmatched: list[Unmatched] = []
    for block in _split_blocks(text):
        if isinstance(block, _Table):
            found, problems = _read_table(block, names)
        else:
            found, problems = _read_sentence(block, names)
        claims.extend(found)
        unmatched.extend(problems)
    return claims, unmatched
