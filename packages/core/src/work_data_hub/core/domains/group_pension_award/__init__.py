"""Domain group_pension_award: sheet 团养中标 → customer.团养中标."""
