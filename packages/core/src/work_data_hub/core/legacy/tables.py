"""``wdh.legacy_import``: one row per (legacy table, month) imported, with the figures the
verification compared. A re-run skips a month whose legacy figures are still these."""

from __future__ import annotations

import sqlalchemy as sa

from work_data_hub.core.load.tables import metadata

legacy_import = sa.Table(
    "legacy_import",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.String(40), nullable=False),
    sa.Column("domain", sa.String(64), nullable=False),
    sa.Column("legacy_table", sa.String(200), nullable=False),
    sa.Column("period", sa.String(6), nullable=False),
    sa.Column("legacy_rows", sa.Integer, nullable=False),
    # Sums as exact decimal text: SQLite has no exact NUMERIC.
    sa.Column("legacy_sum", sa.String(60)),
    sa.Column("rows_rejected", sa.Integer, nullable=False),
    sa.Column("rows_loaded", sa.Integer, nullable=False),
    sa.Column("loaded_sum", sa.String(60)),
    sa.Column("rejected_sum", sa.String(60)),
    sa.Column("imported_at", sa.DateTime, nullable=False),
    sa.Index("ix_legacy_import_table_period", "legacy_table", "period"),
    schema="wdh",
)
