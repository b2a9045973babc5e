"""What the two cumulative ledgers (当年中标 award, 当年流失 loss) share: columns, aliases,
the transform (spec annual_award §5) and the plan-code lookup and default (S13, S14).
Each ledger domain declares itself in its own folder from these pieces."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import (
    num_out_of_range,
    r_code,
    r_date,
    r_flag,
    r_id,
    r_month,
    r_name,
    r_num,
    r_text,
)
from work_data_hub.core.domains.base import Column, EnrichmentKeys, InputColumns, TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.output_rules import Matches
from work_data_hub.core.legacy.declaration import LegacyTable
from work_data_hub.core.load.view import WarehouseView
from work_data_hub.core.read.workbook import ROW_NUMBER

# A sheet fixes the business type of rows that leave 业务类型 blank.
SHEET_BUSINESS_TYPES = (("企年受托", "企年受托"), ("企年投资", "企年投资"))
_KEPT_TEXT = {"客户类型": "客户类型", "原受托人": "原受托人", "证明材料": "证明材料", "备注": "备注"}
_AMOUNTS = ("计划规模", "年缴规模")
CURRENT_CONTRACT = "9999-12-31"
# M4 and M1 give every row a code of these shapes.
CODE_RULES = (Matches("机构代码", r"G\d{2}"), Matches("产品线代码", r"PL\d{3}"))


def columns(date_column: str) -> tuple[Column, ...]:
    return (
        Column("上报月份", "month", nullable=False),
        Column("业务类型", "text", 20, nullable=False),
        Column("产品线代码", "text", 20, nullable=False),
        Column("上报客户名称", "text", 255, nullable=False),
        Column("客户名称", "text", 255),
        Column("年金计划号", "text", 50),
        Column("company_id", "text", 50),
        Column("机构名称", "text", 100),
        Column("机构代码", "text", 10, nullable=False, default="G00"),
        Column(date_column, "date"),
        Column("计划规模", "numeric", precision=(18, 4)),
        Column("年缴规模", "numeric", precision=(18, 4)),
        Column("客户类型", "text", 50),
        Column("原受托人", "text", 100),
        Column("计划类型", "text", 20),
        Column("证明材料", "text"),
        Column("考核有效", "flag", default="0"),
        Column("备注", "text"),
    )


def inputs(date_column: str, dropped: frozenset[str]) -> InputColumns:
    return InputColumns(
        required=frozenset({"客户全称", "上报月份"}),
        optional=frozenset(
            {
                "机构",
                "业务类型",
                "客户类型",
                "受托人",
                "计划规模",
                "年缴规模",
                "计划类型",
                date_column,
                "证明材料",
                "考核有效",
                "年金计划号",
                "company_id",
                "备注",
            }
        ),
        # Declared order is priority order: 客户名称 counts only when neither other exists.
        aliases={
            "上报客户名称": "客户全称",
            "客户名称": "客户全称",
            "机构名称": "机构",
            "原受托人": "受托人",
            "计划规模(亿元)": "计划规模",
            "年缴规模(亿元)": "年缴规模",
            "计划代码": "年金计划号",
            "计划号": "年金计划号",
        },
        dropped_silently=dropped,
    )


ENRICHMENT = EnrichmentKeys(plan_key="__plan_key", name_key="客户名称", plan_type="计划类型", source_id="__source_id")


def _sheet_business_type(sheet: str) -> str | None:
    return next((bt for prefix, bt in SHEET_BUSINESS_TYPES if sheet.startswith(prefix)), None)


def make_transform(date_column: str) -> Callable[[pd.DataFrame, TransformContext], TransformResult]:
    def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
        return _transform(raw, ctx, date_column)

    return transform


def _transform(raw: pd.DataFrame, ctx: TransformContext, date_column: str) -> TransformResult:
    m = ctx.mappings
    out = pd.DataFrame(index=raw.index)
    reasons = Reasons(raw.index)
    warnings: list[str] = []
    label = f"sheet {ctx.sheet}"

    month = r_month(raw["上报月份"])
    month_text = r_text(raw["上报月份"])
    reasons.add(month_text.isna(), "上报月份 missing")
    reasons.add(month.flagged, "上报月份 unparseable: " + quoted(month_text))
    period_start = pd.Timestamp(ctx.period.first_day)
    shown = month.values.dt.strftime("%Y-%m")
    reasons.add(month.values > period_start, "上报月份 " + shown + f" after period {ctx.period.label}")
    # The ledger is cumulative for the year: earlier years are not this run's business.
    skipped = (month.values.dt.year < ctx.period.year).fillna(False)

    reported = r_text(raw["客户全称"])
    reasons.add(reported.isna(), "上报客户名称 missing")

    keyed_bt = r_text(raw["业务类型"])
    aliases = m.business_type_aliases | {k: k for k in m.product_lines}
    business_type = keyed_bt.map(aliases).astype("str").fillna(keyed_bt)
    sheet_bt = _sheet_business_type(ctx.sheet)
    differs_from_sheet = business_type.notna() & business_type.ne(sheet_bt) if sheet_bt else None
    if sheet_bt:
        business_type = business_type.fillna(sheet_bt)
    product_line = business_type.map(m.product_lines).astype("str")
    unknown_bt = product_line.isna()
    reasons.add(unknown_bt, "unknown 业务类型 " + quoted(business_type))

    plan_type, unknown_plan_types = cols.plan_types(raw["计划类型"], m)
    event_date = r_date(raw[date_column])
    branch_name = cols.blank_placeholders(r_text(raw["机构"]))
    branch_code = branch_name.map(m.branch_by_name).astype("str")
    unmapped = cols.counts(branch_name.where(branch_code.isna()))

    flagged: dict[str, pd.Series] = {date_column: event_date.flagged}
    for amount in _AMOUNTS:
        parsed = r_num(raw[amount])
        reasons.add(num_out_of_range(parsed.values), f"{amount} out of range: " + quoted(raw[amount]))
        flagged[amount] = parsed.flagged
        out[amount] = parsed.stored
    check = r_flag(raw["考核有效"])
    flagged["考核有效"] = check.flagged
    plan = r_code(raw["年金计划号"])

    out["上报月份"] = month.values
    out["业务类型"] = business_type
    out["产品线代码"] = product_line
    out["上报客户名称"] = reported
    out["客户名称"] = r_name(reported)
    out["年金计划号"] = plan.values
    out["company_id"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # filled by enrich
    out["机构名称"] = branch_name
    out["机构代码"] = branch_code.fillna(m.branch_default)
    out[date_column] = event_date.values
    for target, source in _KEPT_TEXT.items():
        out[target] = r_text(raw["受托人" if target == "原受托人" else source])
    out["计划类型"] = plan_type
    out["考核有效"] = check.values
    out["__plan_key"] = plan.values
    out["__source_id"] = r_id(raw["company_id"])

    # Counted on the rows that load: a rejected or out-of-year row's cells are moot.
    kept = reasons.series.isna() & ~skipped
    rows = raw[ROW_NUMBER]
    differs = int((differs_from_sheet & kept).sum()) if differs_from_sheet is not None else 0
    flagged_counts: dict[str, int] = {}
    for column, mask in flagged.items():
        hit = pd.Series(mask, index=raw.index) & kept
        flagged_counts[column] = int(hit.sum())
        if hit.any():
            warnings.append(f"{label}: {column} unparseable, loaded as NULL: {_rows(rows[hit])}")
    if skipped.any():
        warnings.append(
            f"{label}: 上报月份 before {ctx.period.year}, skipped (outside the year, not rejected): "
            f"{_rows(rows[skipped])}"
        )
    placeholder_names = kept & reported.notna() & out["客户名称"].isna()
    if placeholder_names.any():
        warnings.append(f"{label}: 上报客户名称 is a placeholder, 客户名称 NULL: {_rows(rows[placeholder_names])}")
    if differs:
        warnings.append(f"{label}: 业务类型 differs from the sheet's ({sheet_bt}) in {differs} rows")
    if unmapped:
        warnings.append(f"{label}: unmapped branch names (机构代码 G00): {cols.listing(unmapped)}")
    if unknown_plan_types:
        warnings.append(f"{label}: unknown 计划类型 kept as keyed: {cols.listing(unknown_plan_types)}")
    counters: dict[str, object] = {
        "business_type_differs_from_sheet": differs,
        "flagged_cells": flagged_counts,
        "placeholder_names": int(placeholder_names.sum()),
        "unmapped_branch_names": unmapped,
        "unknown_plan_types": unknown_plan_types,
        "rows_outside_year": int(skipped.sum()),
    }
    return TransformResult(
        frame=out, reasons=reasons.series, months=month.values, warnings=warnings, counters=counters, skipped=skipped
    )


def _rows(numbers: pd.Series, shown: int = 10) -> str:
    """`rows 4, 9` (the first few Excel rows, then how many more)."""
    listed = [str(int(n)) for n in numbers.iloc[:shown]]
    more = len(numbers) - len(listed)
    return f"row{'s' if len(numbers) != 1 else ''} {', '.join(listed)}" + (f" and {more} more" if more else "")


def plan_codes_after_enrich(frame: pd.DataFrame, warehouse: WarehouseView) -> tuple[pd.DataFrame, dict[str, object]]:
    """S13 then S14: a blank plan code is looked up among the company's contracts valid at
    the row's 上报月份 (customer-mdm.md §8), then defaulted by plan type. Placeholder and
    temporary ids never drive a lookup."""
    out = frame.copy()
    keyed = out["年金计划号"].notna()
    real_id = out["company_id"].notna() & ~out["company_id"].str.startswith("IN").fillna(False)
    wanted = ~keyed & real_id
    looked_up = pd.Series(pd.NA, index=out.index, dtype="str")
    if wanted.any():
        contracts = _contracts_of(warehouse, out.loc[wanted, "company_id"].unique().tolist())
        if not contracts.empty:
            looked_up = _pick_contract(out.loc[wanted], contracts).reindex(out.index)
    out["年金计划号"] = out["年金计划号"].fillna(looked_up)
    default = out["计划类型"].map({"集合计划": "AN001", "单一计划": "AN002"}).astype("str")
    defaulted = out["年金计划号"].isna() & default.notna()
    out["年金计划号"] = out["年金计划号"].fillna(default)
    counters: dict[str, object] = {
        "plan_codes": {
            "keyed": int(keyed.sum()),
            "lookup": int(looked_up.notna().sum()),
            "default": int(defaulted.sum()),
            "none": int(out["年金计划号"].isna().sum()),
        }
    }
    return out, counters


def _contracts_of(warehouse: WarehouseView, company_ids: list[str]) -> pd.DataFrame:
    table = warehouse.table("客户年金计划", "customer")
    if table is None:
        return pd.DataFrame()
    columns = ["company_id", "plan_code", "product_line_code", "valid_from", "valid_to"]
    stmt = sa.select(*(table.c[c] for c in columns)).where(table.c.company_id.in_(company_ids))
    return warehouse.read(stmt, columns)


def _pick_contract(rows: pd.DataFrame, contracts: pd.DataFrame) -> pd.Series:
    """Deterministic: the plan type's prefix first (P collective, S single), then the
    newest valid_from, then the code."""
    keys = rows[["company_id", "产品线代码", "计划类型", "上报月份"]].reset_index(names="__row")
    merged = keys.merge(
        contracts.astype({"company_id": "str"}),
        left_on=["company_id", "产品线代码"],
        right_on=["company_id", "product_line_code"],
    )
    # Valid at the row's month: [valid_from, valid_to) holds the month's last day (a sync
    # opens a month's rows on that day).
    day = pd.to_datetime(merged["上报月份"]) + pd.offsets.MonthEnd(0)
    valid_to = pd.to_datetime(merged["valid_to"].astype("str").replace(CURRENT_CONTRACT, "2262-04-11"))
    merged = merged[(pd.to_datetime(merged["valid_from"]) <= day) & (day < valid_to)]
    prefix = merged["计划类型"].map({"集合计划": "P", "单一计划": "S"})
    merged["__pref"] = merged["plan_code"].astype("str").str[:1].ne(prefix)
    merged["__from"] = pd.to_datetime(merged["valid_from"]).astype("int64")
    merged = merged.sort_values(["__row", "__pref", "__from", "plan_code"], ascending=[True, True, False, True])
    first = merged.drop_duplicates("__row").set_index("__row")["plan_code"]
    return first.astype("str")


def legacy_tables(trustee: str, investment: str) -> tuple[LegacyTable, ...]:
    """The legacy warehouse kept one table per sheet (customer.企年受托中标 …) with 业务类型
    written 受托/投资; the domain merges them into one table keyed by 企年受托/企年投资."""
    values = {"业务类型": {"受托": "企年受托", "投资": "企年投资"}}
    return tuple(LegacyTable("customer", name, "上报月份", values=values) for name in (trustee, investment))
