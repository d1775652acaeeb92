"""The bulletin fact-check (成绩单核对): every figure a draft bulletin states, judged against
the data and against the bulletin's own arithmetic.

Pure (the caller reads the file).  The pipeline runs in the order of its modules:
``document`` normalises characters (keeping each one's line and column) and joins lines into
sentences and Markdown tables; ``figures`` finds the figure expressions of each clause, one
reader per figure kind (``kinds``), with ``periods`` masking period words such as 1-6月 and
``english``/``tables`` reading bulletin_en lines and report tables; ``assign`` gives the figures
to indicators and freezes them as ``Claim``s (``claims``, via ``extract.extract_claims``);
``context`` resolves each claim's indicator, org and unit, and ``expected`` works out the
exact figure it should state (the latest month with data, the target, rate, share, growth …);
``compare`` judges a stated figure at the places it is printed with; ``checks_*`` run the
comparisons for one claim, and ``verdicts`` records every figure's verdict and the problems
that ``factcheck.check_bulletin`` returns as a ``BulletinCheck``.
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
