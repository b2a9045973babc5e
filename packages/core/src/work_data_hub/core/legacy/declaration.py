"""What a domain declares about the legacy tables that held its data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LegacyTable:
    """One legacy table feeding a domain. Its rows are handed to the domain's own cleaning
    as if they were a sheet whose headers are the legacy column names, after:

    - ``renames``: legacy column → the header the domain reads (schema drift, old names);
    - ``prefer``: header → legacy columns tried in order, first non-empty value wins (the
      legacy cleaner overwrote 客户名称 with its cleaned form and kept the original in
      年金账户名: the domain cleans the original again);
    - ``values``: per header, legacy value → the value the domain reads (受托 → 企年受托).
    """

    database: str  # the legacy database: business, customer or finance
    table: str
    month_column: str  # the legacy column that dates each row to its month
    renames: Mapping[str, str] = field(default_factory=dict)
    prefer: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def qualified(self) -> str:
        return f"{self.database}.{self.table}"


# Legacy tables no domain ever reads: the legacy system's dump of failed inserts.
IGNORED_TABLES = {"temp": "failed legacy inserts (the legacy loader's dump), never imported"}
