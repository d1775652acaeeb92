"""Moved to `gongshu_kpi.core.ci.rules`; this alias keeps other branches' imports working
until they are merged, then it goes."""

import sys

from gongshu_kpi.core.ci import rules as _moved
from gongshu_kpi.core.ci.rules import *  # noqa: F403 - the names, for type checkers

sys.modules[__name__] = _moved
