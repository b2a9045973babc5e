"""Domain annual_award: the 当年中标 ledger → customer.中标客户明细."""
