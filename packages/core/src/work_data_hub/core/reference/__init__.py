"""Reference data (spec reference-data.md): the mapping and customer tables, their seeds,
the foreign-key backfill that runs inside each fact load, and ``reference check``."""
