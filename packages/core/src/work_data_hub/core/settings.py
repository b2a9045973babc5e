"""Runtime settings from the environment (prefix ``WDH_``) and an optional ``.env`` file."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The checkout's config/ folder: used when the working directory has none, so the
# commands work from any directory of an editable install.
_REPO_CONFIG = Path(__file__).resolve().parents[5] / "config"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WDH_", env_file=".env", extra="ignore")

    data_root: Path = Path("./data")
    var_dir: Path = Path("./var")
    database_url: str | None = None
    config_dir: Path | None = None
    lock_timeout: float = Field(default=60.0, ge=0)

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'warehouse.sqlite').as_posix()}"

    def resolved_config_dir(self) -> Path:
        if self.config_dir is not None:
            return self.config_dir
        local = Path("config")
        if (local / "data_sources.yml").is_file():
            return local
        return _REPO_CONFIG


def load_settings(**overrides: object) -> Settings:
    """Settings with command-line overrides applied (``None`` means "not given")."""
    given = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**given)  # type: ignore[arg-type]
