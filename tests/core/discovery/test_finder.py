"""Version-folder and file choice (issue 2 §3, spec annuity_performance §1)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from support.workbooks import clean_rows, collect_folder, place, workbook_name, write_ap
from work_data_hub.core.config.data_sources import DomainSource, load_data_sources
from work_data_hub.core.discovery import discover
from work_data_hub.core.errors import DiscoveryError
from work_data_hub.core.period import Period

REPO = Path(__file__).resolve().parents[3]
PERIOD = Period.parse("202411")


@pytest.fixture(scope="module")
def source() -> DomainSource:
    return load_data_sources(REPO / "config" / "data_sources.yml")["annuity_performance"]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small real workbook, copied wherever a test needs an eligible file."""
    path = tmp_path_factory.mktemp("book") / "book.xlsx"
    return write_ap(path, clean_rows("202411", n=3))


def put(root: Path, book: Path, version: str | None, name: str | None = None) -> Path:
    return place(root, "202411", book, version=version, name=name)


def test_highest_numbered_version_wins_numerically(tmp_path: Path, source: DomainSource, book: Path) -> None:
    for v in ("V1", "V2", "V9", "V10"):
        put(tmp_path, book, v)
    found = discover("annuity_performance", source, tmp_path, PERIOD)
    assert found.version == "V10"
    assert found.chosen == collect_folder(tmp_path, "202411") / "V10" / workbook_name("202411")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("~$" + workbook_name("202411"), "lock"),
        ("转发：" + workbook_name("202411").removesuffix(".xlsx") + ".eml", "mail"),
        (workbook_name("202411").removesuffix(".xlsx") + "-深圳分公司回复.xlsx", "reply"),
        (workbook_name("202411").removesuffix(".xlsx") + "-已写入.xlsx", "已写入"),
        (workbook_name("202411").removesuffix(".xlsx") + "-补充企年投资收入.xlsx", None),
    ],
)
def test_folder_with_only_an_ineligible_file_does_not_win(
    tmp_path: Path, source: DomainSource, book: Path, name: str, reason: str | None
) -> None:
    put(tmp_path, book, "V1")
    put(tmp_path, book, "V2", name=name)
    found = discover("annuity_performance", source, tmp_path, PERIOD)
    assert found.version == "V1"
    assert found.chosen is not None and found.chosen.parent.name == "V1"
    rel = f"202411/收集数据/数据采集/V2/{name}"
    if reason is None:
        assert [found.rel(p) for p in found.supplements] == [rel]
    else:
        reasons = {found.rel(e.path): e.reason for e in found.excluded}
        assert reason in reasons[rel]


def test_files_in_a_yi_xie_ru_folder_are_excluded_each_by_name(
    tmp_path: Path, source: DomainSource, book: Path
) -> None:
    inside = put(tmp_path, book, "已写入")
    found = discover("annuity_performance", source, tmp_path, PERIOD)
    assert found.chosen is None
    reasons = {found.rel(e.path): e.reason for e in found.excluded}
    assert reasons == {found.rel(inside): "path contains 已写入"}
    assert f"{found.rel(inside)} (path contains 已写入)" in (found.error or "")


def test_no_eligible_version_folder_falls_back_to_base(tmp_path: Path, source: DomainSource, book: Path) -> None:
    put(tmp_path, book, None)
    put(tmp_path, book, "V3", name="~$" + workbook_name("202411"))
    found = discover("annuity_performance", source, tmp_path, PERIOD)
    assert found.version is None
    assert found.chosen == collect_folder(tmp_path, "202411") / workbook_name("202411")


def test_zero_files_names_folder_patterns_and_each_excluded_file(
    tmp_path: Path, source: DomainSource, book: Path
) -> None:
    lock = "~$" + workbook_name("202411")
    reply = workbook_name("202411").removesuffix(".xlsx") + "-回复.xlsx"
    put(tmp_path, book, "V1", name=lock)
    put(tmp_path, book, "V1", name=reply)
    put(tmp_path, book, "V1", name="unrelated.txt")
    found = discover("annuity_performance", source, tmp_path, PERIOD)
    with pytest.raises(DiscoveryError) as err:
        found.require()
    message = str(err.value)
    assert "202411/收集数据/数据采集" in message
    for pattern in source.file_patterns:
        assert pattern in message
    assert f"V1/{lock} (Office lock file)" in message
    assert f"V1/{reply} (reply workbook)" in message


