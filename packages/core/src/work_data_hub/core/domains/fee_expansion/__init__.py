"""Domain fee_expansion: sheet 提费扩面 → business.提费扩面."""
