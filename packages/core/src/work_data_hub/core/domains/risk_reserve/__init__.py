"""Domain risk_reserve: sheet 风准金 → finance.风准金余额表."""
