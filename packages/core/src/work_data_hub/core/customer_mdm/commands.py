"""The customer-master commands as the CLI and Dagster call them: settings in, one
MdmResult out. Dry run unless ``execute``; each command is one transaction."""

from __future__ import annotations

from work_data_hub.core.batch import new_run_id
from work_data_hub.core.customer_mdm import runner, service
from work_data_hub.core.customer_mdm.result import MdmResult
from work_data_hub.core.errors import UsageError
from work_data_hub.core.period import Period
from work_data_hub.core.settings import Settings


def sync(settings: Settings, period: str | None, rebuild_from: str | None, execute: bool) -> MdmResult:
    if (period is None) == (rebuild_from is None):
        raise UsageError("customer-mdm sync: give exactly one of --period P and --rebuild-from P")
    if rebuild_from is not None:
        first = Period.parse(rebuild_from)
        return runner.run(
            settings,
            lambda conn, cfg, ex: service.run_rebuild(conn, first, cfg, ex),
            execute=execute,
            run_id=new_run_id(),
            label="rebuild",
        )
    month = Period.parse(period or "")
    return runner.run(
        settings,
        lambda conn, cfg, ex: service.run_sync(conn, month, cfg, ex),
        execute=execute,
        run_id=new_run_id(),
        label="sync",
    )


def snapshot(settings: Settings, period: str, execute: bool) -> MdmResult:
    month = Period.parse(period)
    return runner.run(
        settings,
        lambda conn, _cfg, ex: service.run_snapshot(conn, month, ex),
        execute=execute,
        run_id=new_run_id(),
        label="snapshot",
    )


def refresh(settings: Settings, period: str, execute: bool, run_id: str | None = None) -> MdmResult:
    """Sync (+ init-year in January) and snapshot: the post-load step on its own."""
    month = Period.parse(period)
    return runner.run(
        settings,
        lambda conn, cfg, ex: service.post_load(conn, month, cfg, ex),
        execute=execute,
        run_id=run_id or new_run_id(),
        label="post-load",
    )


def init_year(settings: Settings, year: int, execute: bool) -> MdmResult:
    return runner.run(
        settings,
        lambda conn, cfg, ex: service.run_init_year(conn, year, cfg, ex),
        execute=execute,
        run_id=new_run_id(),
        label="init-year",
    )


def cutover(settings: Settings, year: int, execute: bool, confirmed: bool) -> MdmResult:
    if execute and not confirmed:
        raise UsageError(f"customer-mdm cutover --year {year} closes every current contract: pass --yes to confirm")
    return runner.run(
        settings,
        lambda conn, cfg, ex: service.run_cutover(conn, year, cfg, ex),
        execute=execute,
        run_id=new_run_id(),
        label="cutover",
    )


def validate(settings: Settings, year: int | None) -> MdmResult:
    return runner.run(
        settings,
        lambda conn, cfg, _ex: service.run_validate(conn, year, cfg),
        execute=False,
        run_id=new_run_id(),
        label="validate",
        writes=False,
    )
