"""Domain fee_rate_statistics: the first sheet of 年金费率统计 → finance.年金费率统计."""
