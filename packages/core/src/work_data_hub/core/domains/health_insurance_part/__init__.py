"""Domain health_insurance_part: sheet 健康险 of the 企康缴费 workbook → business.企康缴费_健."""
