"""The warehouse: engines, migrations, the period load, the run ledger and the lock."""
