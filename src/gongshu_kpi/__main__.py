"""Allow ``python -m gongshu_kpi``."""

from gongshu_kpi.cli import main

main()
