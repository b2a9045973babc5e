"""Keyword discovery anywhere below {YYYYMM}/收集数据/ (other-kinds.md §0): the platform
exclusions on every path, the highest version folder per folder, ambiguity as an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from work_data_hub.core.config.data_sources import DomainSource
from work_data_hub.core.discovery import discover
from work_data_hub.core.period import Period

PERIOD = Period.parse("202411")
SOURCE = DomainSource(
    base_path="{YYYYMM}/收集数据", file_patterns=("*团养缴费*",), sheets=("团养缴费",), recursive=True
)


def put(root: Path, relative: str) -> Path:
    path = root / "202411" / "收集数据" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not read by discovery")
    return path


def rel(root: Path, path: Path | None) -> str | None:
    return None if path is None else path.relative_to(root).as_posix()


def test_a_file_deep_below_collected_data_is_found(tmp_path: Path) -> None:
    chosen = put(tmp_path, "业务收集/团养/24年11月团养缴费明细.xls")
    put(tmp_path, "业务收集/团养/说明.xlsx")  # matches no pattern: ignored, not listed
    found = discover("group_pension_contributions", SOURCE, tmp_path, PERIOD)
    assert found.chosen == chosen and found.error is None
    assert found.version is None
    assert found.excluded == []


def test_exclusions_apply_to_every_path(tmp_path: Path) -> None:
    chosen = put(tmp_path, "业务收集/团养/24年11月团养缴费明细.xlsx")
    lock = put(tmp_path, "业务收集/团养/~$24年11月团养缴费明细.xlsx")
    written = put(tmp_path, "业务收集/已写入/24年10月团养缴费明细.xlsx")
    reply = put(tmp_path, "业务收集/团养/团养缴费-北京回复.xlsx")
    supplement = put(tmp_path, "业务收集/团养/团养缴费补充.xlsx")
    found = discover("group_pension_contributions", SOURCE, tmp_path, PERIOD)
    assert found.chosen == chosen
    reasons = {rel(tmp_path, e.path): e.reason for e in found.excluded}
    assert reasons == {
        rel(tmp_path, lock): "Office lock file",
        rel(tmp_path, written): "path contains 已写入",
        rel(tmp_path, reply): "reply workbook",
    }
    assert found.supplements == [supplement]


def test_the_highest_version_folder_wins_and_the_others_are_listed(tmp_path: Path) -> None:
    old = put(tmp_path, "业务收集/团养/V1/团养缴费.xlsx")
    new = put(tmp_path, "业务收集/团养/V2/团养缴费.xlsx")
    put(tmp_path, "业务收集/团养/V3/团养缴费-回复.xlsx")  # an ineligible file never makes V3 win
    found = discover("group_pension_contributions", SOURCE, tmp_path, PERIOD)
    assert found.chosen == new and found.version == "V2"
    assert any(e.path == old and e.reason == "superseded by V2" for e in found.excluded)


@pytest.mark.parametrize(("selection", "expected"), [(None, None), ("first", "a"), ("oldest", "a")])
def test_two_eligible_files_are_ambiguous(tmp_path: Path, selection: str | None, expected: str | None) -> None:
    a = put(tmp_path, "业务收集/团养/a团养缴费.xlsx")
    put(tmp_path, "财务数据/b团养缴费.xlsx")
    found = discover("group_pension_contributions", SOURCE, tmp_path, PERIOD, selection)  # type: ignore[arg-type]
    if expected is None:
        assert found.chosen is None
        assert found.error is not None and found.error.startswith("group_pension_contributions: 2 eligible files")
        assert "--file-selection" in found.error
    else:
        assert found.chosen == a


def test_nothing_found_names_the_folder_and_patterns(tmp_path: Path) -> None:
    put(tmp_path, "业务收集/团养/~$团养缴费.xlsx")
    found = discover("group_pension_contributions", SOURCE, tmp_path, PERIOD)
    assert found.chosen is None and found.error is not None
    assert found.error.startswith(
        "group_pension_contributions: no eligible file in 202411/收集数据 (patterns: *团养缴费*)"
    )
    assert "Office lock file" in found.error
    missing = discover("group_pension_contributions", SOURCE, tmp_path, Period.parse("202412"))
    assert missing.error == "group_pension_contributions: folder not found: 202412/收集数据"


def test_sheet_names_take_the_periods_year() -> None:
    budget = SOURCE.model_copy(update={"sheets": ("预算_{YYYY}", "#1")})
    assert budget.sheet_names(2024) == ["预算_2024", "#1"]
