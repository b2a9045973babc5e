"""Running the contributions and health domains on cells written as in the spec (pipe-
separated), through a real file (workbook or UTF-16 text export), the real reader and the
platform's pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from support.domain_rows import MAPPINGS, column
from work_data_hub.core.domains.base import TransformContext
from work_data_hub.core.domains.pipeline import Processed, process
from work_data_hub.core.domains.registry import get_domain
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import WorkbookCache
from work_data_hub.core.samples.text_writer import write_text_export
from work_data_hub.core.samples.writer import write_workbook


def cells(line: str) -> list[str | None]:
    """``a | b |  | c`` → ["a", "b", None, "c"]: the cells of a spec row (blank → empty)."""
    return [c.strip(" ") or None for c in line.split("|")]


def run(
    domain: str,
    sheet: str,
    rows: list[list[Any]],
    tmp_path: Path,
    fmt: Literal["xlsx", "text"] = "xlsx",
    period: str = "202411",
) -> Processed:
    if fmt == "text":
        path = write_text_export(tmp_path / f"{domain}.xls", rows)
    else:
        path = write_workbook(tmp_path / f"{domain}.xlsx", {sheet: rows})
    raw = WorkbookCache().sheet(path, sheet)
    ctx = TransformContext(period=Period.parse(period), mappings=MAPPINGS, source_file=path.name, sheet=raw.sheet)
    return process(raw, get_domain(domain), ctx)


def output_rows(processed: Processed) -> list[dict[str, Any]]:
    """The valid rows as {column: value} in the table's column order (dates as ISO text,
    missing as None), without the hidden keys."""
    frame = processed.valid
    names = [c for c in frame.columns if not c.startswith("__")]
    values = {name: column(frame, name) for name in names}
    return [{name: values[name][i] for name in names} for i in range(len(frame))]


def rejected(processed: Processed) -> dict[int, str]:
    frame = processed.rejected
    return dict(zip(frame["row_number"].tolist(), frame["reason"].tolist(), strict=True))
