"""The declaration hooks the later kinds need, on a minimal domain declared here: the run's
period as 月度 (other-kinds.md §0), a domain header rule, and a reshape of the raw sheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from support.domain_rows import MAPPINGS, read_sheet
from work_data_hub.core.cleansing.rules import r_num, r_text
from work_data_hub.core.domains.base import (
    Column,
    DomainSpec,
    InputColumns,
    TransformContext,
    TransformResult,
)
from work_data_hub.core.domains.outcomes import Reasons
from work_data_hub.core.domains.pipeline import process
from work_data_hub.core.domains.run_period import run_month
from work_data_hub.core.errors import ValidationFailed
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import ROW_NUMBER


def _transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    reasons = Reasons(raw.index)
    month = run_month(raw, ctx, reasons)
    out = pd.DataFrame({"月度": month.values, "名称": r_text(raw["名称"]), "金额": r_num(raw["金额"]).values})
    return TransformResult(frame=out, reasons=reasons.series, months=month.months, warnings=month.warnings)


SPEC = DomainSpec(
    name="toy",
    order=0,
    description="toy",
    schema="business",
    table="玩具",
    columns=(Column("月度", "month", nullable=False), Column("名称", "text", 20), Column("金额", "numeric")),
    indexes=(),
    inputs=InputColumns(
        required=frozenset({"名称", "金额"}), optional=frozenset({"月度"}), aliases={}, left_absent=frozenset({"月度"})
    ),
    period_column="月度",
    refresh="period",
    monitored_measure="金额",
    transform=_transform,
)


def run(tmp_path: Path, rows: list[list[object]], spec: DomainSpec = SPEC):  # type: ignore[no-untyped-def]
    raw = read_sheet(tmp_path / "toy.xlsx", "玩具", rows)
    ctx = TransformContext(period=Period.parse("202411"), mappings=MAPPINGS, source_file="toy.xlsx", sheet="玩具")
    return process(raw, spec, ctx)


def test_a_sheet_without_its_own_month_stores_the_runs_period(tmp_path: Path) -> None:
    out = run(tmp_path, [["名称", "金额"], ["甲", "1"], ["乙", "2"]])
    assert out.valid["月度"].dt.strftime("%Y-%m-%d").tolist() == ["2024-11-01", "2024-11-01"]
    assert out.warnings == []


def test_a_keyed_month_is_read_blank_takes_the_period_unreadable_rejects(tmp_path: Path) -> None:
    rows = [["月度", "名称", "金额"], ["2024年11月", "甲", "1"], [None, "乙", "2"], ["十一月", "丙", "3"]]
    out = run(tmp_path, rows)
    assert out.valid["名称"].tolist() == ["甲", "乙"]
    assert out.valid["月度"].dt.strftime("%Y-%m").tolist() == ["2024-11", "2024-11"]
    assert out.warnings == ["1 rows with blank 月度: the run's period 2024-11 used"]
    assert out.rejected["reason"].tolist() == ["月度 unparseable '十一月'"]


def test_another_keyed_month_fails_the_domain_like_规模明细(tmp_path: Path) -> None:
    rows = [["月度", "名称", "金额"], ["2024-11", "甲", "1"], ["2024-10", "乙", "2"]]
    with pytest.raises(ValidationFailed, match="月度 2024-10 in row 3 does not match period 2024-11"):
        run(tmp_path, rows)


def test_header_rule_runs_before_the_aliases_and_can_drop(tmp_path: Path) -> None:
    rule = SPEC.inputs.__class__(
        required=SPEC.inputs.required,
        optional=SPEC.inputs.optional,
        aliases={"名称_全称": "名称"},
        left_absent=SPEC.inputs.left_absent,
        header_rule=lambda h: "" if "渠道" in h else h.replace("(", "_").replace(")", ""),
    )
    spec = SPEC.__class__(**{**SPEC.__dict__, "inputs": rule})
    out = run(tmp_path, [["名称(全称)", "金额", "销售渠道"], ["甲", "1", "直销"]], spec)
    assert out.valid["名称"].tolist() == ["甲"]
    assert out.warnings == []  # the dropped channel column is not reported as unknown


def test_reshape_sees_the_raw_sheet_first(tmp_path: Path) -> None:
    def fill_down(frame: pd.DataFrame, _ctx: TransformContext) -> pd.DataFrame:
        return frame.assign(名称=frame["名称"].ffill())

    spec = SPEC.__class__(**{**SPEC.__dict__, "reshape": fill_down})
    out = run(tmp_path, [["名称", "金额"], ["甲", "1"], [None, "2"]], spec)
    assert out.valid["名称"].tolist() == ["甲", "甲"]
    assert ROW_NUMBER not in out.valid.columns
