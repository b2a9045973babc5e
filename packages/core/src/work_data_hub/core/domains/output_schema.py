"""Output schema checks (ledger step S16, income step I14) built from a column table that
each domain writes out from its spec on its own, not derived from its ``DomainSpec``: a
drift between the two fails the domain before anything is written.

pandera is imported inside the functions: its import costs more than half a second and a
CLI start that loads no data must not pay for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

if TYPE_CHECKING:
    import pandera.pandas as pa

Kind = Literal["text", "month", "date", "numeric", "flag"]
_PROBLEMS_SHOWN = 8


@dataclass(frozen=True)
class Out:
    """One output column: ``size`` is the VARCHAR length (None: TEXT) or the NUMERIC
    (precision, scale)."""

    name: str
    kind: Kind
    size: int | tuple[int, int] | None = None
    nullable: bool = True


def _is(test: Callable[[Any], bool], what: str) -> pa.Check:
    import pandera.pandas as pa

    return pa.Check(lambda s: bool(test(s.dtype)), error=what)


def _column(out: Out) -> pa.Column:
    import pandera.pandas as pa

    types = pd.api.types
    checks: list[pa.Check] = []
    if out.kind == "text":
        checks.append(_is(types.is_string_dtype, "text"))
        if isinstance(out.size, int):
            checks.append(pa.Check.str_length(max_value=out.size))
    elif out.kind in ("month", "date"):
        checks.append(_is(types.is_datetime64_dtype, "date"))
        if out.kind == "month":
            checks.append(pa.Check(lambda s: s.dt.day == 1, error="first day of a month"))
    elif out.kind == "numeric":
        checks.append(_is(types.is_float_dtype, "numeric"))
        precision, scale = out.size if isinstance(out.size, tuple) else (18, 4)
        limit = 10.0 ** (precision - scale)
        checks.append(pa.Check.in_range(-limit, limit, include_min=False, include_max=False))
    else:
        checks.append(_is(types.is_integer_dtype, "integer"))
        checks.append(pa.Check.isin([0, 1]))
    return pa.Column(checks=checks, nullable=out.nullable)


@cache
def _schema(table: str, columns: tuple[Out, ...]) -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return pa.DataFrameSchema({c.name: _column(c) for c in columns}, strict=True, ordered=True, name=table)


def checker(table: str, columns: tuple[Out, ...]) -> Callable[[pd.DataFrame], list[str]]:
    """The domain's ``output_check``: every violation, one line per (column, check)."""

    def check(frame: pd.DataFrame) -> list[str]:
        import pandera.pandas as pa

        try:
            _schema(table, columns).validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            return describe_failures(exc.failure_cases)
        return []

    return check


def describe_failures(cases: pd.DataFrame) -> list[str]:
    """pandera's failure cases as one line per (column, check) with a count and an example."""
    cases = cases.assign(column=cases["column"].fillna("").astype("str"), check=cases["check"].astype("str"))
    lines = [
        f"{column or 'frame'}: {check} ({len(group)} value{'s' if len(group) != 1 else ''}, e.g. {_example(group)})"
        for (column, check), group in cases.groupby(["column", "check"], sort=False, dropna=False)
    ]
    if len(lines) > _PROBLEMS_SHOWN:
        lines = [*lines[:_PROBLEMS_SHOWN], f"… and {len(lines) - _PROBLEMS_SHOWN} more"]
    return lines


def _example(group: pd.DataFrame) -> str:
    value: Any = group["failure_case"].iloc[0]
    return "NULL" if value is None or (not isinstance(value, str) and pd.isna(value)) else repr(value)
