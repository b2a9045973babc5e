"""`reference import TABLE FILE` (issue 18) in-process on SQLite and PostgreSQL: an operator's
.csv or .xlsx upserted by key in one transaction with a summary of inserted / updated /
unchanged rows; the dry run (no --execute) writes nothing; a bad file (unknown or missing
column, a rejected row, a duplicate key, an unknown branch code) names its file, sheet, row
and column, exits 1 and leaves the warehouse as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support.domain_rows import stored
from support.etl import upgrade
from work_data_hub.cli.app import main
from work_data_hub.core.samples.writer import write_workbook


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, dict[str, Any], str]:
    capsys.readouterr()
    code = main(["reference", "import", *args, "--database-url", url, "--json"])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if out.out.strip() else {}), out.err


def csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8-sig")
    return path


def products(url: str) -> list[tuple[Any, ...]]:
    return stored(url, "mapping", "产品明细", ["产品ID", "父产品ID", "产品明细"])


def test_dry_run_then_execute_then_an_update_counts_inserted_updated_unchanged(
    backend: str, warehouse_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(warehouse_url)
    first = csv(tmp_path / "产品明细.csv", "产品ID,父产品ID,产品明细\nP01,,单一计划受托\n\nP02,P01,集合计划受托\n")
    code, dry, _ = run(capsys, warehouse_url, "mapping.产品明细", str(first))
    assert code == 0 and (dry["inserted"], dry["rows_blank"], dry["status"], dry["written"]) == (2, 1, "dry-run", False)
    assert products(warehouse_url) == []  # the dry run wrote nothing

    code, done, _ = run(capsys, warehouse_url, "mapping.产品明细", str(first), "--execute")
    assert code == 0 and (done["inserted"], done["updated"], done["unchanged"]) == (2, 0, 0)
    assert products(warehouse_url) == [("P01", None, "单一计划受托"), ("P02", "P01", "集合计划受托")]

    second = csv(tmp_path / "v2.csv", "产品ID,产品明细\nP01,单一计划受托\nP02,集合计划受托(新)\nP03,职业年金受托\n")
    code, dry, _ = run(capsys, warehouse_url, "mapping.产品明细", str(second))
    assert (dry["inserted"], dry["updated"], dry["unchanged"]) == (1, 1, 1)
    assert len(products(warehouse_url)) == 2
    code, done, _ = run(capsys, warehouse_url, "mapping.产品明细", str(second), "--execute")
    assert code == 0 and (done["inserted"], done["updated"], done["unchanged"]) == (1, 1, 1)
    # Only the file's columns change: 父产品ID of P02 is kept.
    assert products(warehouse_url) == [
        ("P01", None, "单一计划受托"), ("P02", "P01", "集合计划受托(新)"), ("P03", None, "职业年金受托"),
    ]  # fmt: skip


def test_an_xlsx_into_the_portfolio_table_with_typed_cells(
    backend: str, warehouse_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(warehouse_url)
    book = write_workbook(
        tmp_path / "组合计划.xlsx",
        {
            "组合": [
                ["组合代码", "年金计划号", "组合名称", "组合状态", "运作开始日", "是否存款组合 "],
                ["5120", "XNP4821", "华润电子平安组合", "运作中", "2015/6/1", 0],
                ["I44X7781", "P9999", "虚拟组合", "虚拟", None, None],
            ],
            "说明": [["只读第一个工作表"]],
        },
    )
    code, done, _ = run(capsys, warehouse_url, "mapping.组合计划", str(book), "--execute")
    assert code == 0 and done["inserted"] == 2 and done["sheet"] == "组合", (done, _)
    columns = ["组合代码", "年金计划号", "组合状态", "运作开始日", "是否存款组合"]
    got = stored(warehouse_url, "mapping", "组合计划", columns, "WHERE 组合代码 NOT LIKE 'QTAN%'")  # not the seed
    assert got == [("5120", "XNP4821", "运作中", "2015-06-01", 0), ("I44X7781", "P9999", "虚拟", None, None)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("产品ID,产品名\nP01,x\n", "sheet (csv): column 产品名 is not a column of mapping.产品明细"),
        ("父产品ID,产品明细\nP01,x\n", "sheet (csv): missing required column(s) 产品ID of mapping.产品明细"),
    ],
)
def test_a_file_whose_columns_do_not_fit_the_table_fails_with_one_message(
    backend: str, warehouse_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    upgrade(warehouse_url)
    path = csv(tmp_path / "bad.csv", text)
    capsys.readouterr()
    code = main(["reference", "import", "mapping.产品明细", str(path), "--database-url", warehouse_url, "--execute"])
    err = capsys.readouterr().err
    assert code == 1 and f"{path.as_posix()}: {message}" in err and len(err.strip().splitlines()) == 1
    assert products(warehouse_url) == []


def test_rejected_rows_are_listed_with_reasons_and_nothing_is_written(
    backend: str, warehouse_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(warehouse_url)
    path = csv(
        tmp_path / "组合.csv",
        "组合代码,年金计划号,运作开始日,是否存款组合\nA1,P1,2015/6/1,0\nA2,P2,十一月,0\nA1,P3,,1\n,P4,,\nA5,P5,,1.5\n",
    )
    code, report, _ = run(capsys, warehouse_url, "mapping.组合计划", str(path), "--execute")
    assert code == 1 and report["status"] == "rejected" and report["written"] is False
    assert report["rejected"] == [
        {"row": 3, "reason": "运作开始日 not a date: '十一月'"},
        {"row": 4, "reason": "duplicate key, first in row 2"},
        {"row": 5, "reason": "组合代码 missing"},
        {"row": 6, "reason": "是否存款组合 not a whole number: '1.5'"},
    ]
    assert report["warnings"] == [
        f"{path.as_posix()}: sheet (csv): row 3: 运作开始日 not a date: '十一月'; nothing written"
    ]
    assert stored(warehouse_url, "mapping", "组合计划", ["组合代码"]) == [("QTAN001",), ("QTAN002",), ("QTAN003",)]


def test_branch_attributes_only_for_known_codes_and_no_temporary_customer_ids(
    backend: str, warehouse_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(warehouse_url)
    good = csv(tmp_path / "组织.csv", "机构代码,机构,年金中心,战区\nG01,北京,北京年金中心,北区\n")
    code, done, _ = run(capsys, warehouse_url, "mapping.组织架构", str(good), "--execute")
    assert code == 0 and done["updated"] == 1
    assert done["warnings"] == ["column 机构 left as stored (only attributes are imported)"]
    assert stored(warehouse_url, "mapping", "组织架构", ["机构", "年金中心", "战区"], "WHERE 机构代码 = 'G01'") == [
        ("北京", "北京年金中心", "北区")
    ]

    unknown = csv(tmp_path / "组织2.csv", "机构代码,战区\nG01,南区\nG99,东区\n")
    capsys.readouterr()
    code = main(["reference", "import", "mapping.组织架构", str(unknown), "--database-url", warehouse_url, "--execute"])
    assert code == 1 and "unknown 机构代码 G99" in capsys.readouterr().err
    assert stored(warehouse_url, "mapping", "组织架构", ["战区"], "WHERE 机构代码 = 'G01'") == [
        ("北区",)
    ]  # G01 unchanged too

    customers = csv(tmp_path / "客户.csv", "company_id,客户名称\n600123456,甲有限公司\nIN7ZQKXW3M2N4P5R6T,乙有限公司\n")
    code, report, _ = run(capsys, warehouse_url, "customer.客户明细", str(customers), "--execute")
    assert code == 1 and report["rejected"] == [{"row": 3, "reason": "company_id is a temporary IN… id (never loaded)"}]
    assert stored(warehouse_url, "customer", "客户明细", ["company_id"]) == []


def test_an_unknown_table_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = csv(tmp_path / "x.csv", "a\n1\n")
    code = main(["reference", "import", "mapping.产品线", str(path), "--database-url", f"sqlite:///{tmp_path}/w.db"])
    assert code == 2 and "unknown table 'mapping.产品线'" in capsys.readouterr().err
    assert not (tmp_path / "w.db").exists()