def test_missing_period_folder_is_reported(tmp_path: Path, source: DomainSource) -> None:
    found = discover("annuity_performance", source, tmp_path, PERIOD)
    assert found.chosen is None
    assert "folder not found: 202411/收集数据/数据采集" in (found.error or "")


def test_several_eligible_files_are_listed(tmp_path: Path, source: DomainSource, book: Path) -> None:
    a = put(tmp_path, book, "V2", name=workbook_name("202411", "0109"))
    b = put(tmp_path, book, "V2", name=workbook_name("202411", "0116"))
    found = discover("annuity_performance", source, tmp_path, PERIOD)
    with pytest.raises(DiscoveryError) as err:
        found.require()
    message = str(err.value)
    assert "2 eligible files" in message
    assert found.rel(a) in message and found.rel(b) in message
    assert "--file-selection" in message


@pytest.mark.parametrize(("selection", "expected"), [("newest", "B"), ("oldest", "C"), ("first", "A")])
def test_file_selection(tmp_path: Path, source: DomainSource, book: Path, selection: str, expected: str) -> None:
    # Names sort A < B < C; modification times order them C (oldest) < A < B (newest).
    names = {k: workbook_name("202411", tag) for k, tag in (("A", "0101"), ("B", "0102"), ("C", "0103"))}
    paths = {k: put(tmp_path, book, "V1", name=n) for k, n in names.items()}
    for key, stamp in (("C", 1_700_000_000), ("A", 1_700_000_100), ("B", 1_700_000_200)):
        os.utime(paths[key], (stamp, stamp))
    found = discover("annuity_performance", source, tmp_path, PERIOD, selection)  # type: ignore[arg-type]
    assert found.chosen == paths[expected]


@pytest.mark.parametrize(("pattern_form", "name_form"), [("NFC", "NFD"), ("NFD", "NFC")])
def test_nfc_and_nfd_names_match(tmp_path: Path, book: Path, pattern_form: str, name_form: str) -> None:
    # macOS and some zip tools store names decomposed (é as e + U+0301).
    assert unicodedata.normalize("NFD", "é") != "é"
    source = DomainSource(
        base_path="{YYYYMM}/收集数据/数据采集",
        file_patterns=(unicodedata.normalize(pattern_form, "*Café规模收入数据*.xlsx"),),  # type: ignore[arg-type]
        sheets=("规模明细",),
    )
    name = unicodedata.normalize(name_form, "24年11月Café规模收入数据.xlsx")  # type: ignore[arg-type]
    put(tmp_path, book, "V1", name=name)
    found = discover("annuity_performance", source, tmp_path, PERIOD)
    assert found.chosen is not None and found.chosen.name == name


def test_older_final_data_naming_is_found(tmp_path: Path, source: DomainSource, book: Path) -> None:
    name = "【for年金分战区经营分析】24年11月年金终稿数据1209采集.xlsx"
    put(tmp_path, book, "V1", name=name)
    found = discover("annuity_performance", source, tmp_path, PERIOD)
    assert found.chosen is not None and found.chosen.name == name


def test_version_folders_are_ignored_when_strategy_is_none(tmp_path: Path, book: Path) -> None:
    source = DomainSource(
        base_path="{YYYYMM}/收集数据/数据采集",
        file_patterns=("*年金规模收入数据*.xlsx",),
        sheets=("规模明细",),
        version_strategy="none",
    )
    put(tmp_path, book, "V5")
    base = put(tmp_path, book, None)
    found = discover("annuity_performance", source, tmp_path, PERIOD)
    assert found.chosen == base and found.version is None
