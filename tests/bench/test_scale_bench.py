"""`bench/scale_bench.py` on a small month at 1× and 2×: real generator, real CLI processes,
a real SQLite file and a real PostgreSQL database that the bench creates and drops."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

from support.pg import ADMIN_URL, PgServer

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"


def _bench(
    var: Path, *extra: str, admin_url: str = ADMIN_URL, prefix: str = "wdh_bench_"
) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, str(BENCH_DIR / "scale_bench.py"), "--rows", "2000", "--scale", "2", "--var", str(var)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WDH_")}
    env |= {"WDH_BENCH_PG_ADMIN_URL": admin_url, "WDH_BENCH_PG_PREFIX": prefix}
    return subprocess.run([*argv, *extra], env=env, capture_output=True, text=True, timeout=900, check=False)


def _databases(prefix: str) -> set[str]:
    """The server's databases named with ``prefix``: only those this test's bench made
    (other sessions create and drop their own on the shared server meanwhile)."""
    with psycopg.connect(ADMIN_URL) as conn:
        names = {name for (name,) in conn.execute("SELECT datname FROM pg_database")}
    return {n for n in names if n.startswith(prefix)}


@pytest.mark.slow
@pytest.mark.postgres
def test_scale_bench_times_every_mode_on_both_backends_against_the_baseline(
    tmp_path: Path, pg_server: PgServer
) -> None:
    (tmp_path / "bench").mkdir()
    earlier = {"scenarios": {"annuity_performance": {"ratio": 2.0}}}
    (tmp_path / "bench" / "latest.json").write_text(json.dumps(earlier), encoding="utf-8")
    prefix = f"wdh_bench_{uuid.uuid4().hex[:6]}_"
    assert _databases(prefix) == set()

    out = _bench(tmp_path, "--case", "annual_award", "--json", prefix=prefix)

    assert _databases(prefix) == set()  # the databases it created are gone
    latest = json.loads((tmp_path / "bench" / "latest.json").read_text(encoding="utf-8"))
    assert latest["scenarios"] == earlier["scenarios"]  # annuity_bench's section is kept
    report = latest["scale"]
    assert json.loads(out.stdout) == report
    assert out.returncode == (0 if report["pass"] else 1), out.stderr
    assert report["error"] is None and report["rows"] == {"1x": 2000, "2x": 4000}
    assert report["targets"] == {"time_vs_1x": 2.2, "peak_rss_vs_baseline": 2.0}
    keys = {(r["backend"], r["case"], r["mode"]) for r in report["results"]}
    assert keys == {(b, "annual_award", m) for b in ("sqlite", "postgresql") for m in ("dry_run", "execute")}
    written = {size: report["sizes"][size]["month"]["annual_award"] for size in ("1x", "2x")}
    assert written["2x"] == 2 * written["1x"] > 0  # both award sheets scale with --rows
    for size in ("1x", "2x"):
        base = report["sizes"][size]["baseline"]["annual_award"]
        assert base["peak_rss_mb"] > 50 and "engine='calamine'" in base["command"]
        for key, run in report["sizes"][size]["etl"].items():
            assert run["rows_read"] == written[size], key  # every row the generator wrote, both sheets
            assert ("--execute" in run["command"]) is key.endswith("/execute")
    for r in report["results"]:
        _assert_consistent(r, report["sizes"])


def _assert_consistent(r: dict[str, Any], sizes: dict[str, Any]) -> None:
    big = sizes["2x"]["etl"][f"{r['backend']}/{r['case']}/{r['mode']}"]
    one = sizes["1x"]["etl"][f"{r['backend']}/{r['case']}/{r['mode']}"]
    assert (r["seconds"], r["seconds_1x"], r["peak_rss_mb"]) == (big["seconds"], one["seconds"], big["peak_rss_mb"])
    assert r["seconds_vs_1x"] == pytest.approx(big["seconds"] / one["seconds"], abs=0.001)
    assert r["peak_rss_vs_baseline"] == pytest.approx(big["peak_rss_mb"] / r["baseline_peak_rss_mb"], abs=0.001)
    assert r["rows_per_second"] == round(big["rows_read"] / big["seconds"])
    floor = sizes["2x"]["baseline"][r["case"]]["floor_seconds"]
    assert r["seconds_vs_floor"] == pytest.approx(big["seconds"] / floor, abs=0.001)
    assert r["seconds_vs_baseline_target"] is None  # issue 21's targets name other cases
    assert r["pass"] is (r["seconds_vs_1x"] <= 2.2 + 1e-9 and r["peak_rss_vs_baseline"] <= 2.0 + 1e-9)


def test_the_month_and_the_annuity_sheet_must_stay_within_twice_the_baseline_read() -> None:
    sys.path.insert(0, str(BENCH_DIR))
    try:
        import scale_bench
    finally:
        sys.path.remove(str(BENCH_DIR))

    def sizes(etl_1x: float, etl_2x: float) -> tuple[dict[str, Any], dict[str, Any]]:
        base = {"seconds": 1.0, "peak_rss_mb": 100.0, "floor_seconds": 0.5}
        run = {"seconds": etl_1x, "peak_rss_mb": 150.0, "rows_read": 1000}
        small = {"etl": {"sqlite/all/execute": run}, "baseline": {"all": base}}
        big = {"etl": {"sqlite/all/execute": run | {"seconds": etl_2x}}, "baseline": {"all": base | {"seconds": 2.0}}}
        return small, big

    def verdict(etl_1x: float, etl_2x: float, mode: str = "execute") -> dict[str, Any]:
        small, big = sizes(etl_1x, etl_2x)
        small["etl"] = {f"sqlite/all/{mode}": small["etl"]["sqlite/all/execute"]}
        big["etl"] = {f"sqlite/all/{mode}": big["etl"]["sqlite/all/execute"]}
        return scale_bench._result(
            "sqlite", "all", mode, small, big["etl"][f"sqlite/all/{mode}"], big["baseline"]["all"], 2
        )

    assert verdict(1.9, 3.9)["pass"] is True
    assert verdict(2.1, 3.9)["pass"] is False  # the 1× month over 2.0× its read
    assert verdict(1.9, 4.1)["pass"] is False  # the 2× month over 2.0× its read
    dry = verdict(1.6, 3.0, "dry_run")
    assert dry["pass"] is False and dry["seconds_vs_baseline_target"] == 1.5
    assert verdict(1.9, 3.9)["seconds_vs_floor"] == pytest.approx(3.9 / 0.5)


@pytest.mark.slow
def test_scale_bench_on_sqlite_alone_never_connects_to_postgresql(tmp_path: Path) -> None:
    out = _bench(
        tmp_path, "--case", "annual_loss", "--backend", "sqlite", admin_url="postgresql://nobody@127.0.0.1:1/x"
    )

    report = json.loads((tmp_path / "bench" / "latest.json").read_text(encoding="utf-8"))["scale"]
    assert report["error"] is None, out.stderr
    assert {r["backend"] for r in report["results"]} == {"sqlite"}
    assert [r["mode"] for r in report["results"]] == ["dry_run", "execute"]


@pytest.mark.slow
def test_scale_bench_fails_clearly_when_postgresql_is_unreachable(tmp_path: Path) -> None:
    out = _bench(tmp_path, "--case", "annual_award", admin_url="postgresql://postgres@127.0.0.1:1/postgres")

    assert out.returncode == 1
    assert "bench scale: PostgreSQL is not reachable" in out.stderr and "--backend sqlite" in out.stderr
    report = json.loads((tmp_path / "bench" / "latest.json").read_text(encoding="utf-8"))["scale"]
    assert report["pass"] is False and report["results"] == []


def test_scale_bench_rejects_a_month_too_small_for_the_dirty_sheets(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH_DIR / "scale_bench.py"), "--rows", "1000", "--var", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert out.returncode == 2 and "--rows at least 2000" in out.stderr
    assert not (tmp_path / "bench").exists()
