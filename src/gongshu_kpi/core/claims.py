"""Old import path of ``gongshu_kpi.core.bulletin`` (claim extraction), kept so branches
written against ``core.claims`` still import.  The lead removes this module after the
issue-15 merges; import from ``gongshu_kpi.core.bulletin`` instead."""

from gongshu_kpi.core.bulletin import Claim, Names, Quantity, Unmatched, extract_claims

__all__ = ["Claim", "Names", "Quantity", "Unmatched", "extract_claims"]
