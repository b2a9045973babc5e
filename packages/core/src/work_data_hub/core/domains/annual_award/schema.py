"""Step S16: the output schema of ``customer.中标客户明细``, written out from spec award §7 on its own (not
derived from the shared ledger columns), so a drift between the two is caught before a
load (trap 2: a schema that never matched once went unnoticed)."""

from __future__ import annotations

from work_data_hub.core.domains.output_schema import Out, checker

OUTPUT = (
    Out("上报月份", "month", nullable=False),
    Out("业务类型", "text", 20, nullable=False),
    Out("产品线代码", "text", 20, nullable=False),
    Out("上报客户名称", "text", 255, nullable=False),
    Out("客户名称", "text", 255),
    Out("年金计划号", "text", 50),
    Out("company_id", "text", 50),
    Out("机构名称", "text", 100),
    Out("机构代码", "text", 10, nullable=False),
    Out("中标日期", "date"),
    Out("计划规模", "numeric", (18, 4)),
    Out("年缴规模", "numeric", (18, 4)),
    Out("客户类型", "text", 50),
    Out("原受托人", "text", 100),
    Out("计划类型", "text", 20),
    Out("证明材料", "text"),
    Out("考核有效", "flag"),
    Out("备注", "text"),
)

check_output = checker("customer.中标客户明细", OUTPUT)
