"""The shared cell rules of `spec/rules.md`, one vectorised implementation each.

Every rule takes a text Series (every workbook column is read as text, NA for empty
cells), keeps its index, never mutates it, and works column-wise on distinct values.
"""

from __future__ import annotations

from .codes import r_code, r_id
from .common import RuleResult
from .dates import r_date, r_month
from .flags import r_flag
from .names import r_name
from .numbers import num_out_of_range, parse_decimal, quantize, r_num
from .percent import r_pct
from .text import r_text

__all__ = [
    "RuleResult",
    "num_out_of_range",
    "parse_decimal",
    "quantize",
    "r_code",
    "r_date",
    "r_flag",
    "r_id",
    "r_month",
    "r_name",
    "r_num",
    "r_pct",
    "r_text",
]
