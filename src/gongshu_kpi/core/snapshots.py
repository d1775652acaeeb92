"""Moved to `gongshu_kpi.core.ci.snapshots`; this alias keeps other branches' imports working
until they are merged, then it goes."""

import sys

from gongshu_kpi.core.ci import snapshots as _moved
from gongshu_kpi.core.ci.snapshots import *  # noqa: F403 - the names, for type checkers

sys.modules[__name__] = _moved
