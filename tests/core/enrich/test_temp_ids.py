"""Temporary ids equal the spec's test vectors (enrichment spec §4)."""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import pytest

from work_data_hub.core.enrich.temp_ids import DEFAULT_SALT, is_temp_id, salt_fingerprint, temp_id, temp_ids

VECTORS = [
    ("default_dev_salt_change_in_prod", "甲公司", "INLHDM2XDMVY3K3VAO"),
    ("default_dev_salt_change_in_prod", "中国平安", "INQ7R63KMJIXWW7VGM"),
    ("default_dev_salt_change_in_prod", "中国平安（集团）股份有限公司", "INKMQTVAIKAMUVIYLO"),
    ("default_dev_salt_change_in_prod", "ABC科技有限公司", "INAV2LESEHRFJ7V3G5"),
    ("wdh-test-salt", "甲公司", "INGG4UAE3UPSUNG6QY"),
    ("wdh-test-salt", "中国平安", "INCC5CLRRL4YEHUBSD"),
]


@pytest.mark.parametrize(("salt", "name", "expected"), VECTORS)
def test_spec_vectors(salt: str, name: str, expected: str) -> None:
    assert temp_id(name, salt) == expected
    assert temp_ids(pd.Series([name, None, name], dtype="str"), salt).tolist()[::2] == [expected, expected]


def test_default_salt_is_the_spec_value() -> None:
    assert DEFAULT_SALT == "default_dev_salt_change_in_prod"


@pytest.mark.parametrize("variant", ["甲公司-已转出", " 甲公司 ", "（原）甲公司", "(原)甲公司", "甲公司(已转出)"])
def test_names_that_normalise_alike_share_the_id(variant: str) -> None:
    assert temp_id(variant, DEFAULT_SALT) == "INLHDM2XDMVY3K3VAO"


@pytest.mark.parametrize("blank", [None, "", "   ", "空白", "0", "NULL", "n/a", "——"])
def test_blank_and_placeholder_names_get_no_id(blank: str | None) -> None:
    assert temp_id(blank, DEFAULT_SALT) is None


@pytest.mark.slow
def test_shape_and_detection() -> None:
    ids = [temp_id(f"公司{i}", "s") for i in range(200)]
    assert all(re.fullmatch(r"IN[A-Z2-7]{16}", str(i)) for i in ids)
    assert is_temp_id(pd.Series([ids[0], "614810477", None, "IN123"], dtype="str")).tolist() == [
        True,
        False,
        False,
        False,
    ]


def test_fingerprint_never_the_salt() -> None:
    assert salt_fingerprint("wdh-test-salt") == hashlib.sha256(b"wdh-test-salt").hexdigest()[:8]
    assert "wdh" not in salt_fingerprint("wdh-test-salt")
