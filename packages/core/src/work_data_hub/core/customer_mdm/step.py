"""The customer master as a post-load step of the batch: after a period in which the AUM
or a ledger loaded, sync (+ init-year in January) and snapshot, in one transaction."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from work_data_hub.core.customer_mdm import service
from work_data_hub.core.customer_mdm.config import load_config
from work_data_hub.core.customer_mdm.facts import AWARD, LOSS, PERFORMANCE
from work_data_hub.core.customer_mdm.rekey import rekey
from work_data_hub.core.customer_mdm.tables import contracts
from work_data_hub.core.derived import PostLoadStep
from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.period import Period
from work_data_hub.core.settings import Settings


def _run(conn: Connection, period: Period, settings: Settings, execute: bool) -> dict[str, int]:
    if not execute and not has_table(conn, contracts):
        return {}  # a dry run against a warehouse not yet migrated: the tables come with --execute
    result = service.post_load(conn, period, load_config(settings.resolved_config_dir()), execute)
    return result.counts


STEP = PostLoadStep(
    name="customer_mdm",
    after=frozenset({PERFORMANCE, AWARD, LOSS}),
    run=_run,
    rekey=rekey,
    description="customer master: contract sync (+ init-year in January) and monthly snapshots",
)
