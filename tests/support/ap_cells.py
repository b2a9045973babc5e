"""Running 规模明细 cells through the real annuity_performance domain (issue 3 tests).

A raw sheet is built the way the reader produces it: normalised header names, every cell
as pandas ``str`` text (a number cell 202411 arrives as ``'202411'``, a date cell as
``'2024-11-30 00:00:00'``), NA for an empty cell, and the Excel row number of each row
(``test_reader_gives_these_cells`` pins that shape against a real workbook). The frame then
goes through ``domains/pipeline.process`` with the committed mapping files."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from work_data_hub.core.config.mappings import Mappings, load_mappings
from work_data_hub.core.domains.annuity_performance.spec import DOMAIN
from work_data_hub.core.domains.base import TransformContext
from work_data_hub.core.domains.pipeline import Processed, process
from work_data_hub.core.enrich.stage import enrich_frame
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import ROW_NUMBER, RawSheet

REPO = Path(__file__).resolve().parents[2]
MAPPINGS = load_mappings(REPO / "config")

# The 23 columns of the 202411 workbook, as the reader names them after normalisation.
HEADERS: tuple[str, ...] = (
    "月度", "业务类型", "计划类型", "计划代码", "计划名称", "组合类型", "组合代码", "组合名称",
    "客户名称", "期初资产规模", "期末资产规模", "供款", "流失(含待遇支付)", "流失", "待遇支付",
    "投资收益", "当期收益率", "机构代码", "机构", "子企业号", "子企业名称", "集团企业客户号",
    "集团企业客户名称",
)  # fmt: skip

# One clean row of a single plan; every example overrides the cells it is about.
BASE: dict[str, str | None] = {
    "月度": "202411",
    "业务类型": "企年受托",
    "计划类型": "单一计划",
    "计划代码": "S1002",
    "计划名称": "山东某某集团企业年金计划",
    "客户名称": "山东某某集团有限公司",
    "期初资产规模": "1000000",
    "期末资产规模": "1012345.67",
    "供款": "20000",
    "流失(含待遇支付)": "5000",
    "流失": "3000",
    "待遇支付": "2000",
    "投资收益": "-2654.33",
    "当期收益率": "0.050861",
    "机构代码": "G21",
    "机构": "山东",
}

NA = None


@dataclasses.dataclass
class Ap:
    """The domain on hand-built cells."""

    mappings: Mappings = MAPPINGS

    def sheet(
        self,
        rows: Sequence[Mapping[str, Any]],
        *,
        headers: Sequence[str] = HEADERS,
        base: Mapping[str, Any] | None = None,
        renamed: Mapping[str, str] | None = None,
    ) -> RawSheet:
        """``rows`` as {column: cell} on top of ``base`` (BASE unless given); a cell given
        as None is empty. ``renamed`` writes a column under another header."""
        start = BASE if base is None else base
        names = [(renamed or {}).get(h, h) for h in headers]
        records = [[(dict(start) | dict(r)).get(h) for h in headers] for r in rows]
        frame = pd.DataFrame(records, columns=names, dtype="str")
        frame.insert(0, ROW_NUMBER, range(2, 2 + len(frame)))
        return RawSheet(
            file=Path("book.xlsx"),
            sheet="规模明细",
            frame=frame,
            headers=names,
            rows_blank=0,
            rows_repeated_header=0,
        )

    def context(self, period: str = "202411") -> TransformContext:
        return TransformContext(
            period=Period.parse(period), mappings=self.mappings, source_file="book.xlsx", sheet="规模明细"
        )

    def process(self, raw: RawSheet, period: str = "202411") -> Processed:
        return process(raw, DOMAIN, self.context(period))

    def run(self, rows: Sequence[Mapping[str, Any]], *, period: str = "202411", **sheet: Any) -> Processed:
        return self.process(self.sheet(rows, **sheet), period)

    def enriched(self, processed: Processed) -> pd.DataFrame:
        """The valid rows after company-id resolution (P14), in output columns."""
        frame, _ = enrich_frame(processed.valid, DOMAIN, self.mappings)
        return frame

    def with_mappings(self, **changes: Any) -> Ap:
        return Ap(dataclasses.replace(self.mappings, **changes))


def value(frame: pd.DataFrame, column: str, row: int = 0) -> Any:
    """One output cell as plain Python: None for NA, ISO text for a date."""
    from support.domain_rows import cell

    return cell(frame, column, row)


def values(frame: pd.DataFrame, column: str) -> list[Any]:
    return [value(frame, column, i) for i in range(len(frame))]


AP = Ap()
