"""The 企康缴费 workbook (``…企康缴费数据.xlsx``, anywhere below 收集数据/): sheets 企康缴费
(the combined 养健合并 layout), 养老险 and 健康险, one domain each (other-kinds.md §2.2–2.4).
Here: the workbook the three samples share and the vocabulary of their rows."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import Role, SampleRequest, SampleWorkbook


def _file_name(period: str, _role: Role) -> str:
    return f"{period[2:4]}年{int(period[4:])}月企康缴费数据.xlsx"


HEALTH_WORKBOOK = SampleWorkbook(key="health_contributions", folder="业务收集/企康", file_name=_file_name)

CHANNELS = ("团险渠道", "银保渠道", "个险渠道")
ZONES = (("北区", "北京中心"), ("南区", "广东中心"), ("东区", "上海中心"), ("西区", "四川中心"))
PAYMENT_TYPES = ("首期", "续期", "追加")
STATUSES = ("有效", "有效", "有效", "退保")


def rng_for(req: SampleRequest, domain: str) -> random.Random:
    return random.Random(f"wdh-samples:{req.seed}:{req.period}:{domain}")


def amount(rng: random.Random, low: int, high: int) -> Decimal:
    """Cents drawn as an integer: the text a cell shows is exactly its value."""
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def day_in(req: SampleRequest, rng: random.Random) -> dt.date:
    return dt.date(req.year, req.month, rng.randint(1, vocab.last_day(req.year, req.month)))


def earlier_day(rng: random.Random, before: dt.date, years: int = 3) -> dt.date:
    return before - dt.timedelta(days=rng.randint(30, 365 * years))


def policy_number(rng: random.Random, prefix: str) -> str:
    return f"{prefix}{rng.randint(10**13, 10**14 - 1)}"


def manager(rng: random.Random) -> tuple[str, str]:
    return f"KM{rng.randint(100_000, 999_999)}", f"UM{rng.randint(10**7, 10**8 - 1)}"
