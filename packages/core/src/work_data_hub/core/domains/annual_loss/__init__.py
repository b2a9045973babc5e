"""Domain annual_loss: the 当年流失 ledger → customer.流失客户明细."""
