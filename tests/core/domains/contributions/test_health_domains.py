"""The 企康缴费 workbook's three domains: worked examples and traps of docs/domains/
health_contributions.md, health_pension_part.md and health_insurance_part.md
(other-kinds.md §2.2–2.4), on real workbook cells."""

from __future__ import annotations

from pathlib import Path

from support.contribution_rows import cells, output_rows, rejected, run
from work_data_hub.core.domains.health_contributions.sample import HEADER as COMBINED_HEADER
from work_data_hub.core.domains.health_insurance_part.sample import HEADER as HEALTH_HEADER
from work_data_hub.core.domains.health_pension_part.sample import HEADER as PENSION_HEADER

# ---- kind 4: 企康缴费 (combined) -------------------------------------------------------

COMBINED_1 = (
    "团险渠道|北区|北京中心|直销|北京|华信养老保障项目|GP40213377120155|团体年金保险|华信电力有限公司 |有效|2023/5/8|"
    "2023/5/10|2024/11/20|续期|88,400.00|2024|11|续保|53040|53040|KM120334|UM20931822"
)
COMBINED_2 = (
    "团险渠道|南区|广东中心|直销|广州|安康医疗项目|JK30119920381234|团体健康险|广州安康科技有限公司|有效|2024/1/2|"
    "2024/1/3|2024/11/8|首期|12000|2024|11|新保|7200|7200||"
)
COMBINED_ROW_1 = {
    "机构名称": "北京",
    "机构代码": "G01",
    "项目简称": "华信养老保障项目",
    "保单号": "GP40213377120155",
    "险种": "团体年金保险",
    "客户名称": "华信电力有限公司",
    "company_id": None,
    "保单状态": "有效",
    "承保时间": "2023-05-08",
    "生效时间": "2023-05-10",
    "缴费确认时间": "2024-11-20",
    "缴费类型": "续期",
    "缴费金额": 88400.0,
    "考核业绩": 53040.0,
    "客户经理代码": "KM120334",
    "UM号": "UM20931822",
    "月度": "2024-11-01",
}
COMBINED_ROW_2 = {
    "机构名称": "广州",
    "机构代码": "G04",
    "项目简称": "安康医疗项目",
    "保单号": "JK30119920381234",
    "险种": "团体健康险",
    "客户名称": "广州安康科技有限公司",
    "company_id": None,
    "保单状态": "有效",
    "承保时间": "2024-01-02",
    "生效时间": "2024-01-03",
    "缴费确认时间": "2024-11-08",
    "缴费类型": "首期",
    "缴费金额": 12000.0,
    "考核业绩": 7200.0,
    "客户经理代码": None,
    "UM号": None,
    "月度": "2024-11-01",
}
COMBINED_DROPPED = "dropped columns: 所属渠道, 战区, 中心, 渠道, 缴费年, 缴费月, 新/续保, 折算后业绩"


def test_combined_worked_examples(tmp_path: Path) -> None:
    done = run("health_contributions", "企康缴费", [COMBINED_HEADER, cells(COMBINED_1), cells(COMBINED_2)], tmp_path)
    assert output_rows(done) == [COMBINED_ROW_1, COMBINED_ROW_2]
    assert done.warnings == [COMBINED_DROPPED]  # one warning listing every dropped column


def test_combined_policy_number_and_amount_are_required(tmp_path: Path) -> None:
    no_policy, no_amount = cells(COMBINED_1), cells(COMBINED_1)
    no_policy[6] = None
    no_amount[14] = "-"  # a placeholder is NULL, so the required amount is missing
    done = run("health_contributions", "企康缴费", [COMBINED_HEADER, no_policy, no_amount], tmp_path)
    assert rejected(done) == {2: "保单号/客户名称 missing", 3: "缴费金额 missing"}


# ---- kind 5: 养老险 -----------------------------------------------------------------------

PENSION_1 = (
    "团险渠道|北区|大连中心|直销|大连|远洋港务养老项目|GP51120933451021|企业补充养老保险|(原)远洋港务有限公司|退保|"
    "2022/3/1|2022/3/9|2024/11/14|2024/11/21|追加|1,200,000.00|18000|2400|356|2024|11|续保|KM300112|UM10293847"
)
PENSION_2 = (
    "团险渠道|东区|上海中心|直销|上海|申城养老项目|GP51120933459999|企业补充养老保险|上海申城物流有限公司|有效|"
    "2023年5月8日|2023/5/16||2024/11/5|续期|50000|750|100|42|2024|11|续保|KM300113|UM10293848"
)
PENSION_ROW_1 = {
    "机构名称": "大连",
    "机构代码": "G07",
    "保单号": "GP51120933451021",
    "险种": "企业补充养老保险",
    "客户名称": "远洋港务有限公司",
    "company_id": None,
    "保单状态": "退保",
    "承保时间": "2022-03-01",
    "生效时间": "2022-03-09",
    "退保时间": "2024-11-14",
    "缴费确认时间": "2024-11-21",
    "缴费类型": "追加",
    "缴费金额": 1200000.0,
    "初始管理费": 18000.0,
    "经办服务费": 2400.0,
    "员工人数": 356,
    "客户经理代码": "KM300112",
    "UM号": "UM10293847",
    "月度": "2024-11-01",
}
PENSION_ROW_2 = PENSION_ROW_1 | {
    "机构名称": "上海",
    "机构代码": "G02",
    "保单号": "GP51120933459999",
    "客户名称": "上海申城物流有限公司",
    "保单状态": "有效",
    "承保时间": "2023-05-08",
    "生效时间": "2023-05-16",
    "退保时间": None,
    "缴费确认时间": "2024-11-05",
    "缴费类型": "续期",
    "缴费金额": 50000.0,
    "初始管理费": 750.0,
    "经办服务费": 100.0,
    "员工人数": 42,
    "客户经理代码": "KM300113",
    "UM号": "UM10293848",
}


