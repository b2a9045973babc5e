"""Legacy month values to period keys. The legacy tables stored months as DATE in some
tables and as text in others (`2024-11`, `202411`, `2024-11-01`, `2024年11月`)."""

from __future__ import annotations

import datetime as dt
import re

_TEXT_FORMS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(?:-\d{1,2})?(?:[ T][\d:.]+)?"),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})(?:/\d{1,2})?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?:\d{2})?"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?:\d{1,2}日)?"),
)


def period_key(value: object) -> str | None:
    """``YYYYMM`` of one legacy month value, or None when it names no month. Called once
    per distinct value of a table's month column, never per row."""
    if isinstance(value, dt.date):  # datetime is a date too
        return f"{value.year:04d}{value.month:02d}"
    if value is None:
        return None
    text = str(value).strip()
    for form in _TEXT_FORMS:
        found = form.fullmatch(text)
        if found and 1 <= int(found["m"]) <= 12:
            return f"{int(found['y']):04d}{int(found['m']):02d}"
    return None
