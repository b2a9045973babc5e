"""Temporary company ids (enrichment spec §4): ``IN`` + the first 16 base-32 characters of
HMAC-SHA1(salt, R-NAME(name)). Deterministic, so the same name gets the same id in every
run, domain and machine; a NULL normalised name never gets one."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

import pandas as pd

DEFAULT_SALT = "default_dev_salt_change_in_prod"
TEMP_ID_PATTERN = r"IN[A-Z2-7]{16}"


def temp_id_of_key(name_key: str, salt: str) -> str:
    """The id of an already normalised name key."""
    return _temp_id(name_key, salt.encode("utf-8"))


def _temp_id(name_key: str, key: bytes) -> str:
    # hmac.digest is the one-shot C path: a month has tens of thousands of distinct names.
    digest = hmac.digest(key, name_key.encode("utf-8"), "sha1")
    # 10 bytes are exactly 16 base-32 characters, so no padding can appear.
    return "IN" + base64.b32encode(digest[:10]).decode("ascii")


def temp_id(name: str | None, salt: str) -> str | None:
    """The id of a raw name: R-NAME first, NULL for a blank or placeholder name."""
    from work_data_hub.core.cleansing.rules import r_name

    key = r_name(pd.Series([name], dtype="str")).iloc[0]
    return None if pd.isna(key) else temp_id_of_key(str(key), salt)


def temp_ids(name_keys: pd.Series, salt: str) -> pd.Series:
    """Ids for a column of normalised name keys, computed once per distinct name."""
    distinct = name_keys.dropna().unique().tolist()
    key = salt.encode("utf-8")
    digests = b"".join(hmac.digest(key, str(k).encode("utf-8"), "sha1")[:10] for k in distinct)
    # Ten bytes encode to exactly 16 base-32 characters, so one encoding of the joined
    # digests splits back into the per-name ids.
    text = base64.b32encode(digests).decode("ascii")
    ids = {k: "IN" + text[i * 16 : i * 16 + 16] for i, k in enumerate(distinct)}
    return name_keys.map(ids).astype("str")


def is_temp_id(values: pd.Series) -> pd.Series:
    return values.astype("str").str.fullmatch(TEMP_ID_PATTERN).fillna(False).astype(bool)


def looks_temporary(value: str | None) -> bool:
    return value is not None and re.fullmatch(TEMP_ID_PATTERN, value) is not None


def salt_fingerprint(salt: str) -> str:
    """What the ledger records: never the salt itself."""
    return hashlib.sha256(salt.encode("utf-8")).hexdigest()[:8]
