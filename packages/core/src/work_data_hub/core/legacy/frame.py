"""A legacy table's month as the sheet a domain reads: the legacy columns renamed to the
headers the domain knows, then handed to the domain's own cleaning unchanged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from work_data_hub.core.domains.base import DomainSpec
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


def columns_read(columns: list[str], legacy: LegacyTable, spec: DomainSpec) -> tuple[list[str], list[str]]:
    """The legacy columns the domain reads, and the others (left on the server: a month of
    规模明细 is a million cells, and every cell costs the driver time). The month column and
    ``id`` (the row number) are always read."""
    inputs = spec.inputs
    preferred = {c for cols in legacy.prefer.values() for c in cols}
    read: list[str] = []
    unread: list[str] = []
    for column in columns:
        header = normalise_header(legacy.renames.get(column, column))
        if inputs.header_rule is not None:
            header = inputs.header_rule(header)
        canonical = inputs.aliases.get(header, header)
        wanted = column in preferred or canonical in inputs.known or column in ("id", legacy.month_column)
        if wanted:
            read.append(column)
        elif header and header not in inputs.dropped_silently:
            unread.append(column)
    return read, unread
