"""An invalid config/data_sources.yml stops the run before it starts: exit 2 and one line
naming the file, the key path and the problem (issue 2 §2)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from support.workbooks import clean_rows, place, workbook_name, write_ap

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def config(cli, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A private copy of the repository's config/, used by every command of the test."""
    folder = tmp_path / "config"
    shutil.copytree(REPO / "config", folder)
    cli.env["WDH_CONFIG_DIR"] = str(folder)
    return folder / "data_sources.yml"


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _ap(data: dict[str, Any]) -> dict[str, Any]:
    return data["domains"]["annuity_performance"]  # type: ignore[no-any-return]


CHANGES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "missing sheets": (lambda d: _ap(d).pop("sheets"), "domains.annuity_performance.sheets"),
    "empty sheets": (lambda d: _ap(d).update(sheets=[]), "domains.annuity_performance.sheets"),
    "pattern with ..": (
        lambda d: _ap(d).update(file_patterns=["../*规模收入数据*.xlsx"]),
        "domains.annuity_performance.file_patterns",
    ),
    "base_path without {YYYYMM}": (
        lambda d: _ap(d).update(base_path="202411/收集数据/数据采集"),
        "domains.annuity_performance.base_path",
    ),
    "unknown key": (lambda d: _ap(d).update(sheet_name="规模明细"), "domains.annuity_performance.sheet_name"),
    "bad version strategy": (
        lambda d: _ap(d).update(version_strategy="latest"),
        "domains.annuity_performance.version_strategy",
    ),
    "bad defaults": (lambda d: d.update(defaults=["x"]), "defaults"),
}


@pytest.mark.parametrize("name", [*CHANGES, "not YAML"])
def test_invalid_config_exits_2_naming_file_and_key(cli, config: Path, data_root: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    if name == "not YAML":
        config.write_text("domains:\n  annuity_performance: [unclosed\n", encoding="utf-8")
        where = "not valid YAML"
    else:
        change, where = CHANGES[name]
        _rewrite(config, change)
    place(data_root, "202411", clean_rows("202411", n=3))
    for args in (
        ("etl", "--domains", "annuity_performance", "--period", "202411"),
        ("etl", "--all-domains", "--period", "202411", "--execute"),
        ("discover", "--period", "202411"),
    ):
        result = cli(*args)
        assert result.code == 2, (args, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"error: {config}: ")
        assert where in lines[0]
        assert result.stdout == ""


def test_domain_missing_from_the_config(cli, config: Path) -> None:  # type: ignore[no-untyped-def]
    _rewrite(config, lambda d: d["domains"].pop("annuity_performance"))
    result = cli("etl", "--domains", "annuity_performance", "--period", "202411")
    assert result.code == 2
    assert result.stderr.strip() == f"error: {config}: domains.annuity_performance: missing"


def test_config_dir_changes_where_discovery_looks(cli, config: Path, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    _rewrite(config, lambda d: _ap(d).update(base_path="incoming/{YYYYMM}"))
    place(data_root, "202411", clean_rows("202411", n=3))  # the usual place is no longer searched
    target = write_ap(data_root / "incoming" / "202411" / workbook_name("202411"), clean_rows("202411", n=4))
    result = cli("etl", "--domains", "annuity_performance", "--period", "202411", "--json")
    assert result.code == 0, result.stdout + result.stderr
    run = result.json["domains"][0]
    assert run["file"] == "incoming/202411/" + target.name and run["rows_read"] == 4


def test_plus_items_extend_the_default_list(cli, config: Path, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    def exclude_drafts(d: dict[str, Any]) -> None:
        d["defaults"]["exclude_patterns"] = ["*草稿*"]
        _ap(d)["exclude_patterns"] = ["+*作废*"]

    _rewrite(config, exclude_drafts)
    draft = place(data_root, "202411", clean_rows("202411", n=3), name=workbook_name("202411", "0101草稿"))
    void = place(data_root, "202411", clean_rows("202411", n=3), name=workbook_name("202411", "0102作废"))
    place(data_root, "202411", clean_rows("202411", n=5))
    result = cli("discover", "--period", "202411", "--domains", "annuity_performance", "--json")
    assert result.code == 0, result.stdout
    (found,) = result.json
    assert found["chosen"].endswith(workbook_name("202411"))
    reasons = {e["file"]: e["reason"] for e in found["excluded"]}
    assert reasons[draft.relative_to(data_root).as_posix()] == "matches exclude pattern '*草稿*'"
    assert reasons[void.relative_to(data_root).as_posix()] == "matches exclude pattern '*作废*'"
