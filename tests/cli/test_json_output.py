"""`--json` on every command that prints a result (db upgrade, db current, db check,
sample-data), the `{"error", "exit_code"}` object when a run cannot start, and the
`invoke etl` task printing the exact CLI command it runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from invoke import MockContext, Result

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.new_warehouse
def test_db_upgrade_and_current_json(cli) -> None:  # type: ignore[no-untyped-def]
    behind = cli("db", "current", "--json")
    assert behind.code == 1, behind.stderr
    before = behind.json
    assert before["applied"] == [] and before["latest"] and before["current"] is False
    upgraded = cli("db", "upgrade", "--json")
    assert upgraded.code == 0, upgraded.stderr
    assert upgraded.json["before"] == [] and upgraded.json["after"] == before["latest"]
    now = cli("db", "current", "--json")
    assert now.code == 0 and now.json["applied"] == now.json["latest"] and now.json["current"] is True
    checked = cli("db", "check", "--json")
    assert checked.code == 0 and checked.json["differences"] == []


@pytest.mark.parametrize("backend", ["sqlite"])
def test_text_output_without_json_is_not_json(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("db", "upgrade")
    assert result.code == 0 and result.stdout.startswith("database ")


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["etl", "--domains", "no_such_domain", "--period", "202411", "--json"], 2, "unknown domain"),
        (["etl", "--all-domains", "--period", "2024-11", "--json"], 2, "2024-11"),
        (["db", "current", "--json", "--database-url", "mysql://x@127.0.0.1/y"], 2, "unsupported database"),
        (["etl", "--all-domains", "--period", "202411", "--json", "--no-such-flag"], 2, "--no-such-flag"),
    ],
)
def test_a_run_that_cannot_start_prints_an_error_object_on_stdout(  # type: ignore[no-untyped-def]
    cli, args: list[str], code: int, message: str
) -> None:
    result = cli(*args)
    assert result.code == code, result.stdout + result.stderr
    assert result.json["exit_code"] == code and message in result.json["error"]
    assert message in result.stderr  # the one line for a person is still there


@pytest.mark.parametrize("backend", ["sqlite"])
def test_without_json_an_error_prints_nothing_on_stdout(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("etl", "--domains", "no_such_domain", "--period", "202411")
    assert result.code == 2 and result.stdout == "" and "unknown domain" in result.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sample_data_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "samples"
    result = cli("sample-data", "--out", str(out), "--periods", "202411", "--domains", "annual_award", "--json")
    assert result.code == 0, result.stderr
    files = result.json["files"]
    assert result.json["out"] == str(out) and files and all((out / f).is_file() or Path(f).is_file() for f in files)


def _tasks():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("wdh_tasks", REPO / "tasks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("dry_run", "executes"),
    [(False, True), (True, False)],
)
def test_invoke_etl_prints_the_exact_command_it_runs(capsys, dry_run: bool, executes: bool) -> None:  # type: ignore[no-untyped-def]
    tasks = _tasks()
    ctx = MockContext(run=Result(), repeat=True)
    tasks.etl.body(ctx, period="202411", dry_run=dry_run, domains="annual_award", data_root="examples/data")
    (ran,) = [call.args[0] for call in ctx.run.call_args_list]  # type: ignore[attr-defined]
    printed = capsys.readouterr().out.strip()
    assert printed == ran
    assert "-m work_data_hub.cli etl --domains annual_award --period 202411" in ran
    assert ("--execute" in ran) is executes


def test_invoke_test_quick_leaves_out_postgres_and_slow(capsys) -> None:  # type: ignore[no-untyped-def]
    tasks = _tasks()
    ctx = MockContext(run=Result(), repeat=True)
    tasks.test.body(ctx, quick=True)
    (ran,) = [call.args[0] for call in ctx.run.call_args_list]  # type: ignore[attr-defined]
    assert '-m "not postgres and not slow"' in ran
    tasks.test.body(ctx)
    assert "not slow" not in ctx.run.call_args_list[-1].args[0]  # type: ignore[attr-defined]
