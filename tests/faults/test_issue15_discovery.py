"""Issue 15, discovery and periods: version folders as operators write them (15.16), period
ranges over months without folders (15.14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.workbooks import clean_rows, collect_folder, place
from work_data_hub.core.discovery.finder import version_number


@pytest.mark.parametrize("name", ["V4", "v4", "Ｖ４", "V4 ", " ｖ4"])
def test_15_16_version_folder_spellings_are_version_4(name: str) -> None:
    assert version_number(name) == 4


@pytest.mark.parametrize("name", ["V4-修订", "V4.1", "Version4", "V"])
def test_15_16_other_folder_names_are_no_version(name: str) -> None:
    assert version_number(name) is None


def test_15_16_discover_lists_odd_folders_and_etl_warns_of_a_newer_looking_one(
    cli, warehouse_url: str, data_root: Path
) -> None:
    rows = clean_rows("202411", 10, seed=2)
    place(data_root, "202411", rows, version="V3")
    chosen = place(data_root, "202411", rows, version="Ｖ４")
    place(data_root, "202411", rows, version="V5-修订")
    (collect_folder(data_root, "202411") / "V6").symlink_to(data_root / "nowhere")

    found = cli("discover", "--domains", "annuity_performance", "--period", "202411", "-v")

    assert found.code == 0, found.stdout + found.stderr
    lines = found.stdout.splitlines()
    assert any(chosen.name in ln and "Ｖ４" in ln and "version V4" in ln for ln in lines), found.stdout
    assert any("excluded" in ln and "V5-修订" in ln and "not a version folder name" in ln for ln in lines), lines
    assert any("excluded" in ln and "V6" in ln and "broken symbolic link" in ln for ln in lines), lines

    run = cli("etl", "--domains", "annuity_performance", "--period", "202411")

    assert run.code == 0, run.stdout + run.stderr
    warnings = [ln for ln in run.stdout.splitlines() if ln.startswith("annuity_performance: warning: ")]
    assert any("V5-修订 looks like a newer version" in w and "V4 used" in w for w in warnings), run.stdout