def test_pension_part_worked_examples(tmp_path: Path) -> None:
    done = run("health_pension_part", "养老险", [PENSION_HEADER, cells(PENSION_1), cells(PENSION_2)], tmp_path)
    assert output_rows(done) == [PENSION_ROW_1, PENSION_ROW_2]
    assert done.warnings == ["dropped columns: 所属渠道, 战区, 中心, 渠道, 项目简称, 缴费年, 缴费月, 新/续保"]


def test_pension_part_headcount_must_be_whole(tmp_path: Path) -> None:
    row = cells(PENSION_1)
    row[18] = "35.5"
    done = run("health_pension_part", "养老险", [PENSION_HEADER, row], tmp_path)
    assert output_rows(done) == [PENSION_ROW_1 | {"员工人数": None}]
    assert "sheet 养老险: 员工人数 unreadable, loaded as NULL: row 2" in done.warnings


# ---- kind 6: 健康险 -----------------------------------------------------------------------

HEALTH_1 = (
    "广东|长城医药团体医疗统括|否|100%|长城医药有限公司|JK20331048822113|人民币|2024/11/3|2025/2/28|已缴费|老客户|420|"
    "王芳|团险渠道|团险|南区|广东中心|2,150,000.00|43000|2193000|年缴|0.02|0|43000|0.02|民营企业|民营|制造业|广州|2024|11|"
    "2024/3/1|G310022|"
)
HEALTH_ROW_1 = {
    "二级机构": "广东",
    "统括名称": "长城医药团体医疗统括",
    "业绩拆分": "否",
    "投保人": "长城医药有限公司",
    "company_id": None,
    "保单号": "JK20331048822113",
    "资金变动日期": "2024-11-03",
    "满期日": "2025-02-28",
    "投保单状态": "已缴费",
    "新老客户标签": "老客户",
    "保单人数": 420,
    "主招揽业务员姓名": "王芳",
    "初始委托资金金额": 2150000.0,
    "初始管理费金额": 43000.0,
    "合计金额": 2193000.0,
    "管理费支付方式": "年缴",
    "管理费率": 0.02,
    "中介费率": 0.0,
    "净管理费金额_不含中介费": 43000.0,
    "净管理费率": 0.02,
    "企业性质_E企查": "民营企业",
    "企业性质_终": "民营",
    "行业分类": "制造业",
    "企业所在城市": "广州",
    "备注": None,
    "机构代码": "G04",
    "月度": "2024-11-01",
}
HEALTH_DROPPED = "dropped columns: 拆分比例, 币种, 销售渠道, 渠道大类, 战区, 中心, 缴费年, 缴费月, 项目起保日期, G代码"


def test_health_part_worked_examples(tmp_path: Path) -> None:
    second = cells(HEALTH_1)
    second[5], second[21] = "JK20331048822114", "1.5%"
    done = run("health_insurance_part", "健康险", [HEALTH_HEADER, cells(HEALTH_1), second], tmp_path)
    assert output_rows(done) == [
        HEALTH_ROW_1,
        HEALTH_ROW_1 | {"保单号": "JK20331048822114", "管理费率": 0.015},
    ]
    assert done.warnings == [HEALTH_DROPPED]


def test_health_part_headers_with_line_breaks_and_both_bracket_widths(tmp_path: Path) -> None:
    header = list(HEALTH_HEADER)
    # The sample header carries line breaks and （E企查） full-width; try the other widths too.
    header[header.index("净管理费金额\n(不含中介费)")] = "净管理费金额\r\n（不含中介费）"
    header[header.index("企业性质(终)")] = "企业性质\n（终）"
    assert "企业性质\n（E企查）" in header and "缴费任务" in header
    done = run("health_insurance_part", "健康险", [header, cells(HEALTH_1)], tmp_path)
    assert output_rows(done) == [HEALTH_ROW_1]


def test_health_part_channel_columns_are_dropped_by_substring(tmp_path: Path) -> None:
    header = [*HEALTH_HEADER, "渠道备注"]
    row = [*cells(HEALTH_1), "电销"]
    done = run("health_insurance_part", "健康险", [header, row], tmp_path)
    assert output_rows(done) == [HEALTH_ROW_1]
    assert done.warnings == [HEALTH_DROPPED + ", 渠道备注"]


def test_health_part_required_and_flagged_rates(tmp_path: Path) -> None:
    no_holder, bad_rate = cells(HEALTH_1), cells(HEALTH_1)
    no_holder[4] = None
    bad_rate[22] = "约一成"
    done = run("health_insurance_part", "健康险", [HEALTH_HEADER, no_holder, bad_rate], tmp_path)
    assert rejected(done) == {2: "投保人 missing"}
    assert output_rows(done) == [HEALTH_ROW_1 | {"中介费率": None}]
    assert "sheet 健康险: 中介费率 unreadable, loaded as NULL: row 3" in done.warnings
