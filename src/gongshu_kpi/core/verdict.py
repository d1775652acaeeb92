"""Moved to `gongshu_kpi.core.ci.verdict`; this alias keeps other branches' imports working
until they are merged, then it goes."""

import sys

from gongshu_kpi.core.ci import verdict as _moved
from gongshu_kpi.core.ci.verdict import *  # noqa: F403 - the names, for type checkers

sys.modules[__name__] = _moved
