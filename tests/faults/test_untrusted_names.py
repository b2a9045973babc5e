"""Untrusted names: a workbook header written as SQL is an unknown column, reported and
dropped, and never reaches a statement; file patterns and base paths in data_sources.yml
cannot escape the data root (exit 2 before anything is read or written)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from support.etl import REPO, upgrade
from support.tables import all_tables, count
from support.warehouse import AP_COLUMNS, ap_content, execute, is_sqlite, table_exists
from support.workbooks import clean_rows, place, set_cell

HOSTILE = 'a"; DROP TABLE x; --'
HOSTILE_VALUE = "x'); DELETE FROM etl_run; DROP TABLE x; --"


def test_sql_in_a_header_is_an_unknown_column(cli, warehouse_url: str, data_root: Path) -> None:
    upgrade(warehouse_url)
    execute(
        warehouse_url,
        "CREATE TABLE x (id INTEGER)" if is_sqlite(warehouse_url) else "CREATE TABLE public.x (id INTEGER)",
    )
    tables = all_tables(warehouse_url)
    rows = set_cell(clean_rows("202411", 20), 2, "计划名称", HOSTILE_VALUE)
    rows = [[*rows[0], HOSTILE], *[[*r, HOSTILE_VALUE] for r in rows[1:]]]
    place(data_root, "202411", rows)

    result = cli("etl", "--domains", "annuity_performance", "--period", "202411", "--execute")

    assert result.code == 0, result.stdout + result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("annuity_performance: warning: ")]
    assert any("dropped columns" in w and "DROP" in w and 'a"' in w for w in warnings), warnings
    assert count(warehouse_url, "annuity_performance") == 20
    assert HOSTILE_VALUE in {r[AP_COLUMNS.index("计划名称")] for r in ap_content(warehouse_url)}
    assert all_tables(warehouse_url) == tables
    assert table_exists(warehouse_url, "public", "x")


def _config_with(tmp_path: Path, key: str, value: object) -> Path:
    """A copy of config/ whose annuity_performance entry has ``key`` set to ``value``."""
    config = tmp_path / "config"
    shutil.copytree(REPO / "config", config)
    path = config / "data_sources.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["domains"]["annuity_performance"][key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return config


ESCAPES = {
    "pattern with ..": ("file_patterns", ["../*.xlsx"]),
    "pattern into a sibling": ("file_patterns", ["../../outside/*.xlsx"]),
    "absolute pattern": ("file_patterns", ["/tmp/*.xlsx"]),
    "base path with ..": ("base_path", "../outside/{YYYYMM}"),
    "absolute base path": ("base_path", "/tmp/{YYYYMM}"),
}


# The configuration is rejected before any database is opened: one backend is enough.
@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("case", list(ESCAPES))
def test_config_cannot_escape_the_data_root(
    case: str, cli, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    key, value = ESCAPES[case]
    # Workbooks the escaping entries would reach, were they honoured.
    place(tmp_path / "outside", "202411", clean_rows("202411", 5), version=None)
    place(data_root, "202411", clean_rows("202411", 5), version="..")
    config = _config_with(tmp_path, key, value)

    result = cli(
        "etl", "--domains", "annuity_performance", "--period", "202411", "--execute",
        extra_env={"WDH_CONFIG_DIR": str(config)},
    )  # fmt: skip

    assert result.code == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert "data_sources.yml" in errors[0] and f"domains.annuity_performance.{key}" in errors[0]
    assert count(warehouse_url, "annuity_performance") == 0
