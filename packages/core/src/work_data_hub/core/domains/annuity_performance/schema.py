"""P16: the output schema of ``business.规模明细``, written out from spec §7 on its own
(not derived from ``spec.COLUMNS``), so a drift between the two is caught before a load.

pandera is imported inside the functions: its import costs more than half a second and
every CLI start would pay for it otherwise."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Literal

import pandas as pd

from work_data_hub.core.domains.output_schema import describe_failures

if TYPE_CHECKING:
    import pandera.pandas as pa

Kind = Literal["text", "date", "numeric"]

# §7, in table order: (column, type, VARCHAR length or NUMERIC (precision, scale), nullable).
OUTPUT: tuple[tuple[str, Kind, int | tuple[int, int] | None, bool], ...] = (
    ("计划代码", "text", 50, False),
    ("company_id", "text", 50, True),
    ("月度", "date", None, False),
    ("业务类型", "text", 50, False),
    ("计划类型", "text", 50, True),
    ("计划名称", "text", 255, True),
    ("组合代码", "text", 50, True),
    ("客户名称", "text", 255, True),
    ("期初资产规模", "numeric", (18, 4), True),
    ("期末资产规模", "numeric", (18, 4), True),
    ("供款", "numeric", (18, 4), True),
    ("流失_含待遇支付", "numeric", (18, 4), True),
    ("流失", "numeric", (18, 4), True),
    ("待遇支付", "numeric", (18, 4), True),
    ("机构代码", "text", 10, False),
    ("机构名称", "text", 100, True),
    ("产品线代码", "text", 20, True),
    ("年金账户号", "text", 50, True),
    ("年金账户名", "text", 255, True),
    ("子企业号", "text", 50, True),
    ("子企业名称", "text", 255, True),
    ("集团企业客户号", "text", 50, True),
    ("集团企业客户名称", "text", 255, True),
    ("组合类型", "text", 100, True),
    ("组合名称", "text", 255, True),
    ("投资收益", "numeric", (18, 4), True),
    ("当期收益率", "numeric", (10, 6), True),
)


def _first_of_month(s: pd.Series) -> pd.Series:
    return s.dt.day == 1


def _column(kind: Kind, size: int | tuple[int, int] | None, nullable: bool) -> pa.Column:
    import pandera.pandas as pa

    if kind == "text":
        assert isinstance(size, int)
        # pandas' default string dtype, as every text rule returns it.
        return pa.Column(
            pd.StringDtype("pyarrow", na_value=float("nan")), pa.Check.str_length(max_value=size), nullable=nullable
        )
    if kind == "date":
        return pa.Column("datetime64[s]", pa.Check(_first_of_month, error="first day of a month"), nullable=nullable)
    assert isinstance(size, tuple)
    precision, scale = size
    limit = 10.0 ** (precision - scale)
    return pa.Column(
        "float64",
        pa.Check.in_range(-limit, limit, include_min=False, include_max=False),
        nullable=nullable,
    )


@cache
def output_schema() -> pa.DataFrameSchema:
    """Exactly the columns of §7, in order, nothing else."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {name: _column(kind, size, nullable) for name, kind, size, nullable in OUTPUT},
        strict=True,
        ordered=True,
        name="business.规模明细",
    )


def check_output(frame: pd.DataFrame) -> list[str]:
    """Every violation of the schema, one line per (column, check), with its row count
    and a first failing value; empty when the frame may be loaded."""
    import pandera.pandas as pa

    try:
        output_schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return describe_failures(exc.failure_cases)
    return []
