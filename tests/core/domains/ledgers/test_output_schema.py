"""Award trap 2 / loss trap 4 (and annuity_income I14): the output schema check is derived
from the declared output columns, a valid row passes it, and a drifting frame fails the
domain."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from support.domain_rows import income_row, income_rows_of, ledger_row, run_rows, table
from work_data_hub.core.domains import output_schema
from work_data_hub.core.domains.ledger_samples import AWARD_HEADER, LOSS_HEADER
from work_data_hub.core.domains.registry import get_domain

DOMAINS = ("annual_award", "annual_loss", "annuity_income")


def check(domain: str, frame: pd.DataFrame) -> list[str]:
    return output_schema.check(get_domain(domain), frame)


def valid_frame(domain: str, tmp_path: Path) -> pd.DataFrame:
    if domain == "annuity_income":
        rows = income_rows_of(income_row(1), income_row(2, 客户名称=None, 浮费=None))
    else:
        header = AWARD_HEADER if domain == "annual_award" else [h for h in LOSS_HEADER if h is not None]
        rows = table(
            header, ledger_row("2024-10", 1, 中标日期="2024/3/8", 流失日期="2024/3/8"), ledger_row("2024年11月", 2)
        )
    out = run_rows(domain, rows, tmp_path)  # the pipeline runs the check itself
    assert out.rejected.empty and len(out.valid) == 2
    return out.valid[get_domain(domain).column_names]


@pytest.mark.parametrize("domain", DOMAINS)
def test_schema_is_the_declared_output_table(domain: str) -> None:
    spec = get_domain(domain)
    schema = output_schema.output_schema(spec)
    assert list(schema.columns) == spec.column_names
    assert [schema.columns[c.name].nullable for c in spec.columns] == [c.nullable for c in spec.columns]
    if domain != "annuity_income":
        date_column = "中标日期" if domain == "annual_award" else "流失日期"
        assert {date_column, "机构名称", "产品线代码", "原受托人"} <= set(schema.columns)


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_valid_row_passes(domain: str, tmp_path: Path) -> None:
    assert check(domain, valid_frame(domain, tmp_path)) == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_drift_is_reported(domain: str, tmp_path: Path) -> None:
    frame = valid_frame(domain, tmp_path)
    spec = get_domain(domain)
    month = spec.columns[0].name if spec.columns[0].type == "month" else spec.period_column
    shifted = frame.assign(**{month: frame[month] + pd.Timedelta(days=3)})
    assert any("first day of a month" in p for p in check(domain, shifted))
    assert check(domain, frame.drop(columns=[frame.columns[-1]]))  # a column missing
    assert check(domain, frame.assign(extra="x"))  # a column too many
    assert check(domain, frame[list(reversed(frame.columns))])  # order
    not_null = next(c for c in spec.columns if not c.nullable and c.type == "text")
    assert any(not_null.name in p for p in check(domain, frame.assign(**{not_null.name: pd.NA})))


def test_assessment_flag_is_zero_or_one(tmp_path: Path) -> None:
    frame = valid_frame("annual_award", tmp_path)
    bad = frame.assign(考核有效=pd.array([2, 1], dtype="Int8"))
    assert any("考核有效" in p for p in check("annual_award", bad))
