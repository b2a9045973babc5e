"""Step I14: the output schema of ``business.收入明细``, written out from spec §7 on its own
(not derived from ``spec.COLUMNS``), so a drift between the two is caught before a load."""

from __future__ import annotations

from work_data_hub.core.domains.output_schema import Out, checker

OUTPUT = (
    Out("月度", "month", nullable=False),
    Out("计划代码", "text", 50, nullable=False),
    Out("company_id", "text", 50),
    Out("客户名称", "text", 255),
    Out("产品线代码", "text", 20),
    Out("机构代码", "text", 10, nullable=False),
    Out("固费", "numeric", (18, 4), nullable=False),
    Out("浮费", "numeric", (18, 4), nullable=False),
    Out("回补", "numeric", (18, 4), nullable=False),
    Out("税", "numeric", (18, 4), nullable=False),
    Out("业务类型", "text", 50, nullable=False),
    Out("计划类型", "text", 50),
    Out("组合代码", "text", 50),
    Out("计划名称", "text", 255),
    Out("组合类型", "text", 100),
    Out("组合名称", "text", 255),
    Out("机构名称", "text", 100),
    Out("年金账户名", "text", 255),
)

check_output = checker("business.收入明细", OUTPUT)
