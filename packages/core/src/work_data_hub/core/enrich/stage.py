"""The enrich stage of a domain run: fill company ids on the valid rows, write the
unknown-names report, then drop the hidden key columns so the frame holds exactly the
output columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.enrich.session import EnrichmentSession
from work_data_hub.core.reports import rejected_path, write_report


def unknown_names_path(session: EnrichmentSession, domain: str) -> Path | None:
    """``<var>/rejected/<run_id>/<period>/<domain>_unknown_names.csv`` (spec §12)."""
    if not session.run_id or not session.period_key:
        return None
    path = rejected_path(session.var_dir, session.run_id, session.period_key, domain)
    return path.with_name(f"{domain}_unknown_names.csv")


def enrich_frame(
    frame: pd.DataFrame,
    spec: DomainSpec,
    mappings: Mappings,
    session: EnrichmentSession | None = None,
    warnings: list[str] | None = None,
) -> tuple[pd.DataFrame, dict[str, object]]:
    """Returns the frame in output columns and the ``enrichment`` counters. Messages the
    batch must show once (a rejected token, EQC down) are appended to ``warnings``."""
    if spec.enrichment is None:
        return frame, {}
    if session is None:
        from work_data_hub.core.settings import Settings

        settings = Settings()
        session = EnrichmentSession.offline(settings.resolved_config_dir(), settings.temp_id_salt)
    keys = spec.enrichment
    resolved = session.resolve(frame, spec, mappings)
    out = frame.drop(columns=spec.hidden_columns)
    out[keys.target] = resolved.company_id
    counters = resolved.counters
    path = unknown_names_path(session, spec.name)
    if path is not None and len(resolved.unknown_names):
        write_report(path, resolved.unknown_names, "unknown-names")
        counters["unknown_names_file"] = path.as_posix()
    if warnings is not None:
        warnings.extend(session.take_notices())
        wanted = int(str(counters["names_needing_lookup"]))
        if not session.execute and session.budget > 0 and wanted:
            n = min(wanted, session.budget)
            warnings.append(f"dry run: {n} names would be looked up (budget {session.budget})")
    return out[spec.column_names], {"enrichment": counters}
