"""Issue 15 point 12: read commands and dry runs open the SQLite warehouse read-only: they
create no ``-wal``/``-shm`` files and work when the warehouse's folder is read-only (as on
a read-only mount). SQLite only: PostgreSQL has no files beside a warehouse."""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import work_data_hub.core
from support.months import preload, small_month
from support.processes import InProcess, unprivileged, unreachable_by_nobody

READS = (
    ("runs",),
    ("runs", "--json"),
    ("db", "current"),
    ("discover", "--domains", "annual_award,annual_loss,annuity_performance,annuity_income", "--period", "202411"),
    ("etl", "--domains", "annual_award,annual_loss,annuity_performance,annuity_income", "--period", "202411", "--json"),
)


@pytest.fixture
def world_readable() -> Iterator[Path]:
    """A folder ``nobody`` can traverse (pytest's own tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="wdh-ro-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


def _counts(summary: dict) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
    return [(d["domain"], d["status"], d["rows_deleted"], d["rows_inserted"]) for d in summary["domains"]]


def _state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
def test_15_12_read_commands_open_sqlite_read_only(
    cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], world_readable: Path
) -> None:
    # The warehouse alone in its folder (the read-only mount); reports go to the var dir.
    data_root, var, folder = world_readable / "data", world_readable / "var", world_readable / "wh"
    url = f"sqlite:///{(folder / 'warehouse.sqlite').as_posix()}"
    small_month(data_root, "202411", seed=5)
    preload(url, data_root, var, "202411")
    for path in [var, *var.rglob("*")]:
        path.chmod(0o777)  # the dry run's rejected-rows reports go here, also as nobody
    cli.cwd = world_readable
    cli.env |= {"WDH_DATABASE_URL": url, "WDH_DATA_ROOT": str(data_root), "WDH_VAR_DIR": str(var)}
    run = InProcess(cli, monkeypatch, capsys)
    before = _state(folder)
    assert "warehouse.sqlite" in before and not any(n.endswith(("-wal", "-shm")) for n in before)

    writable = {" ".join(args): run(*args) for args in READS}
    assert {k: (r.code, r.stderr) for k, r in writable.items() if r.code != 0} == {}
    assert _state(folder) == before  # no -wal, no -shm, the file unchanged
    dry = writable[" ".join(READS[-1])].json
    assert dry["dry_run"] is True
    assert {d["domain"]: d["rows_deleted"] for d in dry["domains"]}[
        "annuity_performance"
    ] == 100  # it read the warehouse

    blocked = unreachable_by_nobody(*map(Path, work_data_hub.core.__path__), Path(sys.prefix))
    if blocked:
        pytest.skip(f"nobody cannot read {blocked[0]}: the checkout needs world-traversable parent folders")
    folder.chmod(0o555)
    with unprivileged():
        with pytest.raises(PermissionError):
            (folder / "probe").touch()
        read_only = {" ".join(args): run(*args) for args in READS}
    failures = {k: (r.code, r.stderr, r.stdout[-2000:]) for k, r in read_only.items() if r.code != 0}
    assert failures == {}
    etl = " ".join(READS[-1])
    assert {k: r.stdout for k, r in read_only.items() if k != etl} == {
        k: r.stdout for k, r in writable.items() if k != etl
    }
    counts = [(d["domain"], d["status"], d["rows_deleted"], d["rows_inserted"]) for d in dry["domains"]]
    assert [
        (d["domain"], d["status"], d["rows_deleted"], d["rows_inserted"]) for d in read_only[etl].json["domains"]
    ] == counts
    assert _state(folder) == before
