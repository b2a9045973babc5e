"""Domain impairment_provisions: sheet 减值计提 → finance.减值计提."""
