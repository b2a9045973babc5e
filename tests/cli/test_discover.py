"""``discover``: the chosen file per domain, its version folder and sheets; why none; the
excluded files with their reasons under -v (issue 2 §3)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support.workbooks import clean_rows, place, workbook_name, write_ap

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "data"
EXPECTED = json.loads((REPO / "examples" / "EXPECTED.json").read_text(encoding="utf-8"))
FOLDER = "202411/收集数据/数据采集"


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_ap(tmp_path_factory.mktemp("book") / "b.xlsx", clean_rows("202411", n=3))


def test_json_on_the_example_month(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    expected = EXPECTED["periods"]["202411"]["workbooks"]["annuity"]
    result = cli(
        "discover", "--period", "202411", "--domains", "annuity_performance", "--data-root", str(EXAMPLES), "--json"
    )
    assert result.code == 0, result.stderr
    (found,) = result.json
    assert found["domain"] == "annuity_performance"
    assert found["chosen"] == expected["chosen"]
    assert found["version"] == "V2"
    assert found["folder"] == f"{FOLDER}/V2"
    assert found["sheets"] == ["规模明细"]
    assert found["error"] is None
    assert found["supplements"] == expected["supplements"]
    excluded = {e["file"]: e["reason"] for e in found["excluded"]}
    in_folder = {f: r for f, r in expected["excluded"].items() if f.startswith(FOLDER)}
    superseded = [f for f in expected["superseded"] if f.startswith(FOLDER)]
    assert superseded and all(f"{FOLDER}/V1/" in f for f in superseded)
    assert {f: excluded.pop(f) for f in superseded} == {f: "superseded by V2" for f in superseded}
    assert set(excluded) == set(in_folder)
    for file, reason in in_folder.items():
        assert excluded[file], file  # every excluded file carries a reason
        keyword = {"lock": "lock", "mail": "mail", "reply": "reply", "path": "已写入"}[reason.split()[0]]
        assert keyword in excluded[file]


def test_text_and_verbose(cli, data_root: Path, book: Path) -> None:  # type: ignore[no-untyped-def]
    chosen = place(data_root, "202411", book, version="V2")
    lock = place(data_root, "202411", book, version="V2", name="~$" + workbook_name("202411"))
    plain = cli("discover", "--period", "202411", "--domains", "annuity_performance")
    verbose = cli("discover", "--period", "202411", "--domains", "annuity_performance", "-v")
    assert plain.code == verbose.code == 0
    rel = chosen.relative_to(data_root).as_posix()
    assert plain.stdout.splitlines()[0] == f"annuity_performance: {rel} · version V2 · sheets 规模明细"
    excluded_line = f"excluded {lock.relative_to(data_root).as_posix()}: Office lock file"
    assert excluded_line not in plain.stdout
    assert excluded_line in verbose.stdout


def test_no_file_exits_1_and_says_why(cli, data_root: Path, book: Path) -> None:  # type: ignore[no-untyped-def]
    place(data_root, "202411", book, version="V1", name=workbook_name("202411").replace(".xlsx", "-回复.xlsx"))
    result = cli("discover", "--period", "202411", "--domains", "annuity_performance")
    assert result.code == 1
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("annuity_performance:")]
    assert "no file:" in line and "no eligible file in 202411/收集数据/数据采集" in line
    assert "*年金终稿数据*.xlsx" in line and "(reply workbook)" in line


def test_several_files_and_file_selection(cli, data_root: Path, book: Path) -> None:  # type: ignore[no-untyped-def]
    a = place(data_root, "202411", book, name=workbook_name("202411", "0101"))
    place(data_root, "202411", book, name=workbook_name("202411", "0102"))
    ambiguous = cli("discover", "--period", "202411", "--domains", "annuity_performance", "--json")
    first = cli(
        "discover", "--period", "202411", "--domains", "annuity_performance", "--file-selection", "first", "--json"
    )
    assert ambiguous.code == 1 and "2 eligible files" in ambiguous.json[0]["error"]
    assert first.code == 0 and first.json[0]["chosen"] == a.relative_to(data_root).as_posix()


def test_older_naming_and_nfd_names(cli, data_root: Path, book: Path) -> None:  # type: ignore[no-untyped-def]
    import unicodedata

    name = unicodedata.normalize("NFD", "【for年金分战区经营分析】24年11月年金终稿数据1209采集.xlsx")
    target = data_root / FOLDER / "V1" / name
    target.parent.mkdir(parents=True)
    shutil.copyfile(book, target)
    result = cli("discover", "--period", "202411", "--domains", "annuity_performance", "--json")
    assert result.code == 0
    assert result.json[0]["chosen"] == f"{FOLDER}/V1/{name}"


def test_every_domain_by_default_and_bad_arguments(cli, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    everything = cli("discover", "--period", "202411", "--json")
    listed = cli("domains", "--json")
    assert [d["domain"] for d in everything.json] == [d["domain"] for d in listed.json]
    assert everything.code == 1  # nothing delivered yet
    assert cli("discover", "--period", "11/2024").code == 2
    unknown = cli("discover", "--period", "202411", "--domains", "nope")
    assert unknown.code == 2 and "unknown domain 'nope'" in unknown.stderr
