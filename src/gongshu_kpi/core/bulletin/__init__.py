"""The bulletin fact-check (成绩单核对): every figure a draft bulletin states, judged against
the data and against the bulletin's own arithmetic.

Pure (the caller reads the file); the modules follow the pipeline.  ``document`` normalises
characters (each keeping its line and column) and joins lines into sentences and Markdown
tables; ``figures`` finds each clause's figure expressions with one reader per figure kind
(``kinds``, patterns in ``patterns``), ``periods`` masking period words such as 1-6月, and
``english``/``tables`` read bulletin_en lines and report tables; ``assign`` gives the figures
to indicators as ``Claim``s (``claims``; entry point ``extract.extract_claims``).  Then
``context`` resolves each claim's indicator, org and unit, ``expected`` works out the exact
figure it should state (the latest month with data, the target, rate, share, growth …),
``compare`` judges a stated figure at the places it is printed with, ``checks_amounts``,
``checks_rates``, ``checks_growth`` and ``own`` (a sentence's own arithmetic) run the
comparisons, and ``verdicts`` records every figure's verdict and the problems that
``factcheck.check_bulletin`` returns as a ``BulletinCheck``.
"""

from gongshu_kpi.core.bulletin.claims import Claim, Names, Quantity, Unmatched
from gongshu_kpi.core.bulletin.extract import extract_claims
from gongshu_kpi.core.bulletin.factcheck import (
    BulletinCheck,
    FigureVerdict,
    Match,
    Verdict,
    check_bulletin,
    compare,
    known_names,
    match_indicator,
    resolve_scope,
)
from gongshu_kpi.core.bulletin.kinds import FIGURE_LABEL, FigureKind

__all__ = [
    "FIGURE_LABEL",
    "BulletinCheck",
    "Claim",
    "FigureKind",
    "FigureVerdict",
    "Match",
    "Names",
    "Quantity",
    "Unmatched",
    "Verdict",
    "check_bulletin",
    "compare",
    "extract_claims",
    "known_names",
    "match_indicator",
    "resolve_scope",
]
