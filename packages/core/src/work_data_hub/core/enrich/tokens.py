"""Where the EQC token comes from: ``WDH_EQC_TOKEN``, else the token file that
``auth refresh`` writes (mode 0600, in the user's configuration directory, outside the
repository). The token itself is never logged, printed or put in a message."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from work_data_hub.core.enrich.eqc_client import EqcClient, TokenRefused
from work_data_hub.core.settings import Settings

APP_DIR = "work_data_hub"
FILE_NAME = "eqc_token"


def default_token_file() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / APP_DIR / FILE_NAME


def token_file(settings: Settings) -> Path:
    return settings.eqc_token_file or default_token_file()


@dataclass(frozen=True)
class Token:
    value: str | None
    source: str | None  # "WDH_EQC_TOKEN", a file path, or None when missing

    def __repr__(self) -> str:  # a stray print of the object must not show the token
        return f"Token(source={self.source!r}, present={self.value is not None})"


def load_token(settings: Settings) -> Token:
    if settings.eqc_token is not None:
        value = settings.eqc_token.get_secret_value().strip()
        if value:
            return Token(value, "WDH_EQC_TOKEN")
    path = token_file(settings)
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError:
        return Token(None, None)
    return Token(value or None, str(path) if value else None)


def store_token(path: Path, token: str) -> None:
    """Write atomically with mode 0600 from the first byte (never world-readable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(token.strip() + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def make_client(settings: Settings, token: str) -> EqcClient:
    from work_data_hub.core.errors import ConfigError

    try:
        return EqcClient(
            settings.eqc_base_url,
            token,
            read_timeout=settings.eqc_timeout,
            connect_timeout=settings.eqc_connect_timeout,
            rate_per_minute=settings.eqc_rate_limit,
            retry_base=settings.eqc_retry_base,
        )
    except TokenRefused as exc:  # before any call: the message does not show the token
        raise ConfigError(str(exc)) from None
    except ValueError as exc:
        raise ConfigError(f"WDH_EQC_BASE_URL: {exc}") from None
