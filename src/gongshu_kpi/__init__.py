"""gongshu-kpi: annual targets and monthly actuals to exact completion figures and bulletins."""

__version__ = "0.1.0"
