"""Domain health_pension_part: sheet 养老险 of the 企康缴费 workbook → business.企康缴费_养."""
