"""The output schema check (P16, ledger S16, income I14), derived from the domain's
``Column`` declarations — the same ones the warehouse table is built from — plus the
domain's own ``output_rules``. A frame that breaks it is a bug, never bad input.

pandera is imported inside the functions: its import costs more than half a second and a
CLI start that loads no data must not pay for it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from pyarrow import types as pa_types

from work_data_hub.core.domains.base import Column, DomainSpec
from work_data_hub.core.domains.output_rules import Between, Matches, OneOf, OutputRule, RowRule

if TYPE_CHECKING:
    import pandera.pandas as pa

_PROBLEMS_SHOWN = 8


def _dtype_is(test: Any, what: str) -> pa.Check:
    import pandera.pandas as pa

    return pa.Check(lambda s: bool(test(s.dtype)), error=what)


def _is_amount_dtype(dtype: Any) -> bool:
    if isinstance(dtype, pd.ArrowDtype):
        return bool(pa_types.is_decimal(dtype.pyarrow_dtype))
    return bool(pd.api.types.is_float_dtype(dtype) or pd.api.types.is_object_dtype(dtype))


def _first_of_month(s: pd.Series) -> pd.Series:
    return s.dt.day == 1


def _column_checks(column: Column) -> list[pa.Check]:
    import pandera.pandas as pa

    types = pd.api.types
    if column.type == "text":
        checks = [_dtype_is(types.is_string_dtype, "text")]
        if column.length:
            checks.append(pa.Check.str_length(max_value=column.length))
        return checks
    if column.type in ("date", "month"):
        checks = [_dtype_is(types.is_datetime64_dtype, "date")]
        if column.type == "month":
            checks.append(pa.Check(_first_of_month, error="first day of a month"))
        return checks
    if column.type == "numeric":
        precision, scale = column.numeric_size
        limit = 10.0 ** (precision - scale)
        return [
            _dtype_is(_is_amount_dtype, "numeric"),
            pa.Check.in_range(-limit, limit, include_min=False, include_max=False),
        ]
    checks = [_dtype_is(types.is_integer_dtype, "integer")]
    if column.type == "flag":
        checks.append(pa.Check.isin([0, 1]))
    return checks


def _rule_check(rule: OutputRule) -> pa.Check:
    import pandera.pandas as pa

    if isinstance(rule, OneOf):
        return pa.Check.isin(list(rule.values))
    if isinstance(rule, Between):
        return pa.Check.in_range(rule.low, rule.high)
    if isinstance(rule, Matches):
        return pa.Check.str_matches(f"^(?:{rule.pattern})$")
    raise TypeError(f"not a column rule: {rule!r}")


# Built once per spec object (a DomainSpec holds dicts, so it cannot be a cache key itself).
_BUILT: dict[int, tuple[DomainSpec, Any]] = {}


def output_schema(spec: DomainSpec) -> pa.DataFrameSchema:
    """Exactly the declared columns, in order, nothing else."""
    built = _BUILT.get(id(spec))
    if built is None or built[0] is not spec:
        built = _BUILT[id(spec)] = (spec, _build(spec))
    return built[1]


def _build(spec: DomainSpec) -> pa.DataFrameSchema:
    import pandera.pandas as pa

    by_column: dict[str, list[pa.Check]] = {c.name: _column_checks(c) for c in spec.columns}
    frame_checks: list[pa.Check] = []
    for rule in spec.output_rules:
        if isinstance(rule, RowRule):
            frame_checks.append(pa.Check(rule.test, error=rule.name))
        elif rule.column not in by_column:
            raise ValueError(f"{spec.name}: output rule on undeclared column {rule.column}")
        else:
            by_column[rule.column].append(_rule_check(rule))
    return pa.DataFrameSchema(
        {c.name: pa.Column(checks=by_column[c.name], nullable=c.nullable) for c in spec.columns},
        checks=frame_checks,
        strict=True,
        ordered=True,
        name=f"{spec.schema}.{spec.table}",
    )


def check(spec: DomainSpec, frame: pd.DataFrame) -> list[str]:
    """Every violation of the domain's output schema, one line per (column, check) with
    its row count and a first failing value; empty when the frame may be loaded."""
    import pandera.pandas as pa

    try:
        output_schema(spec).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return describe_failures(exc.failure_cases)
    return []


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
