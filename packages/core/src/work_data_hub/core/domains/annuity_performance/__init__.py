"""Domain annuity_performance: sheet 规模明细 → business.规模明细."""
