"""The override file is validated at start-up (enrichment spec §5): duplicate keys (names
after R-NAME), empty ids and temporary ids are configuration errors naming the line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from work_data_hub.core.config.mappings import load_mappings
from work_data_hub.core.errors import ConfigError

REPO = Path(__file__).resolve().parents[3]
ORIGINAL = (REPO / "config" / "mappings" / "company_overrides.yml").read_text(encoding="utf-8")


def config_with(tmp_path: Path, overrides: str) -> Path:
    target = tmp_path / "config"
    shutil.copytree(REPO / "config", target)
    (target / "mappings" / "company_overrides.yml").write_text(overrides, encoding="utf-8")
    return target


def line_of(text: str, needle: str, nth: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(needle)


def test_the_committed_file_is_valid_and_holds_the_spec_tables() -> None:
    m = load_mappings(REPO / "config")
    assert len(m.company_by_plan) == 10 and m.company_by_plan["XNP717"] == "616273364"
    assert m.company_by_plan_blank_name == {"P0809": "608349737"}
    assert "P0809" not in m.company_by_plan
    assert len(m.company_by_name) == 5 and sum(v is None for v in m.company_by_name.values()) == 3


def test_duplicate_plan_code(tmp_path: Path) -> None:
    text = ORIGINAL.replace('  FP0002: "614810477"', '  FP0002: "614810477"\n  FP0001: "600000001"')
    with pytest.raises(ConfigError) as exc:
        load_mappings(config_with(tmp_path, text))
    assert f"company_overrides.yml:{line_of(text, 'FP0001', 2)}:" in exc.value.message
    assert "duplicate key FP0001" in exc.value.message


def test_names_duplicate_after_r_name(tmp_path: Path) -> None:
    text = ORIGINAL.replace(
        '  内江筑石混泥土有限公司: "606285385"',
        '  内江筑石混泥土有限公司: "606285385"\n  " 内江筑石混泥土有限公司-已转出": "606285386"',
    )
    with pytest.raises(ConfigError) as exc:
        load_mappings(config_with(tmp_path, text))
    assert f":{line_of(text, '已转出')}:" in exc.value.message and "duplicate key" in exc.value.message


@pytest.mark.parametrize("value", ['""', "null", "' '"])
def test_empty_id(tmp_path: Path, value: str) -> None:
    text = ORIGINAL.replace('  SC002: "604809109"', f"  SC002: {value}")
    with pytest.raises(ConfigError) as exc:
        load_mappings(config_with(tmp_path, text))
    assert f":{line_of(text, 'SC002')}:" in exc.value.message and "empty company id" in exc.value.message


def test_temporary_id_as_value(tmp_path: Path) -> None:
    text = ORIGINAL.replace(
        '  宣城城建城市运营管理有限公司: "1918884945"', "  宣城城建城市运营管理有限公司: INLHDM2XDMVY3K3VAO"
    )
    with pytest.raises(ConfigError) as exc:
        load_mappings(config_with(tmp_path, text))
    assert f":{line_of(text, '宣城')}:" in exc.value.message and "temporary id" in exc.value.message


def test_a_bad_file_stops_the_etl_run_with_exit_2(tmp_path: Path) -> None:
    import os

    from support.cli import run_in_process

    text = ORIGINAL.replace('  XNP467: "603968573"', '  XNP467: "603968573"\n  XNP466: "1"')
    config = config_with(tmp_path, text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WDH_")} | {
        "WDH_CONFIG_DIR": str(config),
        "WDH_DATA_ROOT": str(tmp_path),
        "WDH_VAR_DIR": str(tmp_path / "var"),
    }
    proc = run_in_process(["etl", "--domains", "annuity_performance", "--period", "202411"], cwd=tmp_path, env=env)
    assert proc.code == 2
    assert f"company_overrides.yml:{line_of(text, 'XNP466', 2)}: 按计划代码: duplicate key XNP466" in proc.stderr
