"""Domain group_pension_contributions: sheet 团养缴费 (or its UTF-16 text export) → business.团养缴费."""
