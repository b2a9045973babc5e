"""Domain annuity_income: sheet 收入明细 of the monthly annuity workbook → business.收入明细."""
