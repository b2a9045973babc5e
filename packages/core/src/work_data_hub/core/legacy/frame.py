"""A legacy table's month as the sheet a domain reads: the legacy columns renamed to the
headers the domain knows, then handed to the domain's own cleaning unchanged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from work_data_hub.core.legacy.declaration import LegacyTable
from work_data_hub.core.read.headers import normalise_header
from work_data_hub.core.read.workbook import ROW_NUMBER, RawSheet


def legacy_sheet(frame: pd.DataFrame, legacy: LegacyTable, file: Path) -> RawSheet:
    """``frame`` is text with ``ROW_NUMBER`` (read_month). The sheet is named after the
    legacy table: the ledger domains take 业务类型 from a sheet name starting 企年受托/企年投资,
    and the legacy table names start the same way."""
    out = frame.rename(columns=dict(legacy.renames))
    for header, columns in legacy.prefer.items():
        present = [c for c in columns if c in out]
        if present:
            value = out[present[0]]
            for other in present[1:]:
                value = value.fillna(out[other])
            out = out.drop(columns=present)
            out[header] = value
    for header, mapping in legacy.values.items():
        if header in out:
            out[header] = out[header].replace(dict(mapping))
    data = [c for c in out.columns if c != ROW_NUMBER]
    out.columns = [ROW_NUMBER if c == ROW_NUMBER else normalise_header(c) for c in out.columns]
    headers = [normalise_header(c) for c in data]
    return RawSheet(file=file, sheet=legacy.table, frame=out, headers=headers, rows_blank=0, rows_repeated_header=0)
