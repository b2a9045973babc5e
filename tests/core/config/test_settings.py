"""Settings: WDH_ variables, an optional .env, defaults relative to the working directory
(issue 2 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from work_data_hub.core.settings import Settings, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    import os

    for key in list(os.environ):
        if key.startswith("WDH_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults() -> None:
    s = Settings()
    assert s.data_root == Path("data")
    assert s.var_dir == Path("var")
    assert s.resolved_database_url() == "sqlite:///var/warehouse.sqlite"


def test_environment_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("WDH_DATA_ROOT=/srv/annuity\nWDH_VAR_DIR=/srv/var\n", encoding="utf-8")
    monkeypatch.setenv("WDH_DATA_ROOT", "/mnt/incoming")
    s = Settings()
    assert s.data_root == Path("/mnt/incoming")  # the environment beats .env
    assert s.var_dir == Path("/srv/var")
    assert s.resolved_database_url() == "sqlite:////srv/var/warehouse.sqlite"


def test_flags_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WDH_DATABASE_URL", "postgresql://env/db")
    monkeypatch.setenv("WDH_DATA_ROOT", "/env/data")
    s = load_settings(data_root=Path("/flag/data"), database_url=None)
    assert s.data_root == Path("/flag/data")
    assert s.resolved_database_url() == "postgresql://env/db"
    assert load_settings(database_url="sqlite:///x.sqlite").resolved_database_url() == "sqlite:///x.sqlite"


def test_config_dir_falls_back_to_the_checkout(tmp_path: Path) -> None:
    found = Settings().resolved_config_dir()
    assert (found / "data_sources.yml").is_file()
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "data_sources.yml").write_text("domains: {}\n", encoding="utf-8")
    assert Settings().resolved_config_dir() == Path("config")
