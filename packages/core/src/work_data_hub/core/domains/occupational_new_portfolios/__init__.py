"""Domain occupational_new_portfolios: sheet 职年投资新增组合 → customer.职年投资新增组合."""
