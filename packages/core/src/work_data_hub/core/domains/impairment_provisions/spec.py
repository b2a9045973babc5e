"""impairment_provisions, declared once: sheet 减值计提 of the 减值计提 workbook (kind 19,
other-kinds.md §2.13) → ``finance.减值计提``."""

from __future__ import annotations

from work_data_hub.core.domains.base import Column, DomainSpec, InputColumns
from work_data_hub.core.domains.impairment_provisions.transform import transform
from work_data_hub.core.domains.output_rules import Matches

COLUMNS = (
    Column("月度", "month", nullable=False),
    Column("业务类型", "text", 50, nullable=False),
    Column("产品线代码", "text", 20, nullable=False),
    Column("分支机构", "text", 100),
    Column("机构代码", "text", 10, nullable=False, default="G00"),
    Column("期末余额", "numeric", precision=(18, 4), nullable=False),
)

INPUTS = InputColumns(
    required=frozenset({"业务类型", "期末余额"}),
    optional=frozenset({"月度", "分支机构"}),
    aliases={},
    left_absent=frozenset({"月度"}),
)

DOMAIN = DomainSpec(
    name="impairment_provisions",
    order=190,
    description="减值计提 (impairment provisions) → finance.减值计提",
    schema="finance",
    table="减值计提",
    columns=COLUMNS,
    indexes=(("月度",), ("机构代码",)),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="期末余额",
    transform=transform,
    output_rules=(Matches("机构代码", r"G\d{2}"), Matches("产品线代码", r"PL\d{3}")),
)
