"""Domain portfolio_performance: sheet 组合业绩 → business.组合业绩."""
