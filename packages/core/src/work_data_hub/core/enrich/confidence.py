"""Confidence of cache entries (enrichment spec §6.4), from ``config/enrichment.yml``.
One reader for the live lookup and the queue alike."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from work_data_hub.core.config.yaml_text import parse_yaml
from work_data_hub.core.errors import ConfigError

_TWO_DP = Decimal("0.01")
_SCALARS = (
    "default_confidence",
    "official_name_confidence",
    "former_name_factor",
    "source_learning_confidence",
    "manual_confidence",
    "history_import_confidence",
    "min_confidence_for_cache",
)


def two_dp(value: Decimal) -> Decimal:
    return value.quantize(_TWO_DP, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ConfidenceRules:
    by_match_type: dict[str, Decimal]
    default_confidence: Decimal
    official_name_confidence: Decimal
    former_name_factor: Decimal
    source_learning_confidence: Decimal
    manual_confidence: Decimal
    history_import_confidence: Decimal
    min_confidence_for_cache: Decimal

    def for_match(self, match_type: str | None) -> Decimal:
        if match_type is None:
            return self.default_confidence
        return self.by_match_type.get(str(match_type).strip(), self.default_confidence)

    def for_former_name(self, match_type: str | None) -> Decimal:
        return two_dp(self.for_match(match_type) * self.former_name_factor)

    def accepted(self, confidence: Decimal) -> bool:
        return confidence >= self.min_confidence_for_cache


def _number(path: Path, key: str, value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ConfigError(f"{path}: {key}: not a number: {value!r}") from None
    if not Decimal(0) <= number <= Decimal(1):
        raise ConfigError(f"{path}: {key}: must be between 0 and 1, got {value!r}")
    return two_dp(number)


@cache
def load_confidence(config_dir: Path) -> ConfidenceRules:
    path = config_dir / "enrichment.yml"
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}".replace("\n", " ")) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping")
    types = data.get("match_type_confidence")
    if not isinstance(types, dict):
        raise ConfigError(f"{path}: match_type_confidence: missing or not a mapping")
    missing = [k for k in _SCALARS if k not in data]
    if missing:
        raise ConfigError(f"{path}: missing {', '.join(missing)}")
    scalars = {k: _number(path, k, data[k]) for k in _SCALARS}
    by_type = {str(k): _number(path, f"match_type_confidence.{k}", v) for k, v in types.items()}
    return ConfidenceRules(by_match_type=by_type, **scalars)
