"""Time each shared cell rule (spec/rules.md) on 40,000 realistic, dirty values.

    python bench/rules_bench.py          # one line per rule: values/second
    python bench/rules_bench.py --json   # {"r_text": values_per_second, ...}

Columns mimic a month-end workbook read as text: mostly clean values, with blanks,
placeholders, full-width and padded variants, `.0` tails and a few unreadable cells.
Amounts are nearly all distinct, so R-NUM is timed without the benefit of repeats.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

try:
    from work_data_hub.core.cleansing import rules
except ImportError:  # run from a checkout without the editable install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packages/core/src"))
    from work_data_hub.core.cleansing import rules

ROWS = 40_000
REPEATS = 5
_RNG = np.random.default_rng(20241130)


def _pick(pool: Sequence[str | None], weights: Sequence[float] | None = None) -> np.ndarray:
    p = None if weights is None else np.asarray(weights) / np.sum(weights)
    return _RNG.choice(np.asarray(pool, dtype=object), size=ROWS, p=p)


def _column(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype="str")


def _text() -> pd.Series:
    pool: list[str | None] = [
        "00123",
        "12345",
        "12345.0",
        "600123456.0",
        " 企年受托 ",
        "集合计划\u3000",
        "\t单一计划\n",
    ]
    pool += ["\xa0QTAN001", "FQTAN002", "", "   ", None, "12.5", "C12345678", "北京"]
    return _column(_pick(pool))


def _dates() -> pd.Series:
    months = [f"2024{m:02d}" for m in range(1, 13)]
    pool: list[str | None] = [*months, *(m + ".0" for m in months)]
    pool += ["2024年11月", "24年11月", "2024-11", "2024/11/15"]
    pool += ["2024-11-30 00:00:00", "２０２４年１１月", "45607", "2024.11.15", "", "-", "待定", None]
    pool += ["2024年13月", "2024/11/31", "十一月", "1985-11"]
    return _column(_pick(pool))


def _names() -> pd.Series:
    # A month holds a few thousand customers, each on several rows; some are keyed
    # with status markers, brackets, suffixes or padding.
    cities = ["北京", "上海", "深圳", "原平市", "湖北省", "广州", "杭州", "成都"]
    kinds = ["科技", "建设", "能源", "城市运营管理", "银行", "医药"]
    types = ["有限公司", "股份有限公司", "（集团）有限公司", "公司", "商行（普通合伙）"]
    pool = [f"{c}{k}{i}{t}" for c in cities for k in kinds for i in range(30) for t in types]
    values = _RNG.choice(np.asarray(pool, dtype=object), size=ROWS)
    heads = _pick(["(原)", "已转出-", "\u3000", "ＡＢＣ", "China Life ", "「"])
    tails = _pick(["-已转出", "(已转出)", "及下属子企业", "-养老", "-BSU280", " ", "（集团）", "-原-", "」"])
    dirty = _RNG.random(ROWS) < 0.15
    values = np.where(dirty, heads + values + tails, values)
    junk = _pick(["空白", "Null", "0", "-", "保留账户管理", None], [1, 1, 1, 1, 1, 2])
    return _column(np.where(_RNG.random(ROWS) < 0.03, junk, values))


def _amounts() -> pd.Series:
    cents = _RNG.integers(-(10**9), 10**12, size=ROWS)
    plain = np.char.mod("%.2f", cents / 100.0).astype(object)
    dirty = _pick(["1,234.5", "￥2,000", "-", "", "1e9", "约3万", "N/A", " 3,414.26 ", "1.00005", None])
    use_dirty = _RNG.random(ROWS) < 0.1
    return _column(np.where(use_dirty, dirty, plain))


def _flags() -> pd.Series:
    pool = ["1", "0", "1.0", "是", "否", "Y", "n", "TRUE", "false", "有效", "无效", "", None, "maybe"]
    return _column(_pick(pool))


def _codes() -> pd.Series:
    numbers = [f"P{n:04d}" for n in range(900)] + [f"S{n:04d}" for n in range(600)]
    base = _pick(numbers)
    noisy = _pick(["1p0290", " p-02 90 ", "P_0807", "12345", "12345.0", "NULL", "空白", "", "P0290!", None])
    use_noisy = _RNG.random(ROWS) < 0.15
    return _column(np.where(use_noisy, noisy, base))


def _ids() -> pd.Series:
    digits = np.char.mod("%d", _RNG.integers(600_000_000, 2_000_000_000, size=ROWS)).astype(object)
    noisy = _pick(["600123456.0", " inlhdm2xdmvy3k3vao ", "0", "N/A", "null", "-", "", None])
    use_noisy = _RNG.random(ROWS) < 0.1
    return _column(np.where(use_noisy, noisy, digits))


BENCHES: dict[str, tuple[Callable[[pd.Series], object], Callable[[], pd.Series]]] = {
    "r_text": (rules.r_text, _text),
    "r_date": (rules.r_date, _dates),
    "r_month": (rules.r_month, _dates),
    "r_name": (rules.r_name, _names),
    "r_num": (rules.r_num, _amounts),
    "r_flag": (rules.r_flag, _flags),
    "r_code": (rules.r_code, _codes),
    "r_id": (rules.r_id, _ids),
}


def measure() -> dict[str, float]:
    rates: dict[str, float] = {}
    for name, (rule, make) in BENCHES.items():
        column = make()
        rule(column)  # warm-up: imports, regex compilation
        best = min(_timed(rule, column) for _ in range(REPEATS))
        rates[name] = round(len(column) / best)
    return rates


def _timed(rule: Callable[[pd.Series], object], column: pd.Series) -> float:
    start = time.perf_counter()
    rule(column)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print {rule: values_per_second}")
    args = parser.parse_args(argv)
    rates = measure()
    if args.json:
        print(json.dumps(rates))
        return
    for name, rate in rates.items():
        print(f"{name:<8} {rate:>12,.0f} values/s  ({ROWS / rate * 1000:6.1f} ms for {ROWS:,} values)")


if __name__ == "__main__":
    main()
