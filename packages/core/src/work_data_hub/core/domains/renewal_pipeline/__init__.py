"""Domain renewal_pipeline: sheet 续签客户清单 → customer.续签客户清单."""
