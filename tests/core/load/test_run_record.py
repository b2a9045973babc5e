"""The run's row in wdh.run_record: ``running`` while the run holds the lock (so a run
killed between domains stays visible as not finished), then the worst status of its
months."""

from __future__ import annotations

from pathlib import Path

from work_data_hub.core.load import database, migrate
from work_data_hub.core.load import run_record as records


def test_status_runs_from_running_to_the_worst_of_its_months(tmp_path: Path) -> None:
    engine = database.create_warehouse_engine(f"sqlite:///{(tmp_path / 'w.sqlite').as_posix()}")
    migrate.upgrade(engine)
    records.begin(engine, "r1", "202410", ["annuity_performance"], {"max_rejected": "1%"}, "0.1.0+abc")
    with engine.connect() as conn:
        (row,) = records.recent(conn, 10)
    assert (row["run_id"], row["status"], row["finished_at"], row["periods"]) == ("r1", "running", None, ["202410"])
    assert row["options"] == {"max_rejected": "1%"} and row["domains"] == ["annuity_performance"]

    records.finish(engine, "r1", "failed")
    records.begin(engine, "r1", "202411", ["annuity_performance"], {}, "0.1.0+abc")  # the range's next month
    assert records.status_of(engine, "r1") == "running"
    records.finish(engine, "r1", "ok", previous="failed")
    with engine.connect() as conn:
        found = records.one(conn, "r1")
    assert found is not None
    assert (found["status"], found["periods"]) == ("failed", ["202410", "202411"])
    assert found["finished_at"] is not None
    engine.dispose()


def test_domain_runs_recorded_before_the_run_record_are_listed_as_runs(tmp_path: Path) -> None:
    import datetime as dt

    import sqlalchemy as sa

    from work_data_hub.core.load.tables import etl_run

    engine = database.create_warehouse_engine(f"sqlite:///{(tmp_path / 'w.sqlite').as_posix()}")
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(etl_run).values(
                run_id="old", period="202409", domain="annuity_performance", mode="period", status="ok",
                started_at=dt.datetime(2024, 10, 1, 9, 0),
            )
        )  # fmt: skip
    records.begin(engine, "new", "202410", ["annuity_performance"], {}, "0.1.0+abc")
    with engine.connect() as conn:
        listed = [(r["run_id"], r["status"]) for r in records.recent(conn, 10)]
    assert listed[1] == ("old", None)  # no run row: the caller derives the status from its domain runs
    assert listed[0] == ("new", "running")
    engine.dispose()
