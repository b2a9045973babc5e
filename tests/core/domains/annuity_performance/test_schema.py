"""P16: the output schema, derived from the declared columns (which mirror spec §7),
passes the domain's real output, and any violation fails the domain before anything is
written."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from support.ap_cells import AP
from work_data_hub.core.cleansing.exact import is_exact
from work_data_hub.core.domains import output_schema
from work_data_hub.core.domains.annuity_performance import transform as ap_transform
from work_data_hub.core.domains.annuity_performance.spec import DOMAIN
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.pipeline import check_output as pipeline_check
from work_data_hub.core.domains.pipeline import process
from work_data_hub.core.errors import ValidationFailed

# §7 of the spec, copied by hand: name, SQL type, NULL allowed.
SECTION_7 = [
    ("计划代码", "VARCHAR(50)", False),
    ("company_id", "VARCHAR(50)", True),
    ("月度", "DATE", False),
    ("业务类型", "VARCHAR(50)", False),
    ("计划类型", "VARCHAR(50)", True),
    ("计划名称", "VARCHAR(255)", True),
    ("组合代码", "VARCHAR(50)", True),
    ("客户名称", "VARCHAR(255)", True),
    ("期初资产规模", "NUMERIC(18,4)", True),
    ("期末资产规模", "NUMERIC(18,4)", True),
    ("供款", "NUMERIC(18,4)", True),
    ("流失_含待遇支付", "NUMERIC(18,4)", True),
    ("流失", "NUMERIC(18,4)", True),
    ("待遇支付", "NUMERIC(18,4)", True),
    ("机构代码", "VARCHAR(10)", False),
    ("机构名称", "VARCHAR(100)", True),
    ("产品线代码", "VARCHAR(20)", True),
    ("年金账户号", "VARCHAR(50)", True),
    ("年金账户名", "VARCHAR(255)", True),
    ("子企业号", "VARCHAR(50)", True),
    ("子企业名称", "VARCHAR(255)", True),
    ("集团企业客户号", "VARCHAR(50)", True),
    ("集团企业客户名称", "VARCHAR(255)", True),
    ("组合类型", "VARCHAR(100)", True),
    ("组合名称", "VARCHAR(255)", True),
    ("投资收益", "NUMERIC(18,4)", True),
    ("当期收益率", "NUMERIC(10,6)", True),
]


def check_output(frame: pd.DataFrame) -> list[str]:
    return output_schema.check(DOMAIN, frame)


def test_domain_columns_are_section_7() -> None:
    def sql(c):  # type: ignore[no-untyped-def]
        if c.type == "text":
            return f"VARCHAR({c.length})"
        return "DATE" if c.is_date else f"NUMERIC({c.precision[0]},{c.precision[1]})"

    assert [(c.name, sql(c), c.nullable) for c in DOMAIN.columns] == SECTION_7
    assert next(c for c in DOMAIN.columns if c.name == "月度").type == "month"


@pytest.fixture(scope="module")
def good() -> pd.DataFrame:
    """Real output of the domain, enriched: every column filled on some row."""
    cells = [
        {"集团企业客户号": "C001", "子企业号": "1", "子企业名称": "子", "集团企业客户名称": "团", "组合代码": "Z1P"},
        {"组合类型": "固收", "组合名称": "组合一", "计划代码": "FP0001"},
        {"客户名称": "空白", "计划代码": "AN001"},
    ]
    result = AP.run(cells)
    frame = AP.enriched(result)
    assert len(frame) == 3 and frame.notna().any().all()
    return frame


def test_real_output_passes(good: pd.DataFrame) -> None:
    assert check_output(good) == []


def _broken(good: pd.DataFrame, column: str, cell: object) -> pd.DataFrame:
    frame = good.copy()
    # An exact decimal column cannot hold what NUMERIC(18,4) refuses: such a cell comes as float.
    dtype = "float64" if is_exact(good[column]) and isinstance(cell, float) else good[column].dtype
    frame[column] = frame[column].astype(object)
    frame.loc[1, column] = cell
    frame[column] = frame[column].astype(dtype)
    return frame


@pytest.mark.parametrize(
    ("column", "cell", "problem"),
    [
        ("计划代码", None, "计划代码: not_nullable"),
        ("业务类型", None, "业务类型: not_nullable"),
        ("机构代码", None, "机构代码: not_nullable"),
        ("月度", pd.NaT, "月度: not_nullable"),
        ("月度", pd.Timestamp("2024-11-02"), "月度: first day of a month"),
        ("计划代码", "P" * 51, "计划代码: str_length(None, 50)"),
        # The domain's own rule on top of the declared columns (M4 codes are G + two digits).
        ("机构代码", "X01", "机构代码: str_matches"),
        ("客户名称", "名" * 256, "客户名称: str_length(None, 255)"),
        ("期末资产规模", 1e14, "期末资产规模: in_range"),
        ("当期收益率", -1e4, "当期收益率: in_range"),
    ],
)
def test_each_violation_is_reported(good: pd.DataFrame, column: str, cell: object, problem: str) -> None:
    problems = check_output(_broken(good, column, cell))
    assert len(problems) == 1
    assert problems[0].startswith(problem), problems


def test_wrong_dtypes_are_reported(good: pd.DataFrame) -> None:
    frame = good.assign(供款=good["供款"].astype("str"), 月度=good["月度"].dt.strftime("%Y-%m-%d"))
    problems = check_output(frame)
    assert any(p.startswith("供款: numeric") for p in problems), problems
    assert any(p.startswith("月度: date") for p in problems), problems


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda f: f.drop(columns=["组合名称"]), id="missing-column"),
        pytest.param(lambda f: f.assign(extra=1), id="extra-column"),
        pytest.param(lambda f: f[[*f.columns[1:], f.columns[0]]], id="column-order"),
    ],
)
def test_columns_exactly_in_order(good: pd.DataFrame, change) -> None:  # type: ignore[no-untyped-def]
    assert check_output(change(good))


def test_many_problems_are_summarised(good: pd.DataFrame) -> None:
    frame = good.copy()
    for column in frame.columns:
        frame[column] = np.nan if frame[column].dtype == "float64" else frame[column]
    frame = frame.assign(**{c: pd.Series([None] * 3, dtype="str") for c in ("计划代码", "业务类型", "机构代码")})
    frame["月度"] = pd.Series([pd.NaT] * 3, dtype="datetime64[s]")
    problems = check_output(frame)
    assert [p.split(":")[0] for p in problems] == ["计划代码", "月度", "业务类型", "机构代码"]
    assert problems[0] == "计划代码: not_nullable (3 values, e.g. NULL)"


def test_a_transform_bug_fails_the_domain_and_writes_nothing() -> None:
    """A transform that lets a NULL 机构代码 through (a bug) is stopped by P16."""

    def buggy(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
        result = ap_transform.transform(raw, ctx)
        result.frame["机构代码"] = result.frame["机构代码"].where(result.frame.index != 1)
        return result

    spec = dataclasses.replace(DOMAIN, transform=buggy)
    valid = process(AP.sheet([{}, {}, {}]), spec, AP.context()).valid
    with pytest.raises(ValidationFailed) as failure:
        pipeline_check(spec, valid, "book.xlsx: sheet 规模明细")
    assert failure.value.message == (
        "book.xlsx: sheet 规模明细: output schema check failed, nothing written (a programming error, "
        "not bad input): 机构代码: not_nullable (1 value, e.g. NULL)"
    )


def test_the_company_ids_are_checked_too(good: pd.DataFrame) -> None:
    """The check runs after company-id resolution, so an overlong id is caught as well."""
    problems = check_output(_broken(good, "company_id", "9" * 51))
    assert problems and problems[0].startswith("company_id: str_length(None, 50) (1 value, e.g. '999")


def test_pandera_is_not_imported_at_start_up() -> None:
    """The CLI starts without paying for pandera; the domain imports it when it checks.
    A real process: what a fresh interpreter imports is the subject."""
    code = (
        "import sys\n"
        "import work_data_hub.cli.app\n"
        "from work_data_hub.core.domains import registry\n"
        "registry.resolve(None)\n"
        "print('pandera' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
