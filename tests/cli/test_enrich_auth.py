"""`auth refresh` / `auth status` as real processes: the token is validated with one
cheap call, stored with mode 0600, never printed."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.eqc_server import EqcServer, Reply, running_eqc


@pytest.fixture
def eqc() -> Iterator[EqcServer]:
    with running_eqc() as server:
        yield server


def run(cli, eqc: EqcServer, token_file: Path, *args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    env = cli.env | {"WDH_EQC_BASE_URL": eqc.url, "WDH_EQC_TOKEN_FILE": str(token_file), "WDH_EQC_RETRY_BASE": "0"}
    env.pop("WDH_EQC_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "work_data_hub.cli", *args],
        input=stdin,
        cwd=cli.cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("backend", ["sqlite"])
def test_refresh_stores_a_valid_token_0600_and_status_reports_it(cli, eqc: EqcServer, tmp_path: Path) -> None:
    token_file = tmp_path / "cfg" / "work_data_hub" / "eqc_token"
    proc = run(cli, eqc, token_file, "auth", "refresh", "--token-stdin", stdin=eqc.token + "\n")
    assert proc.returncode == 0, proc.stderr
    assert token_file.read_text(encoding="utf-8").strip() == eqc.token
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert [c.endpoint for c in eqc.calls()] == ["searchAll"]

    status = run(cli, eqc, token_file, "auth", "status", "--json")
    assert status.returncode == 0 and '"validity": "valid"' in status.stdout
    for out in (proc, status):
        assert eqc.token not in out.stdout + out.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_invalid_token_is_not_stored(cli, eqc: EqcServer, tmp_path: Path) -> None:
    token_file = tmp_path / "eqc_token"
    proc = run(cli, eqc, token_file, "auth", "refresh", "--token-stdin", stdin="wrong-token-42\n")
    assert proc.returncode == 1 and "not stored" in proc.stderr
    assert not token_file.exists() and "wrong-token-42" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
def test_status_without_token_and_with_an_expired_one(cli, eqc: EqcServer, tmp_path: Path) -> None:
    token_file = tmp_path / "eqc_token"
    missing = run(cli, eqc, token_file, "auth", "status")
    assert missing.returncode == 1 and "no token stored" in missing.stdout and eqc.count() == 0
    token_file.write_text(eqc.token)
    eqc.script("searchAll", Reply(200, {"error": "TokenExpired"}))
    expired = run(cli, eqc, token_file, "auth", "status", "--json")
    assert expired.returncode == 1 and '"validity": "invalid"' in expired.stdout
    assert eqc.token not in expired.stdout + expired.stderr
