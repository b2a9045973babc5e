"""What a customer-master command returns: the counts it wrote (or would write), the
figures it measured, and its status; rendered by the CLI and recorded in the run ledger."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STEP = "customer_mdm"  # the run ledger's domain column for every customer-master step


@dataclass
class MdmResult:
    command: str
    period: str
    dry_run: bool
    status: str = "ok"  # ok | failed
    counts: dict[str, int] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    periods: list[str] = field(default_factory=list)  # --rebuild-from: the months replayed
    error: str | None = None
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 0 if self.status == "ok" else 1

    def add(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.counts[key] = self.counts.get(key, 0) + int(value)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data
