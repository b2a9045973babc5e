"""occupational_new_portfolios, declared once: the cumulative 职年投资新增组合 register of the
台账登记 workbook (new occupational-pension portfolios, other-kinds.md §2.7) →
``customer.职年投资新增组合``. Each 上报月份 of the valid rows is replaced, like the award ledger."""

from __future__ import annotations

from work_data_hub.core.domains import ledger_registers as reg
from work_data_hub.core.domains.base import Column, DomainSpec, InputColumns
from work_data_hub.core.domains.occupational_new_portfolios.transform import TEXT, transform

COLUMNS = (
    Column("区域", "text", 50),
    Column("中心", "text", 100),
    Column("机构", "text", 100),
    reg.BRANCH_CODE,
    Column("组合名称", "text", 255),
    Column("组合类别", "text", 100),
    Column("上报月份", "month", nullable=False),
    Column("到账月份", "month"),
    Column("上报人", "text", 100),
    Column("年金计划号", "text", 50),
    Column("组合代码", "text", 50, nullable=False),
    Column("备注", "text"),
)

INPUTS = InputColumns(
    required=frozenset({"上报月份", "组合代码"}),
    optional=frozenset({*TEXT, "机构", "到账月份", "年金计划号"}),
    aliases={"机构名称": "机构", "计划代码": "年金计划号", "组合编号": "组合代码"},
)

DOMAIN = DomainSpec(
    name="occupational_new_portfolios",
    order=23,
    description="职年投资新增组合 register (new occupational portfolios, cumulative) → customer.职年投资新增组合",
    schema="customer",
    table="职年投资新增组合",
    columns=COLUMNS,
    indexes=(("上报月份",), ("组合代码",)),
    inputs=INPUTS,
    period_column="上报月份",
    refresh="groups",
    refresh_groups=("上报月份",),
    monitored_measure="组合代码",
    transform=transform,
    period_check=False,
    empty_sheet_ok=True,
    output_rules=(reg.BRANCH_RULE,),
)
