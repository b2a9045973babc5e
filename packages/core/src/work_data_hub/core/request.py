"""What a caller asks of a batch run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from work_data_hub.core.discovery.finder import FileSelection
from work_data_hub.core.errors import UsageError

SupplementMode = Literal["groups", "append"]


@dataclass(frozen=True)
class BatchRequest:
    period: str
    domains: list[str] | None  # None: every registered domain, in registry order
    execute: bool = False
    file: Path | None = None
    file_selection: FileSelection | None = None
    fail_fast: bool = False
    max_rejected: str = "1%"
    supplement: SupplementMode | None = None
    allow_shrink: bool = False
    force: bool = False  # --supplement append of a workbook already appended for the period
    enrichment_budget: int = 0  # live EQC lookups per domain run; 0 = off
    skip_unchanged: bool = False  # skip a domain whose file and code match its last full load
    # The declared post-load steps (derived data) after the domain runs; Dagster turns
    # them off because it materialises them as assets of their own.
    post_load: bool = True
    atomic: bool = False  # every domain of the period in one transaction


@dataclass(frozen=True)
class RejectLimit:
    count: int | None = None
    percent: float | None = None

    @classmethod
    def parse(cls, text: str) -> RejectLimit:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", text)
        if m:
            return cls(percent=float(m.group(1)))
        if re.fullmatch(r"\s*\d+\s*", text):
            return cls(count=int(text))
        raise UsageError(f"malformed --max-rejected '{text}': expected N rows or P%")

    def exceeded(self, rejected: int, rows: int) -> bool:
        if self.count is not None:
            return rejected > self.count
        return rows > 0 and rejected * 100.0 / rows > (self.percent or 0.0)

    def __str__(self) -> str:
        return f"{self.percent:g}%" if self.percent is not None else f"{self.count} rows"
