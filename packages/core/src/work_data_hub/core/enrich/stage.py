"""The enrich stage of a domain run: fill company ids on the valid rows, then drop the
hidden key columns so the frame holds exactly the output columns."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.enrich.resolver import resolve


def enrich_frame(frame: pd.DataFrame, spec: DomainSpec, mappings: Mappings) -> tuple[pd.DataFrame, dict[str, object]]:
    if spec.enrichment is None:
        return frame, {}
    keys = spec.enrichment
    result = resolve(frame, keys, mappings)
    out = frame.drop(columns=spec.hidden_columns)
    out[keys.target] = result.company_id.where(out[keys.target].isna(), out[keys.target])
    return out[spec.column_names], {"company_id_by_tier": result.report}
