"""Period figures a Chinese bulletin prints beyond the year-to-date completion rate: periods
of a month, quarter or half-year (`2021-Q2`, 2021年一季度) and their labels (1-6月 or 上半年);
the period's own amount (当月, 当季) derived exactly from either basis, a combined 1-2月 release
kept whole; 环比, 当月同比 and 两年平均增长; targets adjusted during the year (调整后目标);
what is still to do (距目标还差, 后N个月月均需完成) and the full-year projection along a
profile; whether a stock indicator is judged against 序时进度; time progress and missing
periods by reporting frequency; shares whose part and whole reached different months.
Pure: no I/O, exact Decimal (or Fraction where a quotient must stay exact), rounding only
where a figure is printed.
"""
