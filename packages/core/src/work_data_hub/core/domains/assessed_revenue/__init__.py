"""Domain assessed_revenue: sheet 公司利润数据 → finance.考核收入明细."""
