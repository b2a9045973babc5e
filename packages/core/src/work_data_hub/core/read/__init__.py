"""Workbook → raw frames: every cell as text, headers normalised, blank rows counted."""

from work_data_hub.core.read.headers import normalise_header
from work_data_hub.core.read.workbook import RawSheet, WorkbookCache

__all__ = ["RawSheet", "WorkbookCache", "normalise_header"]
