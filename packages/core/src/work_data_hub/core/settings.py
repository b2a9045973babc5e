"""Runtime settings from the environment (prefix ``WDH_``) and an optional ``.env`` file."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
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
    lock_timeout: float = Field(default=60.0, ge=0, allow_inf_nan=False)
    # Company-id enrichment (enrichment spec §4, §7, §10). The token is a SecretStr so a
    # repr or validation error never shows it.
    temp_id_salt: str = "default_dev_salt_change_in_prod"
    eqc_base_url: str = "https://eqc.pingan.com"
    eqc_token: SecretStr | None = None
    eqc_token_file: Path | None = None
    eqc_timeout: float = Field(default=30.0, gt=0)
    eqc_connect_timeout: float = Field(default=5.0, gt=0)
    eqc_workers: int = Field(default=2, ge=1, le=16)
    eqc_rate_limit: float = Field(default=10.0, gt=0)  # requests per minute
    eqc_retry_base: float = Field(default=1.0, ge=0)  # seconds before the first retry

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
    from pydantic import ValidationError

    from work_data_hub.core.errors import UsageError

    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)  # type: ignore[arg-type]
    except ValidationError as exc:
        # One line naming the setting, never the value given (it may be a secret).
        problems = [
            f"{'.'.join(str(p) for p in e['loc'])} (--{str(e['loc'][0]).replace('_', '-')} or "
            f"WDH_{str(e['loc'][0]).upper()}): {e['msg']}"
            for e in exc.errors()
        ]
        raise UsageError("invalid setting " + "; ".join(problems)) from None


def require_data_root(settings: Settings) -> Path:
    """The data root, or one usage error naming it and how to set it (instead of one
    "folder not found" per domain)."""
    from work_data_hub.core.errors import UsageError

    root = settings.data_root
    if not root.is_dir():
        raise UsageError(
            f"data root {root} does not exist: set WDH_DATA_ROOT (in the environment or .env) or pass "
            "--data-root FOLDER, the folder holding the YYYYMM period folders (the examples: examples/data)"
        )
    return root
