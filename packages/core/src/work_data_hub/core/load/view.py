"""A read-only view of the warehouse for a domain's hooks (``after_enrich``): it finds a
table where this backend keeps it and runs SELECTs, and nothing else. A hook never gets
the Engine, so it can neither write nor spell out a backend difference."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from work_data_hub.core.load.introspect import reflect


class WarehouseView:
    def __init__(self, engine: Engine | None) -> None:
        self._engine = engine  # None: the warehouse does not exist yet (a first dry run)

    @property
    def exists(self) -> bool:
        return self._engine is not None

    def table(self, name: str, schema: str | None = None) -> sa.Table | None:
        """The table as the warehouse holds it (declared schema applied), or None."""
        if self._engine is None:
            return None
        with self._engine.connect() as conn:
            return reflect(conn, name, schema)

    def read(self, stmt: sa.Select, columns: list[str]) -> pd.DataFrame:  # type: ignore[type-arg]
        """The rows of one SELECT as a frame with ``columns``; empty without a warehouse."""
        if not isinstance(stmt, sa.Select):
            raise TypeError("WarehouseView.read runs SELECT statements only")
        if self._engine is None:
            return pd.DataFrame(columns=columns)
        with self._engine.connect() as conn:
            rows = conn.execute(stmt).fetchall()
            conn.rollback()  # nothing a SELECT did stays
        return pd.DataFrame(rows, columns=columns)
