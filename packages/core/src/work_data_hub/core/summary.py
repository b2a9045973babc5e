"""What a run returns: per-domain outcomes and the batch summary rendered by the CLI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["ok", "failed", "skipped"]


@dataclass
class DomainRun:
    domain: str
    status: Status = "skipped"
    file: str | None = None
    version: str | None = None
    sha256: str | None = None
    file_size: int | None = None
    file_mtime: str | None = None  # ISO 8601, local time of the machine that ran
    unchanged_since: str | None = None  # run id of the last full load of the same file and code
    sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_blank: int = 0
    rows_repeated_header: int = 0
    rows_rejected: int = 0
    rows_deleted: int = 0
    rows_inserted: int = 0
    seconds: float = 0.0
    error: str | None = None
    rejected_file: str | None = None
    warnings: list[str] = field(default_factory=list)
    counters: dict[str, Any] = field(default_factory=dict)
    supplements: list[str] = field(default_factory=list)


@dataclass
class WorkbookRead:
    file: str
    reads: int
    seconds: float


@dataclass
class BatchSummary:
    run_id: str
    period: str
    dry_run: bool
    database: str
    domains: list[DomainRun] = field(default_factory=list)
    workbooks: list[WorkbookRead] = field(default_factory=list)
    seconds: float = 0.0
    code_version: str = ""
    report_file: str | None = None
    unknown_companies_file: str | None = None

    @property
    def status(self) -> str:
        if any(d.status == "failed" for d in self.domains):
            return "failed"
        return "ok"

    @property
    def exit_code(self) -> int:
        return 0 if self.status == "ok" else 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status
        for d in data["domains"]:
            d["seconds"] = round(d["seconds"], 3)
        for w in data["workbooks"]:
            w["seconds"] = round(w["seconds"], 3)
        data["seconds"] = round(self.seconds, 3)
        return data
