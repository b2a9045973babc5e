"""R-TEXT: a text cell as a trimmed text value."""

from __future__ import annotations

import pandas as pd

from .common import blank_to_na, distinct, integral_digits, trim


def r_text(s: pd.Series) -> pd.Series:
    """Trim outer whitespace; a whole-number cell gives its digits; empty -> NA.

    Only a `.0` tail is dropped (`12345.0` -> `12345`): leading zeros (`00123`) and
    every other character are kept as keyed.
    """
    d = distinct(s)
    return d.text(blank_to_na(integral_digits(trim(d.values))))
