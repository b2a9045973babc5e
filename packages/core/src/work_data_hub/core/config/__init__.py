"""Loading of the committed configuration files under ``config/``."""
