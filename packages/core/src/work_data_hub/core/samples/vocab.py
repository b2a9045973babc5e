"""Vocabulary of the sample generator: realistic-looking values, nothing more.

These lists are *fixture vocabulary* used to fabricate plausible workbooks. They are not the
mapping tables of the system (those live in ``config/mappings``); the branch list only has to
produce names and codes that look like a real month's ``规模明细``.
"""

from __future__ import annotations

import datetime as dt
import re

# Organisation rows G00…G37 in code order (see spec mappings.md M4), used to produce a branch
# name together with the code a real sheet carries next to it.
BRANCHES: tuple[str, ...] = (
    "总部", "北京", "上海", "天津", "广东", "深圳", "辽宁", "大连", "吉林", "湖北",
    "江苏", "青岛", "浙江", "福建", "广西", "海南", "云南", "陕西", "重庆", "黑龙江",
    "湖南", "山东", "江西", "新疆", "河北", "安徽", "四川", "青海", "宁夏", "宁波",
    "厦门", "内蒙古", "河南", "山西", "甘肃", "贵州", "西藏", "北总",
)  # fmt: skip
BRANCH_CODE: dict[str, str] = {name: f"G{i:02d}" for i, name in enumerate(BRANCHES)}
BRANCH_ALIASES: dict[str, str] = {
    "深圳分公司": "G05",
    "广州": "G04",
    "内蒙": "G31",
    "战略": "G37",
    "中国": "G37",
    "济南": "G21",
    "北京其他": "G37",
    "北分": "G37",
}
# Names a sheet uses for branches: organisation names (without 总部, which is the default and
# rarely keyed) plus the aliases newer workbooks and the ledgers use.
BRANCH_POOL: tuple[str, ...] = (*BRANCHES[1:], "深圳分公司", "内蒙", "广州", "北分")


def branch_code(name: str) -> str:
    """The code a clean sheet carries next to branch ``name``."""
    return BRANCH_CODE.get(name) or BRANCH_ALIASES[name]


PLACES: tuple[str, ...] = (
    "北京", "上海", "天津", "重庆", "杭州", "南京", "苏州", "无锡", "武汉", "长沙", "成都", "西安",
    "郑州", "济南", "青岛", "厦门", "福州", "宁波", "合肥", "南昌", "昆明", "贵阳", "南宁",
    "乌鲁木齐", "呼和浩特", "包头", "兰州", "银川", "西宁", "太原", "石家庄", "沈阳", "大连",
    "长春", "哈尔滨", "海口", "拉萨", "深圳", "广州", "东莞", "佛山", "珠海", "温州", "烟台",
)  # fmt: skip
CORES: tuple[str, ...] = (
    "华信", "中科", "恒达", "瑞丰", "嘉禾", "鼎盛", "远景", "东方", "金桥", "天成", "新联", "博远",
    "安泰", "永信", "宏图", "华泰", "启明", "长丰", "汇通", "中和", "信达", "润泽", "凯瑞", "联创",
    "海纳", "时代", "万方", "同创", "盛世", "国信", "光华", "明德", "兴业", "振华", "英华", "正元",
)  # fmt: skip
INDUSTRIES: tuple[str, ...] = (
    "科技", "能源", "建设", "电力", "物流", "医药", "化工", "机械", "投资", "置业", "通信",
    "电子", "环保", "食品", "交通", "矿业", "钢铁", "水务", "燃气", "航运", "软件", "材料",
)  # fmt: skip
SUFFIXES: tuple[str, ...] = (
    "有限公司", "有限公司", "有限公司", "股份有限公司", "股份有限公司", "集团有限公司",
    "有限责任公司",
)  # fmt: skip
PROVINCES: tuple[str, ...] = (
    "湖北省", "湖南省", "河南省", "河北省", "山东省", "江苏省", "浙江省", "安徽省", "江西省",
    "四川省", "云南省", "贵州省", "陕西省", "甘肃省", "广东省", "广西壮族自治区",
    "新疆维吾尔自治区", "内蒙古自治区", "北京市", "上海市", "天津市", "重庆市",
)  # fmt: skip
CN_NUMERALS: tuple[str, ...] = ("壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖")
COLLECTIVE_BRANDS: tuple[str, ...] = (
    "金色年华", "颐享人生", "富民安康", "稳健致远", "长青", "福寿安康", "如意养老", "常青树",
    "安心享", "鑫享未来",
)  # fmt: skip
PORTFOLIO_STYLES: tuple[tuple[str, str], ...] = (
    ("固收", "固定收益类"),
    ("稳健", "含权益类"),
    ("平衡", "含权益类"),
    ("进取", "权益类"),
)
FILLER_REMARKS: tuple[str, ...] = ("待核实", "已确认", "分公司补录", "见邮件")

# The four annuity business types and the plan types they go with.
ENTERPRISE_TYPES: tuple[str, ...] = ("企年受托", "企年投资")
OCCUPATIONAL_TYPES: tuple[str, ...] = ("职年受托", "职年投资")

_FULL_WIDTH = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ（）",
)


def full_width(text: str) -> str:
    """ASCII digits, letters and brackets turned into their full-width forms."""
    return text.translate(_FULL_WIDTH)


_PERIOD = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")


def parse_period(period: str) -> tuple[int, int]:
    """``'202411'`` → ``(2024, 11)``; anything else raises ``ValueError``."""
    m = _PERIOD.match(str(period).strip())
    if not m:
        raise ValueError(f"malformed period {period!r}: expected YYYYMM, e.g. 202411")
    return int(m.group(1)), int(m.group(2))


def last_day(year: int, month: int) -> int:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def excel_serial(day: dt.date) -> int:
    """Excel's serial day number of ``day`` (1900 date system)."""
    return (day - dt.date(1899, 12, 30)).days
