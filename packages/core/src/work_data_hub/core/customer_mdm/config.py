"""``config/customer_mdm.yml``: the strategic whitelist and the validation bounds."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from work_data_hub.core.config.yaml_text import parse_yaml
from work_data_hub.core.errors import ConfigError

FILE = "customer_mdm.yml"


class ValidateBounds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    strategic_share: tuple[float, float] = (0.05, 0.10)
    existing_share_min: float = 0.70


class MdmConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    strategic_threshold: Decimal = Decimal(500_000_000)
    whitelist_top_n: int = 10
    validate_: ValidateBounds = ValidateBounds()

    @field_validator("whitelist_top_n")
    @classmethod
    def _positive(cls, v: int) -> int:
        if v < 1:
            raise ValueError("must be at least 1")
        return v


def load_config(config_dir: Path) -> MdmConfig:
    path = config_dir / FILE
    if not path.is_file():
        return MdmConfig()
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8")) or {}
        if "validate" in raw:
            raw["validate_"] = raw.pop("validate")
        return MdmConfig.model_validate(raw)
    except (yaml.YAMLError, ValidationError, AttributeError, TypeError) as exc:
        first = str(exc).splitlines()
        raise ConfigError(f"{path}: {' '.join(first[:3])}") from None
