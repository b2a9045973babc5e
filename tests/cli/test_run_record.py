"""Every run explains itself (issue 20): the run record behind ``runs`` / ``runs show``,
unchanged deliveries and ``--skip-unchanged``, ``reconcile``, the HTML report and the
unknown-companies list — on SQLite and PostgreSQL, the CLI run in-process."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import warehouse as wh
from support.etl import upgrade
from support.workbooks import clean_rows, set_cell, write_ap
from work_data_hub.cli.app import main
from work_data_hub.core.run_report.svg import amount

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self):  # type: ignore[no-untyped-def]
        return json.loads(self.stdout)


Wdh = Callable[..., Result]


@pytest.fixture
def wdh(tmp_path: Path, data_root: Path, warehouse_url: str, monkeypatch: pytest.MonkeyPatch) -> Wdh:
    """The CLI in this process, with a private var dir and warehouse."""
    for key, value in {
        "WDH_DATA_ROOT": str(data_root),
        "WDH_VAR_DIR": str(tmp_path / "var"),
        "WDH_DATABASE_URL": warehouse_url,
        "WDH_CONFIG_DIR": str(REPO / "config"),
    }.items():
        monkeypatch.setenv(key, value)
    upgrade(warehouse_url)

    def run(*args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
        return Result(code, out.getvalue(), err.getvalue())

    return run


def month_after(rows: list[list[object]], period: str) -> list[list[object]]:
    """The next month of the same portfolios: its opening stock is the closing stock of
    ``rows`` (so the two months reconcile), its closing stock 1 % higher."""
    header = rows[0]
    opening, closing, month = header.index("期初资产规模"), header.index("期末资产规模"), header.index("月度")
    out = [list(header)]
    for r in rows[1:]:
        nxt = list(r)
        nxt[month] = int(period)
        nxt[opening] = r[closing]
        nxt[closing] = round(float(r[closing]) * 1.01, 2)  # type: ignore[arg-type]
        out.append(nxt)
    return out


def bump(rows: list[list[object]], excel_row: int, by: float) -> list[list[object]]:
    column = rows[0].index("期初资产规模")
    return set_cell(rows, excel_row, "期初资产规模", round(float(rows[excel_row - 1][column]) + by, 2))  # type: ignore[arg-type]


@pytest.fixture
def books(tmp_path: Path) -> dict[str, Path]:
    october = clean_rows("202410", n=8, seed=3)
    november = month_after(october, "202411")
    folder = tmp_path / "books"
    return {
        "oct": write_ap(folder / "oct.xlsx", october),
        "oct_rejecting": write_ap(folder / "oct_rejecting.xlsx", set_cell(october, 6, "期末资产规模", "约3万")),
        "nov": write_ap(folder / "nov.xlsx", november),
        # Rows 4 and 6 (Excel numbering) open above October's close.
        "nov_bumped": write_ap(folder / "nov_bumped.xlsx", bump(bump(november, 4, 100.5), 6, 7.25)),
    }


def etl(wdh: Wdh, period: str, book: Path, *extra: str) -> Result:
    return wdh(
        "etl", "--domains", "annuity_performance", "--period", period, "--file", str(book), "--execute",
        "--max-rejected", "100%", *extra,
    )  # fmt: skip


def test_runs_show_records_files_counts_warnings_and_code(wdh: Wdh, books: dict[str, Path]) -> None:
    loaded = etl(wdh, "202410", books["oct_rejecting"], "--json")
    assert loaded.code == 0, loaded.stderr
    run_id = loaded.json["run_id"]

    shown = wdh("runs", "show", run_id, "--json")
    assert shown.code == 0, shown.stderr
    record = shown.json
    assert (record["run_id"], record["status"], record["periods"]) == (run_id, "ok", ["202410"])
    assert re.fullmatch(r"0\.1\.0\+[0-9a-f]{12}", record["code_version"])
    assert record["options"]["max_rejected"] == "100%" and record["options"]["skip_unchanged"] is False
    (domain,) = record["domains"]
    book = books["oct_rejecting"]
    assert domain["file"] == book.as_posix()
    assert domain["file_size"] == book.stat().st_size
    assert domain["sha256"] == hashlib.sha256(book.read_bytes()).hexdigest()
    mtime = dt.datetime.fromtimestamp(book.stat().st_mtime).replace(microsecond=0)
    assert dt.datetime.fromisoformat(domain["file_mtime"]) == mtime
    assert domain["sheets"] == ["规模明细"]
    assert (domain["rows_read"], domain["rows_rejected"], domain["rows_inserted"]) == (8, 1, 7)
    assert domain["counters"]["rejected_by_reason"] == {"期末资产规模 not a number: '约3万'": 1}
    assert Path(domain["rejected_file"]).is_file()
    assert domain["code_version"] == record["code_version"]
    assert domain["warnings"] == loaded.json["domains"][0]["warnings"]

    text = wdh("runs", "show", run_id)
    assert text.code == 0
    assert f"run {run_id} · ok · period 202410" in text.stdout
    assert f"sha256 {domain['sha256']}" in text.stdout
    assert "rejected 1: 期末资产规模 not a number: '约3万'" in text.stdout

    unknown = wdh("runs", "show", "nope")
    assert unknown.code == 2 and unknown.stderr.startswith("error: no run nope recorded in ")


def test_a_failed_domain_makes_the_run_failed(wdh: Wdh, books: dict[str, Path], warehouse_url: str) -> None:
    failed = etl(wdh, "202410", books["oct_rejecting"], "--max-rejected", "0", "--json")
    assert failed.code == 1
    listed = wdh("runs", "--json").json
    assert [(r["run_id"], r["status"]) for r in listed] == [(failed.json["run_id"], "failed")]
    table = wh.qualified(warehouse_url, "wdh", "run_record")
    assert wh.rows(warehouse_url, f"SELECT status, finished_at IS NOT NULL FROM {table}") == [("failed", True)]


def test_an_unchanged_delivery_is_reported_and_skipped_with_skip_unchanged(
    wdh: Wdh, books: dict[str, Path], warehouse_url: str
) -> None:
    first = etl(wdh, "202410", books["oct"], "--json")
    again = etl(wdh, "202410", books["oct"])
    assert again.code == 0, again.stderr
    assert f"annuity_performance: unchanged since {first.json['run_id']} (same file and code)" in again.stdout
    assert "deleted 8 · inserted 8" in again.stdout  # without the flag it is loaded again

    skipped = etl(wdh, "202410", books["oct"], "--skip-unchanged", "--json")
    assert skipped.code == 0, skipped.stderr
    (run,) = skipped.json["domains"]
    assert (run["status"], run["rows_deleted"], run["rows_inserted"]) == ("skipped", 0, 0)
    assert run["unchanged_since"] is not None
    assert f"unchanged since {run['unchanged_since']}: skipped (--skip-unchanged)" in run["warnings"]
    assert wh.ap_counts(warehouse_url) == {"2024-10-01": 8}
    statuses = [r["status"] for r in wh.ledger(warehouse_url)]
    assert statuses == ["ok", "ok", "skipped"]

    # Another file for the month is not unchanged: --skip-unchanged loads it.
    other = etl(wdh, "202410", books["nov"], "--skip-unchanged", "--json")
    assert other.json["domains"][0]["unchanged_since"] is None


def test_reconcile_compares_opening_with_the_previous_closing(wdh: Wdh, books: dict[str, Path]) -> None:
    assert etl(wdh, "202410", books["oct"]).code == 0
    first = wdh("reconcile", "--period", "202410", "--json")
    assert first.code == 0 and first.json[0]["status"] == "no previous month"

    assert etl(wdh, "202411", books["nov"]).code == 0
    agreed = wdh("reconcile", "--period", "202411", "--json")
    assert agreed.code == 0, agreed.stdout
    (rec,) = agreed.json
    assert (rec["status"], rec["keys_differing"], rec["largest"]) == ("ok", 0, [])
    assert rec["keys_compared"] >= 1 and all(t["ok"] for t in rec["totals"])

    bumped = etl(wdh, "202411", books["nov_bumped"], "--json")
    assert bumped.code == 0  # a month that does not reconcile loads, with a warning
    (run,) = bumped.json["domains"]
    assert run["counters"]["reconciliation"]["status"] == "differs"
    assert any(
        w.startswith("reconciliation: 期初资产规模 of 202411 against 期末资产规模 of 202410") for w in run["warnings"]
    )

    result = wdh("reconcile", "--period", "202411", "--json")
    assert result.code == 1
    (rec,) = result.json
    rows = clean_rows("202410", n=8, seed=3)
    header = rows[0]
    plan, business = header.index("计划代码"), header.index("业务类型")
    assert [(k["key"]["计划代码"], k["difference"]) for k in rec["largest"]] == [
        (rows[3][plan], 100.5),
        (rows[5][plan], 7.25),
    ]
    differing = {t["group"]: t["difference"] for t in rec["totals"] if not t["ok"]}
    expected: dict[str, float] = {}
    for row, by in ((rows[3], 100.5), (rows[5], 7.25)):
        expected[str(row[business])] = round(expected.get(str(row[business]), 0.0) + by, 2)
    assert {k: round(v, 2) for k, v in differing.items()} == expected

    text = wdh("reconcile", "--period", "202411", "--largest", "1")
    assert text.code == 1
    lines = text.stdout.splitlines()
    assert lines[0].startswith("annuity_performance 202411: differs · ")
    assert [line.split(" · ")[0].strip() for line in lines if line.startswith("    计划代码=")] == [
        f"计划代码={rows[3][plan]} 组合代码={rows[3][header.index('组合代码')] or '-'} "
        f"company_id={rec['largest'][0]['key']['company_id']}"
    ]
    default = wdh("reconcile", "--period", "202411").stdout
    assert sum(1 for line in default.splitlines() if line.startswith("    计划代码=")) == 2
    assert wdh("reconcile", "--period", "202411", "--domains", "annual_award").code == 2


def _temp_id_rows(url: str, month: str) -> tuple[int, float]:
    """Rows of the month stored with a temporary company id, and their 期末资产规模."""
    where = f"company_id LIKE 'IN%' AND {wh.month_key(url)} = :m"
    found = wh.rows(url, f'SELECT COUNT(*), SUM("期末资产规模") FROM {wh.ap_table(url)} WHERE {where}', m=month)
    return int(found[0][0]), float(found[0][1] or 0)


def test_the_run_writes_a_self_contained_report_and_the_unknown_companies(
    wdh: Wdh, books: dict[str, Path], warehouse_url: str, tmp_path: Path
) -> None:
    assert etl(wdh, "202410", books["oct"]).code == 0
    loaded = etl(wdh, "202411", books["nov_bumped"])
    assert loaded.code == 0, loaded.stderr
    run_id = re.search(r"^run (\S+) ", loaded.stdout, re.M).group(1)  # type: ignore[union-attr]
    report = tmp_path / "var" / "reports" / f"{run_id}.html"
    unknown = tmp_path / "var" / "reports" / f"{run_id}-unknown-companies.csv"
    assert f"report: {report.as_posix()}" in loaded.stdout.splitlines()
    assert f"unknown companies: {unknown.as_posix()}" in loaded.stdout.splitlines()

    page = report.read_text(encoding="utf-8")
    # Self-contained: nothing to fetch, nothing to run.
    assert "<script" not in page and "<link" not in page and " src=" not in page and " href=" not in page
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"] * page.count("<svg")
    cell = re.search(r'data-field="rows_inserted" data-key="annuity_performance-202411">(\d+)<', page)
    assert cell is not None and cell.group(1) == "8"
    charts = re.findall(r'<svg id="([^"]+)" class="chart".*?</svg>', page, re.S)
    assert charts == [
        "chart-rows",
        "chart-rejected",
        "chart-annuity_performance-业务类型",
        "chart-annuity_performance-机构名称",
    ]
    for body in re.findall(r'<svg id="[^"]+" class="chart".*?</svg>', page, re.S):
        assert 'class="mark"' in body
    assert "last 2 loaded months" in page
    assert "totals differ for" in page and "largest differences" in page

    with unknown.open(encoding="utf-8-sig", newline="") as fh:
        listed = list(csv.DictReader(fh))
    assert list(listed[0]) == ["name", "temporary_id", "domain", "period", "rows", "measure", "amount"]
    counts = [int(r["rows"]) for r in listed]
    assert counts == sorted(counts, reverse=True)
    rows, unknown_amount = _temp_id_rows(warehouse_url, "2024-11-01")
    assert rows > 0 and sum(counts) == rows
    assert sum(float(r["amount"]) for r in listed) == pytest.approx(unknown_amount, abs=0.01)
    assert {r["measure"] for r in listed} == {"期末资产规模"}
    assert f"{len(listed)} names, most frequent first" in page
    # The workbook's total of the monitored measure is kept and shown beside the counts.
    (domain,) = wdh("runs", "show", run_id, "--json").json["domains"]
    stored = wh.scalar(
        warehouse_url,
        f'SELECT SUM("期末资产规模") FROM {wh.ap_table(warehouse_url)} WHERE {wh.month_key(warehouse_url)} = :m',
        m="2024-11-01",
    )
    total = domain["counters"]["measure_total"]
    assert total["column"] == "期末资产规模" and total["total"] == pytest.approx(float(stored), abs=0.01)
    assert f'<td class="n">期末资产规模 {amount(total["total"])}</td>' in page

    report.unlink()
    again = wdh("runs", "show", run_id, "--html")
    assert again.code == 0 and again.stdout.strip() == f"report: {report.as_posix()}"
    rewritten = report.read_text(encoding="utf-8")
    assert re.search(r'data-field="rows_inserted" data-key="annuity_performance-202411">8<', rewritten)
    assert "chart-annuity_performance-机构名称" in rewritten
