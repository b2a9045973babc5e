"""The files of a new domain, as templates. The placeholder column (名称, 金额) and the
sample rows are there to be replaced by the domain's own; everything else (the run's
period as 月度, rejected rows with reasons, a dirty sample with a blank row) is the shape
every domain keeps."""

from __future__ import annotations

INIT = '''"""Domain {name}: sheet {sheet} → {schema}.{table}."""
'''

SPEC = '''"""{name}, declared once: sheet {sheet} → ``{schema}.{table}``. The columns below are
the only description of the table: the migration, the output check and the loader follow
from them. Replace the placeholder columns 名称 and 金额 with the spec's."""

from __future__ import annotations

from work_data_hub.core.domains.base import Column, DomainSpec, InputColumns
from work_data_hub.core.domains.{name}.transform import transform

COLUMNS = (
    Column("月度", "month", nullable=False),
    Column("名称", "text", 255, nullable=False),
    Column("金额", "numeric", precision=(18, 4)),
)

INPUTS = InputColumns(
    required=frozenset({{"名称"}}),
    optional=frozenset({{"月度", "金额"}}),
    aliases={{}},
    left_absent=frozenset({{"月度"}}),
)

DOMAIN = DomainSpec(
    name="{name}",
    order={order},
    description="{sheet} → {schema}.{table}",
    schema="{schema}",
    table="{table}",
    columns=COLUMNS,
    indexes=(("月度",),),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="金额",
    transform=transform,
)
'''

TRANSFORM = '''"""{name}'s rules: the sheet's rows in output columns, vectorised, with a reason for
every rejected row. One delivery is one period: 月度 is the run's period (a keyed 月度 is
checked against it)."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing.rules import r_num, r_text
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.run_period import run_month


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    reasons = Reasons(raw.index)
    month = run_month(raw, ctx, reasons)
    name = r_text(raw["名称"])
    amount = r_num(raw["金额"])
    reasons.add(name.isna(), "名称 missing")
    reasons.add(amount.flagged, "金额 not a number: " + quoted(raw["金额"]))
    out = pd.DataFrame({{"月度": month.values, "名称": name, "金额": amount.stored}}, index=raw.index)
    return TransformResult(frame=out, reasons=reasons.series, months=month.months, warnings=month.warnings)
'''

SAMPLE = '''"""{name}'s sample: sheet {sheet} with clean rows and, when dirty, an amount with
thousands separators and a fully blank row."""

from __future__ import annotations

import random
from typing import Any

from work_data_hub.core.samples.declaration import DomainSample, Role, SampleRequest, SampleWorkbook
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts
from work_data_hub.core.samples.universe import company_name

SHEET = "{sheet}"
HEADER = ["名称", "金额"]


def _file_name(period: str, _role: Role) -> str:
    return f"{{period[2:4]}}年{{int(period[4:])}}月{file_stem}.xlsx"


WORKBOOK = SampleWorkbook(key="{name}", folder="{folder}", file_name=_file_name)


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    rng = random.Random(f"wdh-samples:{{req.seed}}:{{req.period}}:{name}")
    rows: list[list[Any]] = [list(HEADER)]
    rows += [[company_name(rng), round(rng.uniform(1e3, 1e7), 2)] for _ in range(req.rows)]
    counts = SheetCounts(sheet=SHEET, header=list(HEADER), rows_read=req.rows)
    if req.dirty:
        # The quick start runs with the default --max-rejected 1%: a small sample rejects
        # nothing; the rejections are the worked-example tests' job.
        rows[1][1] = "1,234,567.89"  # thousands separators are read
        rows.insert(2, [None, None])  # a fully blank row: dropped and counted
        counts.rows_blank = 1
    return {{SHEET: GeneratedSheet(rows=rows, counts=counts)}}


SAMPLE = DomainSample(workbook=WORKBOOK, sheets=_sheets, example_rows=5, min_dirty_rows=3)
'''

DATA_SOURCE = """
  {name}:
    base_path: "{base_path}"
    file_patterns: ["{pattern}"]
    sheets: [{sheet}]{recursive}
"""
