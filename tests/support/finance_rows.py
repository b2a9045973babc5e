"""Helpers of the finance kinds' tests: a finance workbook placed where discovery looks
(below 收集数据/财务数据/), portfolios in mapping.组合计划, and one in-process batch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from support import warehouse as wh
from support.etl import upgrade
from work_data_hub.core.samples.writer import write_workbook


def place(data_root: Path, name: str, sheets: Mapping[str, Sequence[Sequence[Any]]], period: str = "202411") -> Path:
    return write_workbook(
        data_root / period / "收集数据" / "财务数据" / name, {k: [list(r) for r in v] for k, v in sheets.items()}
    )


def portfolios(url: str, rows: Sequence[tuple[str, str, str | None]]) -> None:
    """(组合代码, 年金计划号, 组合状态) into mapping.组合计划, after `db upgrade`."""
    upgrade(url)
    table = wh.qualified(url, "mapping", "组合计划")
    values = ", ".join(
        f"('{code}', '{plan}', {'NULL' if status is None else repr(status)})" for code, plan, status in rows
    )
    wh.execute(url, f"INSERT INTO {table} (组合代码, 年金计划号, 组合状态) VALUES {values}")
