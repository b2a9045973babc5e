"""The month-end schedule runs the previous month; the source-file sensor requests one run
per (domain, month) for a new or changed file and nothing for a file it has seen."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from support.etl import settings as core_settings
from support.orchestration import resources
from support.samples import annuity_month, domains_in_workbooks, domains_of_workbook, write_ledger_workbook
from work_data_hub.core.batch import BatchRequest, run_batch
from work_data_hub.orchestration.partitions import MONTHS
from work_data_hub.orchestration.source_sensor import SENSOR

SHANGHAI = ZoneInfo("Asia/Shanghai")


# Raised inside Dagster's own partitioned schedule, not by our definitions.
@pytest.mark.filterwarnings("ignore:Function `JobDefinition.run_request_for_partition`:DeprecationWarning")
@pytest.mark.parametrize(
    ("fires_at", "month"),
    [
        (dt.datetime(2024, 12, 5, 2, 0, tzinfo=SHANGHAI), "202411"),
        (dt.datetime(2025, 1, 5, 2, 0, tzinfo=SHANGHAI), "202412"),
        (dt.datetime(2025, 3, 5, 2, 0, tzinfo=SHANGHAI), "202502"),
    ],
)
def test_the_schedule_targets_the_previous_month(defs: dg.Definitions, fires_at: dt.datetime, month: str) -> None:
    schedule = defs.get_repository_def().get_schedule_def("month_end_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 2 5 * *", "Asia/Shanghai")
    data = schedule.evaluate_tick(dg.build_schedule_context(scheduled_execution_time=fires_at))
    requests = data.run_requests or []
    assert [(r.partition_key, r.job_name or schedule.job_name) for r in requests] == [(month, "month_end")]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tick(defs: dg.Definitions, url: str, data_root: Path, cursor: str | None) -> dg.SensorResult:
    sensor = defs.get_repository_def().get_sensor_def(SENSOR)
    context = dg.build_sensor_context(cursor=cursor, resources=resources(url, data_root))
    result = sensor(context)
    assert isinstance(result, dg.SensorResult)
    return result


def by_domain(result: dg.SensorResult) -> dict[str, dg.RunRequest]:
    requests = [r for r in result.run_requests or [] if isinstance(r, dg.RunRequest)]
    out = {r.tags["wdh/domain"]: r for r in requests}
    assert len(out) == len(requests), "one request per domain and month"
    return out


@pytest.fixture
def month() -> str:
    """The newest month the sensor scans: the partitions' last complete month."""
    last = MONTHS.get_last_partition_key()
    assert last is not None
    return last


def test_the_sensor_requests_a_new_file_once(
    defs: dg.Definitions, core_env: Path, tmp_path: Path, data_root: Path, month: str
) -> None:
    url = f"sqlite:///{(tmp_path / 'w.sqlite').as_posix()}"
    layout = annuity_month(data_root, month, perf_rows=60, income_rows=40, seed=3, dirty=False)
    first = tick(defs, url, data_root, None)
    requests = by_domain(first)
    assert set(requests) == domains_in_workbooks(layout)  # every domain with a file this month, no other
    annuity = data_root / layout.workbooks["annuity"].chosen
    ap = requests["annuity_performance"]
    rel = layout.workbooks["annuity"].chosen
    assert ap.partition_key == month
    assert ap.run_key == f"annuity_performance:{rel}:{sha256(annuity)}"
    assert ap.asset_selection == [dg.AssetKey(["warehouse", "annuity_performance"])]

    second = tick(defs, url, data_root, first.cursor)
    assert by_domain(second) == {}
    assert second.skip_reason is not None

    # Touched but unchanged: the file is hashed again and still not requested.
    os.utime(annuity, ns=(annuity.stat().st_atime_ns, annuity.stat().st_mtime_ns + 10**9))
    third = tick(defs, url, data_root, second.cursor)
    assert by_domain(third) == {}

    # A corrected ledger workbook: its domains, nothing else.
    assert layout.workbooks["ledger"].chosen is not None
    ledger = data_root / layout.workbooks["ledger"].chosen
    write_ledger_workbook(ledger, month, seed=11, rows_per_sheet=7)
    fourth = tick(defs, url, data_root, third.cursor)
    changed = by_domain(fourth)
    assert set(changed) == domains_of_workbook("ledger")
    ledger_rel = layout.workbooks["ledger"].chosen
    assert {r.run_key for r in changed.values()} == {f"{d}:{ledger_rel}:{sha256(ledger)}" for d in changed}
    assert by_domain(tick(defs, url, data_root, fourth.cursor)) == {}


def test_the_sensor_skips_a_file_the_warehouse_already_holds(
    defs: dg.Definitions, core_env: Path, tmp_path: Path, data_root: Path, month: str
) -> None:
    url = f"sqlite:///{(tmp_path / 'w.sqlite').as_posix()}"
    layout = annuity_month(data_root, month, perf_rows=60, income_rows=40, seed=3, dirty=False)
    summary = run_batch(
        BatchRequest(period=month, domains=["annuity_performance"], execute=True),
        core_settings(url, data_root, tmp_path / "var"),
    )
    assert summary.status == "ok"
    # A fresh cursor (a new deployment): the file the CLI loaded is not requested again.
    assert set(by_domain(tick(defs, url, data_root, None))) == domains_in_workbooks(layout) - {"annuity_performance"}
