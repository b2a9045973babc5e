"""The contributions and health domains through the CLI (issue 17): files found by keyword
anywhere below 收集数据/ with `discover -v` saying why others were not chosen; a text export
named .csv loads like the .xls one, with company ids by name; a file that is no readable
format fails its domain with one line and leaves the warehouse as it was."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from support import tables
from support.contribution_rows import cells
from support.etl import upgrade
from support.samples import month
from support.warehouse import connect, qualified
from work_data_hub.core.domains.group_pension_contributions.sample import HEADER
from work_data_hub.core.samples.text_writer import write_text_export

DOMAINS = ["group_pension_contributions", "health_contributions", "health_pension_part", "health_insurance_part"]
GROUP = "group_pension_contributions"
COLLECTED = "202411/收集数据"
ROWS = [
    HEADER,
    cells(
        "JF20241100007 | TY48213 | 江苏恒通电力有限公司（已转出） | 深圳分公司 | 平安如意团体养老保障管理产品 | "
        "2024/11/1 | 2024/11/30 | 12,580.40 | 3100.2 | 15680.6 | 2024/11/12 | 15680.6 | 已到账 | 否 | "
        "2024/11/12 | 2024/11/5 | 线上平台"
    ),
    [None] * len(HEADER),
    cells(
        "JF20241100008 | TY50021 | 湖北楚天建设有限公司 | 湖北 | 平安如意团体养老保障管理产品 | 2024/11/1 | "
        "2024/11/30 | 8000 | 2000 | 10000 |  |  | 未到账 | 是 | 2024/11/20 | 2024/11/18 | 柜面"
    ),
]


def etl(cli, root: Path, *flags: str):  # type: ignore[no-untyped-def]
    return cli("etl", "--domains", GROUP, "--period", "202411", "--data-root", str(root), "--json", *flags)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_discover_verbose_below_collected_data(cli, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    layout = month(data_root, "202411", seed=7, domains=DOMAINS)
    export = data_root / layout.domains[GROUP].file
    old = data_root / COLLECTED / "业务收集" / "已写入" / "24年10月团养缴费明细.xls"
    old.parent.mkdir(parents=True)
    shutil.copy(export, old)
    reply = data_root / COLLECTED / "财务数据" / "团养缴费-北京回复.xls"
    reply.parent.mkdir(parents=True)
    shutil.copy(export, reply)

    result = cli("discover", "--period", "202411", "--domains", ",".join(DOMAINS), "-v")
    assert result.code == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    book = f"{COLLECTED}/业务收集/企康/24年11月企康缴费数据.xlsx"
    assert f"{GROUP}: {COLLECTED}/业务收集/团养/24年11月团养缴费明细.xls · version - · sheets 团养缴费" in lines
    assert f"health_contributions: {book} · version - · sheets 企康缴费" in lines
    assert f"health_pension_part: {book} · version - · sheets 养老险" in lines
    assert f"health_insurance_part: {book} · version - · sheets 健康险" in lines
    assert f"{GROUP}:   excluded {COLLECTED}/业务收集/已写入/24年10月团养缴费明细.xls: path contains 已写入" in lines
    assert f"{GROUP}:   excluded {COLLECTED}/财务数据/团养缴费-北京回复.xls: reply workbook" in lines
    assert f"{GROUP}:   excluded {COLLECTED}/业务收集/团养/~$24年11月团养缴费明细.xls: Office lock file" in lines


def _stored(url: str) -> list[tuple[object, ...]]:
    schema, table = tables.TABLES[GROUP]
    with connect(url) as conn:
        listed = '"缴费批次号", "企业名称", "company_id", "机构代码", "到账金额"'
        query = f"SELECT {listed} FROM {qualified(url, schema, table)}"
        return sorted(tuple(r) for r in conn.execute(sa.text(query + ' ORDER BY "缴费批次号"')))


def test_a_csv_named_export_loads_and_a_utf8_csv_fails_with_one_line(  # type: ignore[no-untyped-def]
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:
    upgrade(warehouse_url)
    path = write_text_export(data_root / COLLECTED / "业务收集" / "团养" / "24年11月团养缴费明细.csv", ROWS)
    first = etl(cli, data_root, "--execute")
    assert first.code == 0, first.stdout + first.stderr
    (run,) = first.json["domains"]
    assert (run["rows_read"], run["rows_blank"], run["rows_rejected"], run["rows_inserted"]) == (2, 1, 0, 2)
    stored = _stored(warehouse_url)
    assert [(r[0], r[1], r[3]) for r in stored] == [
        ("JF20241100007", "江苏恒通电力有限公司", "G05"),
        ("JF20241100008", "湖北楚天建设有限公司", "G09"),
    ]
    assert all(r[2] for r in stored)  # a company id by name for every row (CID-N)
    assert stored[1][4] is None
    assert Decimal(str(stored[0][4])) == Decimal("15680.6")  # NUMERIC on PostgreSQL, a number on SQLite

    path.write_text("缴费批次号,企业名称\nJF1,甲公司\n", encoding="utf-8")
    failed = etl(cli, data_root, "--execute")
    assert failed.code == 1
    (run,) = failed.json["domains"]
    assert run["status"] == "failed" and "\n" not in run["error"]
    assert run["error"].endswith(
        "24年11月团养缴费明细.csv: not a readable Excel workbook or UTF-16 text export: a CSV text file, not an Excel "
        "workbook: it is UTF-8 (or ASCII) "
        "text, not UTF-16; save it as .xlsx or as Excel 'Unicode text'"
    )
    assert _stored(warehouse_url) == stored
