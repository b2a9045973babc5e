"""`auth refresh` / `auth status`: the token is validated with one cheap call, stored with
mode 0600, never printed; `--json` prints only JSON on stdout."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.eqc_server import EqcServer, Reply, running_eqc


@pytest.fixture
def eqc() -> Iterator[EqcServer]:
    with running_eqc() as server:
        yield server


def run(cli, eqc: EqcServer, token_file: Path, *args: str, stdin: str = ""):  # type: ignore[no-untyped-def]
    cli.env.pop("WDH_EQC_TOKEN", None)
    env = {"WDH_EQC_BASE_URL": eqc.url, "WDH_EQC_TOKEN_FILE": str(token_file), "WDH_EQC_RETRY_BASE": "0"}
    return cli(*args, extra_env=env, stdin=stdin)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_refresh_stores_a_valid_token_0600_and_status_reports_it(cli, eqc: EqcServer, tmp_path: Path) -> None:
    token_file = tmp_path / "cfg" / "work_data_hub" / "eqc_token"
    proc = run(cli, eqc, token_file, "auth", "refresh", "--token-stdin", stdin=eqc.token + "\n")
    assert proc.code == 0, proc.stderr
    assert token_file.read_text(encoding="utf-8").strip() == eqc.token
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert [c.endpoint for c in eqc.calls()] == ["searchAll"]

    status = run(cli, eqc, token_file, "auth", "status", "--json")
    assert status.code == 0 and '"validity": "valid"' in status.stdout
    for out in (proc, status):
        assert eqc.token not in out.stdout + out.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_invalid_token_is_not_stored(cli, eqc: EqcServer, tmp_path: Path) -> None:
    token_file = tmp_path / "eqc_token"
    proc = run(cli, eqc, token_file, "auth", "refresh", "--token-stdin", stdin="wrong-token-42\n")
    assert proc.code == 1 and "not stored" in proc.stderr
    assert not token_file.exists() and "wrong-token-42" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
def test_status_without_token_and_with_an_expired_one(cli, eqc: EqcServer, tmp_path: Path) -> None:
    token_file = tmp_path / "eqc_token"
    missing = run(cli, eqc, token_file, "auth", "status")
    assert missing.code == 1 and "no token stored" in missing.stdout and eqc.count() == 0
    token_file.write_text(eqc.token)
    eqc.script("searchAll", Reply(200, {"error": "TokenExpired"}))
    expired = run(cli, eqc, token_file, "auth", "status", "--json")
    assert expired.code == 1 and '"validity": "invalid"' in expired.stdout
    assert eqc.token not in expired.stdout + expired.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
def test_15_9_auth_status_json_is_only_json_on_stdout_even_with_verbose_logs(
    cli, eqc: EqcServer, tmp_path: Path
) -> None:
    token_file = tmp_path / "eqc_token"
    token_file.write_text(eqc.token)
    status = run(cli, eqc, token_file, "auth", "status", "--json", "-vv")
    assert status.code == 0, status.stderr
    assert json.loads(status.stdout)["validity"] == "valid"  # the whole of stdout parses
    assert "eqc_call" in status.stderr  # the debug log line went to stderr
    assert eqc.token not in status.stdout + status.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("bad", ["tok\nen-secret-part", "tok\x00en-secret-part", "tok\x1ben-secret-part"])
def test_15_7_a_token_with_a_control_character_is_refused_in_one_line(
    cli, eqc: EqcServer, tmp_path: Path, bad: str
) -> None:
    token_file = tmp_path / "eqc_token"
    token_file.write_text(bad)
    for args in (("auth", "status"), ("enrich-queue", "--execute")):
        result = run(cli, eqc, token_file, *args)
        assert result.code == 2, result.stdout + result.stderr
        assert result.stderr.count("\n") == 1 and "control character" in result.stderr
        assert "secret-part" not in result.stdout + result.stderr
    refresh = run(cli, eqc, token_file, "auth", "refresh", "--token-stdin", stdin=bad + "\n")
    assert refresh.code == 2 and "secret-part" not in refresh.stdout + refresh.stderr
    assert token_file.read_text() == bad and eqc.count() == 0  # nothing sent, nothing stored
