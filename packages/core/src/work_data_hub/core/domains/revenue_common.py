"""The two assessed-revenue kinds (other-kinds.md §2.14 actuals 公司利润数据, §2.15 budget
预算_YYYY) share one wide layout: row 1 holds 序号, 口径, 产品线, 产品明细, 利润指标, 是否导入
(merged over rows 1–2) and group labels (`实际_2024`, `预算_2024`) merged over 12 columns;
row 2 holds `1月累计` … `12月累计` under each group. The reshape unpivots every non-blank
(group, month) cell into one row before the headers are matched; the transform cleans it."""

from __future__ import annotations

import re

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import r_num, r_text
from work_data_hub.core.domains.base import Column, InputColumns, Reshape, Transform, TransformContext, TransformResult
from work_data_hub.core.domains.finance_common import code_lookups
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.run_period import run_month
from work_data_hub.core.read.headers import normalise_header
from work_data_hub.core.read.workbook import ROW_NUMBER

MONTH_COLUMN = "月份"
_CUMULATIVE = re.compile(r"^(\d{1,2})月累计$")
_YEAR = re.compile(r"(\d{4})")
_UNNAMED = "Unnamed:"
NETTED = "收支轧差"  # an expense net: stored negated
_DROPPED = frozenset({"序号", "口径", "是否导入"})


def columns(value: str) -> tuple[Column, ...]:
    return (
        Column("产品线", "text", 50, nullable=False),
        Column("产品明细", "text", 100),
        Column("利润指标", "text", 100, nullable=False),
        Column(MONTH_COLUMN, "month", nullable=False),
        Column(value, "numeric", precision=(18, 4), nullable=False),
        Column("产品线代码", "text", 20),
        Column("产品ID", "text", 50),
        Column("指标编码", "text", 50),
        Column("月度", "month", nullable=False),
    )


def inputs(value: str) -> InputColumns:
    return InputColumns(
        required=frozenset({"产品线", "产品明细", "利润指标", MONTH_COLUMN, value}),
        optional=frozenset({"是否导入"}),
        aliases={},
        dropped_silently=_DROPPED,
    )


# 产品ID and 指标编码 come from the operators' tables (mappings.md M11), after validation.
LOOKUPS = code_lookups(
    (
        ("产品明细", "产品明细", "产品ID", "产品明细", "产品ID"),
        ("利润指标", "指标名称", "指标编码", "利润指标", "指标编码"),
    )
)


def unpivot(value: str) -> Reshape:
    """The reshape: one row per non-blank (group, `N月累计`) cell, with 月份 `YYYY-N-01`
    (YYYY from the group label; a label without a year gives the period's year) and the
    cell in ``value``; the Excel row of its source row is kept. Columns other than the month
    columns pass through, so a missing 产品线 still fails with the platform's message."""

    def reshape(frame: pd.DataFrame, ctx: TransformContext) -> pd.DataFrame:
        if frame.empty:
            return frame
        sub = frame.iloc[0]
        labels: dict[str, str] = {}
        current = ""
        months: dict[str, int] = {}
        for column in frame.columns:
            if column == ROW_NUMBER:
                continue
            if not column.startswith(_UNNAMED):
                current = column
            cell = sub[column]
            found = _CUMULATIVE.match(normalise_header(None if pd.isna(cell) else cell))
            if found:
                labels[column], months[column] = current, int(found.group(1))
        if not months:
            return frame.assign(**{MONTH_COLUMN: pd.Series(dtype="str"), value: pd.Series(dtype="str")})
        ids = [c for c in frame.columns if c not in months and not c.startswith(_UNNAMED)]
        body = frame.iloc[1:]
        long = body.melt(id_vars=ids, value_vars=list(months), var_name="__column", value_name=value)
        long = long[long[value].notna()]
        year = long["__column"].map({c: _year(labels[c], ctx.period.year) for c in months})
        month = long["__column"].map(months)
        long[MONTH_COLUMN] = year.astype("str") + "-" + month.map("{:02d}".format) + "-01"
        long = long.drop(columns=["__column"]).sort_values([ROW_NUMBER, MONTH_COLUMN], kind="stable")
        return long.reset_index(drop=True)

    return reshape


def _year(label: str, default: int) -> int:
    found = _YEAR.search(label)
    return int(found.group(1)) if found else default


def transform(value: str) -> Transform:
    def run(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
        reasons = Reasons(raw.index)
        month = run_month(raw, ctx, reasons)
        warnings = list(month.warnings)
        not_imported = r_text(raw["是否导入"]).notna()
        line = r_text(raw["产品线"])
        indicator = r_text(raw["利润指标"])
        reasons.add(line.isna(), "产品线 missing")
        reasons.add(indicator.isna(), "利润指标 missing")
        parsed = r_num(raw[value])
        reasons.add(parsed.flagged, f"{value} not a number: " + quoted(raw[value]))
        reasons.add(parsed.values.isna() & ~parsed.flagged, f"{value} missing")
        code, unknown = cols.product_lines(line, ctx.mappings)

        out = pd.DataFrame(index=raw.index)
        out["产品线"] = line
        out["产品明细"] = r_text(raw["产品明细"])
        out["利润指标"] = indicator
        out[MONTH_COLUMN] = pd.to_datetime(raw[MONTH_COLUMN], format="%Y-%m-%d").astype("datetime64[s]")
        out[value] = parsed.stored.where(indicator.ne(NETTED).fillna(True), -parsed.stored)
        out["产品线代码"] = code
        out["产品ID"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # after_enrich: mapping.产品明细
        out["指标编码"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # after_enrich: mapping.利润指标
        out["月度"] = month.values
        if unknown:
            warnings.append(f"产品线 not in M1 (产品线代码 NULL): {cols.listing(unknown)}")
        source_rows = raw.loc[not_imported, ROW_NUMBER].nunique() if ROW_NUMBER in raw.columns else 0
        if not_imported.any():
            warnings.append(f"{int(source_rows)} rows with 是否导入 filled skipped ({int(not_imported.sum())} cells)")
        counters: dict[str, object] = {"rows_not_imported": int(source_rows), "unknown_product_lines": unknown}
        return TransformResult(
            frame=out,
            reasons=reasons.series,
            months=month.months,
            warnings=warnings,
            counters=counters,
            skipped=not_imported,
        )

    return run
