"""health_insurance_part's sample: sheet 健康险 of the 企康缴费 workbook with its headers as
written (line breaks inside cells, full- and half-width brackets); when dirty, an amount
with thousands separators, a 管理费率 keyed as text ``1.5%``, a company marked -已转出 and
a blank row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from work_data_hub.core.domains import health_workbook as hw
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts
from work_data_hub.core.samples.universe import company_name

SHEET = "健康险"
HEADER = [
    "二级机构",
    "统括名称",
    "业绩拆分",
    "拆分\n比例",
    "投保人",
    "保单号",
    "币种",
    "资金变动\n日期",
    "满期日",
    "缴费任务",
    "新老客户\n标签",
    "保单人数",
    "主招揽业务员\n姓名",
    "销售渠道",
    "渠道\n大类",
    "战区",
    "中心",
    "初始委托资金\n金额",
    "初始管理费\n金额",
    "合计金额",
    "管理费\n支付方式",
    "管理费率",
    "中介费率",
    "净管理费金额\n(不含中介费)",
    "净管理费率",
    "企业性质\n（E企查）",
    "企业性质(终)",
    "行业分类",
    "企业所在\n城市",
    "缴费年",
    "缴费月",
    "项目起保\n日期",
    "G代码",
    "备注",
]
NATURES = (("民营企业", "民营"), ("国有企业", "国企"), ("外资企业", "外资"))
INDUSTRIES = ("制造业", "信息技术", "金融业", "批发零售", "建筑业")


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    rng = hw.rng_for(req, "health_insurance_part")
    rows: list[list[Any]] = [list(HEADER)]
    for _ in range(req.rows):
        zone, centre = rng.choice(hw.ZONES)
        company = company_name(rng)
        moved = hw.day_in(req, rng)
        entrusted = hw.amount(rng, 50_000, 5_000_000)
        rate = Decimal(rng.choice((10, 15, 20, 25))) / 1000
        fee = (entrusted * rate).quantize(entrusted)
        nature, final = rng.choice(NATURES)
        rows.append(
            [
                rng.choice(vocab.BRANCH_POOL),
                f"{company[:-4]}团体医疗统括",
                "否",
                "100%",
                company,
                hw.policy_number(rng, "JK"),
                "人民币",
                moved,
                moved + dt.timedelta(days=rng.randint(90, 365)),
                "已缴费",
                rng.choice(("新客户", "老客户")),
                rng.randint(10, 5000),
                "王芳",
                "团险渠道",
                "团险",
                zone,
                centre,
                entrusted,
                fee,
                entrusted + fee,
                "年缴",
                float(rate),
                0,
                fee,
                float(rate),
                nature,
                final,
                rng.choice(INDUSTRIES),
                rng.choice(vocab.PLACES),
                req.year,
                req.month,
                hw.earlier_day(rng, moved),
                f"G{rng.randint(100_000, 999_999)}",
                None,
            ]
        )
    counts = SheetCounts(sheet=SHEET, header=list(HEADER), rows_read=req.rows)
    if req.dirty:
        rows[1][17] = f"{rows[1][17]:,}"  # thousands separators are read
        rows[2][21] = "1.5%"  # a rate keyed as text: 0.015
        rows[3][4] = f"{rows[3][4]}-已转出"  # R-NAME removes the status marker
        rows.insert(3, [None] * len(HEADER))
        counts.rows_blank = 1
    return {SHEET: GeneratedSheet(rows=rows, counts=counts)}


SAMPLE = DomainSample(workbook=hw.HEALTH_WORKBOOK, sheets=_sheets, example_rows=6, min_dirty_rows=3)
