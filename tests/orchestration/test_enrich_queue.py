"""The lookup-queue job runs the same core call as ``enrich-queue --execute``: queued names
from a real load are looked up at the EQC stand-in and their rows back-patched."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from support.enrich_rows import named, write_month
from support.eqc_server import Company, EqcServer, running_eqc
from support.orchestration import resources
from support.warehouse import connect, qualified
from work_data_hub.orchestration.enrich_queue import enrich_queue_job


@pytest.fixture
def eqc() -> Iterator[EqcServer]:
    with running_eqc() as server:
        yield server


def statuses(url: str) -> Counter[str]:
    with connect(url) as conn:
        table = qualified(url, "enterprise", "enrichment_requests")
        return Counter(r[0] for r in conn.execute(sa.text(f"SELECT status FROM {table}")))


def run_job(url: str, data_root: Path, limit: int | None = None) -> dg.ExecuteInProcessResult:
    config = {"ops": {"process_lookup_queue": {"config": {"limit": limit}}}}
    return enrich_queue_job.execute_in_process(
        run_config=config, resources=resources(url, data_root), raise_on_error=False
    )


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_queue_job_resolves_queued_names(
    cli: Any, eqc: EqcServer, data_root: Path, warehouse_url: str, core_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("db", "upgrade").code == 0
    write_month(data_root, "202411", named("甲公司", "乙公司", "丙公司"))
    loaded = cli("etl", "--domains", "annuity_performance", "--period", "202411", "--execute", "--json")
    assert loaded.code == 0, loaded.stderr
    eqc.add_company(Company(600000001, "甲公司"))
    eqc.add_company(Company(600000002, "乙公司"))
    for key, value in eqc.env().items():
        monkeypatch.setenv(key, value)

    result = run_job(warehouse_url, data_root)
    assert result.success
    (output,) = [e for e in result.all_events if e.is_successful_output]
    meta = {k: v.value for k, v in output.step_output_data.metadata.items()}
    assert (meta["claimed"], meta["done"], meta["failed"]) == (3, 2, 1)
    assert statuses(warehouse_url) == Counter({"done": 2, "failed": 1})
    assert eqc.searched() == ["甲公司", "乙公司", "丙公司"]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_queue_job_fails_with_the_core_message_without_a_token(
    cli: Any, data_root: Path, warehouse_url: str, core_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WDH_EQC_TOKEN", raising=False)
    monkeypatch.setenv("WDH_EQC_TOKEN_FILE", str(tmp_path / "no-token"))
    assert cli("db", "upgrade").code == 0
    result = run_job(warehouse_url, data_root)
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    message = failure.step_failure_data.user_failure_data.description  # type: ignore[union-attr]
    assert message.startswith("no EQC token configured")
