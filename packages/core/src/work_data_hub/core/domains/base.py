"""What a domain declares: its output table, input columns and aliases, refresh scope,
registry order, and the transform that turns a raw sheet into clean rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.domains.output_rules import OutputRule
from work_data_hub.core.legacy.declaration import LegacyTable
from work_data_hub.core.period import Period
from work_data_hub.core.reference.rules import References

if TYPE_CHECKING:
    from work_data_hub.core.load.view import WarehouseView

# "month" is a date that must be the first day of its month; "flag" an integer 0 or 1.
ColumnType = Literal["text", "date", "month", "numeric", "integer", "flag"]


@dataclass(frozen=True)
class Column:
    """One output column: the only description of it. The warehouse table, its migration
    and the output schema check are all derived from these fields."""

    name: str
    type: ColumnType
    length: int | None = None  # text: longest value accepted (longer rows are rejected); None = TEXT
    precision: tuple[int, int] | None = None  # numeric: (precision, scale); None = (18, 4)
    nullable: bool = True
    default: str | None = None  # the column's server default (SQL DEFAULT), as its literal text

    @property
    def numeric_size(self) -> tuple[int, int]:
        return self.precision or (18, 4)

    @property
    def is_date(self) -> bool:
        return self.type in ("date", "month")

    @property
    def is_integer(self) -> bool:
        return self.type in ("integer", "flag")


@dataclass(frozen=True)
class InputColumns:
    required: frozenset[str]
    optional: frozenset[str]
    aliases: Mapping[str, str]  # normalised header variant → canonical name
    dropped_silently: frozenset[str] = frozenset()
    # Optional columns whose absence is normal, with the warning to give instead of the
    # generic "loaded as NULL" (the domain's transform supplies the value).
    absent_warnings: Mapping[str, str] = field(default_factory=dict)
    # Optional columns whose absence is normal and not worth a warning (a source id that
    # only some deliveries carry).
    absent_silently: frozenset[str] = frozenset()
    # Optional columns left out of the frame when the sheet lacks them, so the transform
    # can tell an absent column from a blank one (run_period's 月度).
    left_absent: frozenset[str] = frozenset()
    # The domain's own header rule, applied to every normalised header before the
    # aliases (e.g. `X(Y)` → `X_Y`); an empty result drops the column silently.
    header_rule: Callable[[str], str] | None = None

    @property
    def known(self) -> frozenset[str]:
        return self.required | self.optional


@dataclass
class TransformContext:
    period: Period
    mappings: Mappings
    source_file: str
    sheet: str


@dataclass
class TransformResult:
    """``frame`` holds every input row in output columns; ``reasons`` is NA for a valid
    row and the joined rejection reasons otherwise; ``months`` is the parsed period value
    of every row (NaT when unparseable), used by the period check."""

    frame: pd.DataFrame
    reasons: pd.Series
    months: pd.Series
    warnings: list[str] = field(default_factory=list)
    counters: dict[str, object] = field(default_factory=dict)
    # Rows that are neither loaded nor rejected (a cumulative ledger's earlier years).
    skipped: pd.Series | None = None


@dataclass(frozen=True)
class EnrichmentKeys:
    """Columns of the transform's output frame that feed company-id resolution
    (enrichment spec §2). Key columns that are not output columns start with ``__`` and
    are dropped before the load."""

    plan_key: str
    name_key: str
    plan_type: str | None = None
    account_number: str | None = None
    account_name: str | None = None
    source_id: str | None = None
    target: str = "company_id"

    @property
    def hidden(self) -> list[str]:
        cols = (self.plan_key, self.name_key, self.plan_type, self.account_number, self.account_name, self.source_id)
        return [c for c in cols if c is not None and c.startswith("__")]


@dataclass(frozen=True)
class Reconciliation:
    """How a month's stock hangs together with the previous month's: ``opening`` of P per
    ``keys`` must equal ``closing`` of P−1 within ``tolerance``, compared per key and in
    total per ``totals_by``. Declared by the domain; ``reconcile.py`` computes it."""

    opening: str
    closing: str
    keys: tuple[str, ...]
    totals_by: str
    tolerance: float = 0.01
    largest: int = 20  # how many of the largest key differences a result lists


Transform = Callable[[pd.DataFrame, TransformContext], TransformResult]
# Runs on the raw sheet (normalised headers, Excel row numbers) before headers are matched:
# for layouts that are not one header row over data rows (two header rows, merged cells
# to fill down, wide tables to unpivot). Returns the frame the header matching sees.
Reshape = Callable[[pd.DataFrame, TransformContext], pd.DataFrame]
# Runs after company ids are known, with a read-only WarehouseView (empty when the warehouse
# does not exist yet); returns the frame and counters for the summary.
AfterEnrich = Callable[[pd.DataFrame, "WarehouseView"], tuple[pd.DataFrame, dict[str, object]]]


@dataclass(frozen=True)
class DomainSpec:
    name: str
    order: int  # registry order: lower runs first in --all-domains
    description: str
    schema: str  # PostgreSQL schema; SQLite has none
    table: str
    columns: tuple[Column, ...]
    indexes: tuple[tuple[str, ...], ...]
    inputs: InputColumns
    period_column: str
    refresh: Literal["period", "groups"]
    monitored_measure: str
    transform: Transform
    enrichment: EnrichmentKeys | None = None
    refresh_groups: tuple[str, ...] = ()  # refresh "groups": the columns whose value sets are replaced
    supplement_groups: tuple[str, ...] = ()  # --supplement groups: the columns naming a group
    shrink_guard: bool = False  # refuse a period load much smaller than what is stored
    period_check: bool = True  # every parsed period value must be the run's period
    empty_sheet_ok: bool = False  # a header without data rows is a valid (empty) delivery
    sheet_optional: bool = False  # a workbook without the sheet is "no sheet in this delivery", not a failure
    reshape: Reshape | None = None
    after_enrich: AfterEnrich | None = None
    # The domain's own output rules beyond what its columns declare (allowed values,
    # ranges, cross-column rules); see output_schema.
    output_rules: tuple[OutputRule, ...] = ()
    references: References | None = None  # reference backfill rules and code checks
    legacy: tuple[LegacyTable, ...] = ()  # the legacy MySQL tables that held this domain's data (import-legacy)
    reconciliation: Reconciliation | None = None  # month-over-month check (reconcile, run report)
    # Columns by which the run report charts the monitored measure over the last 13 loaded months.
    trend_by: tuple[str, ...] = ()

    @property
    def hidden_columns(self) -> list[str]:
        return self.enrichment.hidden if self.enrichment else []

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]
