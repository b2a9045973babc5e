"""The type of a domain's amount columns: NUMERIC(p, s) on PostgreSQL, decimal text on
SQLite. SQLite's NUMERIC affinity turns text into a double and keeps 15 significant
digits (``1234567890123.4567`` becomes ``…4568``); a TEXT column keeps what the loader
writes, always at the column's scale (``12.5000``), so SUM() and equality still work
there, and reads through the table come back as numbers, as they do from NUMERIC."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect


class Amount(sa.types.TypeDecorator):  # type: ignore[type-arg]
    impl = sa.Numeric
    cache_ok = True

    def __init__(self, precision: int, scale: int, asdecimal: bool = False) -> None:
        super().__init__(precision=precision, scale=scale, asdecimal=asdecimal)
        self.precision = precision
        self.scale = scale
        self.asdecimal = asdecimal

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.Text())
        return dialect.type_descriptor(self._numeric())

    def _numeric(self) -> sa.Numeric[Any]:
        return sa.Numeric(self.precision, self.scale, asdecimal=self.asdecimal)  # type: ignore[call-overload,no-any-return]

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        quantum = Decimal(1).scaleb(-self.scale)
        return str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return Decimal(str(value)) if self.asdecimal else float(value)

    def declared(self) -> sa.types.TypeEngine[Any]:
        """The same type as Alembic writes it into a migration (both backends)."""
        return self._numeric().with_variant(sa.Text(), "sqlite")
