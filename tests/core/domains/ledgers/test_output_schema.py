"""Award trap 2 / loss trap 4 (and annuity_income I14): the output schema check mirrors
the output table exactly, a valid row passes it, and a drifting frame fails the domain."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from support.domain_rows import income_row, income_rows_of, ledger_row, run_rows, table
from work_data_hub.core.domains.annual_award.schema import OUTPUT as AWARD_OUTPUT
from work_data_hub.core.domains.annual_loss.schema import OUTPUT as LOSS_OUTPUT
from work_data_hub.core.domains.annuity_income.schema import OUTPUT as INCOME_OUTPUT
from work_data_hub.core.domains.registry import get_domain
from work_data_hub.core.samples.ledger import AWARD_HEADER, LOSS_HEADER

SCHEMAS = {"annual_award": AWARD_OUTPUT, "annual_loss": LOSS_OUTPUT, "annuity_income": INCOME_OUTPUT}


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


@pytest.mark.parametrize("domain", list(SCHEMAS))
def test_schema_mirrors_the_declared_output_table(domain: str) -> None:
    spec = get_domain(domain)
    declared = [(c.name, c.nullable, c.length if c.type == "text" else c.precision) for c in spec.columns]
    written = [(o.name, o.nullable, o.size) for o in SCHEMAS[domain]]
    assert written == declared
    date_column = "中标日期" if domain == "annual_award" else "流失日期"
    if domain != "annuity_income":
        assert date_column in {o.name for o in SCHEMAS[domain]}
        assert {"机构名称", "产品线代码", "原受托人"} <= {o.name for o in SCHEMAS[domain]}


@pytest.mark.parametrize("domain", list(SCHEMAS))
def test_a_valid_row_passes(domain: str, tmp_path: Path) -> None:
    frame = valid_frame(domain, tmp_path)
    check = get_domain(domain).output_check
    assert check is not None and check(frame) == []


@pytest.mark.parametrize("domain", list(SCHEMAS))
def test_drift_is_reported(domain: str, tmp_path: Path) -> None:
    frame = valid_frame(domain, tmp_path)
    check = get_domain(domain).output_check
    assert check is not None
    month = SCHEMAS[domain][0].name
    shifted = frame.assign(**{month: frame[month] + pd.Timedelta(days=3)})
    assert any("first day of a month" in p for p in check(shifted))
    assert check(frame.drop(columns=[frame.columns[-1]]))  # a column missing
    assert check(frame.assign(extra="x"))  # a column too many
    assert check(frame[list(reversed(frame.columns))])  # order
    not_null = next(o for o in SCHEMAS[domain] if not o.nullable and o.kind == "text")
    assert any(not_null.name in p for p in check(frame.assign(**{not_null.name: pd.NA})))


def test_assessment_flag_is_zero_or_one(tmp_path: Path) -> None:
    frame = valid_frame("annual_award", tmp_path)
    check = get_domain("annual_award").output_check
    assert check is not None
    bad = frame.assign(考核有效=pd.array([2, 1], dtype="Int8"))
    assert any("考核有效" in p for p in check(bad))
