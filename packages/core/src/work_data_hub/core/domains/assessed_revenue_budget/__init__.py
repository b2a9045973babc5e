"""Domain assessed_revenue_budget: sheet 预算_YYYY → finance.考核收入预算."""
