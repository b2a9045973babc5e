"""Running the declared post-load steps after a batch's domain runs: each step whose
trigger domains loaded runs in one transaction of its own with its own run-ledger row.
Its failure fails the batch (exit 1) and leaves the step's tables as before; the facts
stay loaded."""

from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa
import structlog

from work_data_hub.core.derived import PostLoadStep, post_load_steps
from work_data_hub.core.domain_run import RunContext
from work_data_hub.core.errors import WdhError
from work_data_hub.core.load.ledger import POST_LOAD_MODE, LedgerRow, record, record_failure
from work_data_hub.core.summary import BatchSummary, StepRun

log = structlog.get_logger("work_data_hub.batch")


def run_post_load(summary: BatchSummary, ctx: RunContext) -> list[StepRun]:
    loaded = {d.domain for d in summary.domains if d.status == "ok"}
    return [_run(step, ctx) for step in post_load_steps() if step.after & loaded]


def _ledger(step: StepRun, ctx: RunContext, started_at: dt.datetime) -> LedgerRow:
    return LedgerRow.of_step(
        run_id=ctx.run_id,
        period=ctx.period.key,
        step=step.step,
        mode=POST_LOAD_MODE,
        counts=step.counts,
        status=step.status,
        error=step.error,
        started_at=started_at,
        seconds=step.seconds,
    )


def _run(step: PostLoadStep, ctx: RunContext) -> StepRun:
    out = StepRun(step=step.name)
    engine, execute = ctx.warehouse.engine, ctx.request.execute
    started_at, t0 = dt.datetime.now(), time.perf_counter()
    if engine is None:  # a dry run against a warehouse that does not exist yet
        out.status, out.error = "skipped", "no warehouse yet: nothing to derive"
        return out
    try:
        if execute:
            with engine.begin() as conn:
                out.counts = step.run(conn, ctx.period, ctx.settings, True)
                out.status, out.seconds = "ok", time.perf_counter() - t0
                record(conn, _ledger(out, ctx, started_at))
        else:
            with engine.connect() as conn:
                out.counts = step.run(conn, ctx.period, ctx.settings, False)
                out.status = "ok"
    except WdhError as exc:
        out.status, out.error = "failed", f"{step.name}: {exc.message}"
    except (sa.exc.SQLAlchemyError, engine.dialect.loaded_dbapi.Error) as exc:
        reason = " ".join(str(getattr(exc, "orig", exc)).split())[:500]
        out.status = "failed"
        out.error = f"{step.name}: the warehouse refused the write, its tables are as before ({reason})"
    except Exception as exc:  # a bug costs the step, never the loaded facts or a traceback
        log.debug("step_crashed", step=step.name, exc_info=True)
        out.status, out.error = "failed", f"{step.name}: internal error: {type(exc).__name__}: {exc}"
    out.seconds = time.perf_counter() - t0
    if out.status == "failed":
        out.counts = {}
        if execute:
            record_failure(engine, _ledger(out, ctx, started_at))
    return out
