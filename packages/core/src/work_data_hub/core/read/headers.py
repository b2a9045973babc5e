"""Header-cell normalisation shared by every domain before its alias table applies."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise_header(cell: object) -> str:
    """Strip, drop full-width spaces, tabs, line breaks and inner whitespace, then NFKC.

    Real headers carry trailing spaces, ``客户名称\\n`` and full-width brackets
    ``流失（含待遇支付）``; NFKC turns the latter into ASCII brackets.
    """
    if cell is None:
        return ""
    text = unicodedata.normalize("NFKC", str(cell))
    return _SPACE.sub("", text.replace("\u3000", "").replace("\u00a0", ""))


def normalise_sheet_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()
