"""Domain health_contributions: sheet 企康缴费 (养老险 and 健康险 combined) → business.企康缴费."""
