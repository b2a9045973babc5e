"""config/data_sources.yml: the defaults/domains merge rule and validation (issue 2 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from work_data_hub.core.config.data_sources import load_data_sources, merge
from work_data_hub.core.errors import ConfigError

REPO = Path(__file__).resolve().parents[3]


def test_scalars_override() -> None:
    assert merge({"a": 1, "b": "x"}, {"b": "y"}) == {"a": 1, "b": "y"}


def test_dicts_deep_merge() -> None:
    base = {"outer": {"keep": 1, "inner": {"x": 1, "y": 2}}}
    override = {"outer": {"inner": {"y": 3, "z": 4}}}
    assert merge(base, override) == {"outer": {"keep": 1, "inner": {"x": 1, "y": 3, "z": 4}}}


def test_lists_replace() -> None:
    assert merge({"l": ["a", "b"]}, {"l": ["c"]}) == {"l": ["c"]}


def test_plus_items_append_without_the_plus() -> None:
    assert merge({"l": ["a", "b"]}, {"l": ["+c", "+d"]}) == {"l": ["a", "b", "c", "d"]}


def test_plus_item_beside_plain_items_appends_all() -> None:
    assert merge({"l": ["a"]}, {"l": ["+b", "c"]}) == {"l": ["a", "b", "c"]}


def test_plus_list_without_default_loses_the_plus() -> None:
    assert merge({}, {"l": ["+a"]}) == {"l": ["a"]}


def test_empty_list_replaces() -> None:
    assert merge({"l": ["a"]}, {"l": []}) == {"l": []}


def test_inputs_are_not_mutated() -> None:
    base = {"l": ["a"], "d": {"x": 1}}
    merge(base, {"l": ["+b"], "d": {"y": 2}})
    assert base == {"l": ["a"], "d": {"x": 1}}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data_sources.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_apply_to_every_domain(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
defaults:
  exclude_patterns: ["*草稿*"]
  version_strategy: none
domains:
  one:
    base_path: "{YYYYMM}/a"
    file_patterns: ["*.xlsx"]
    sheets: [S]
  two:
    base_path: "{YYYYMM}/b"
    file_patterns: ["*.xlsx"]
    exclude_patterns: ["+*旧*"]
    version_strategy: highest_number
    sheets: [S]
""",
    )
    sources = load_data_sources(path)
    assert sources["one"].exclude_patterns == ("*草稿*",)
    assert sources["one"].version_strategy == "none"
    assert sources["two"].exclude_patterns == ("*草稿*", "*旧*")
    assert sources["two"].version_strategy == "highest_number"


def test_repository_config_is_valid() -> None:
    sources = load_data_sources(REPO / "config" / "data_sources.yml")
    ap = sources["annuity_performance"]
    assert ap.base_path == "{YYYYMM}/收集数据/数据采集"
    assert ap.sheets == ("规模明细",)
    assert set(ap.file_patterns) == {"*规模收入数据*.xlsx", "*规模*收入数据*.xlsx", "*年金终稿数据*.xlsx"}


GOOD = """
domains:
  d:
    base_path: "{YYYYMM}/x"
    file_patterns: ["*.xlsx"]
    sheets: [S]
"""


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (GOOD.replace("    sheets: [S]\n", ""), "domains.d.sheets"),
        (GOOD.replace("[S]", "[]"), "domains.d.sheets"),
        (GOOD.replace('["*.xlsx"]', '["../*.xlsx"]'), "domains.d.file_patterns"),
        (GOOD.replace('"{YYYYMM}/x"', '"data/x"'), "domains.d.base_path"),
        (GOOD.replace('"{YYYYMM}/x"', '"../{YYYYMM}/x"'), "domains.d.base_path"),
        (GOOD.replace('"{YYYYMM}/x"', '"/abs/{YYYYMM}"'), "domains.d.base_path"),
        (GOOD + "    colour: blue\n", "domains.d.colour"),
        (GOOD + "unknown_top: 1\n", "unknown_top"),
        (GOOD.replace("  d:\n", "  d: [1]\n  e:\n"), "domains.d"),
        ("defaults: [1]\n" + GOOD, "defaults"),
        ("- just\n- a list\n", "domains"),
        ("domains: {d: {base_path: [unclosed\n", "not valid YAML"),
    ],
)
def test_invalid_config_names_file_and_key_path(tmp_path: Path, text: str, where: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_data_sources(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert where in message
    assert "\n" not in message
    assert err.value.exit_code == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_data_sources(tmp_path / "nope.yml")
