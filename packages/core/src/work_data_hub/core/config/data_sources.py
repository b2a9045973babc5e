"""``config/data_sources.yml``: where each domain's source files are.

``defaults:`` apply to every entry of ``domains:``. Scalars override, dicts deep-merge, and a
list replaces the default list unless one of its items starts with ``+``, in which case
those items (without the ``+``) are appended to the default list.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from work_data_hub.core.config.yaml_text import parse_yaml
from work_data_hub.core.errors import ConfigError


class DomainSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base_path: str
    file_patterns: tuple[str, ...]
    exclude_patterns: tuple[str, ...] = ()
    supplement_patterns: tuple[str, ...] = ("*补充*",)
    sheets: tuple[str, ...]
    version_strategy: Literal["highest_number", "none"] = "highest_number"
    # Search every folder below base_path (keyword discovery anywhere below 收集数据/).
    recursive: bool = False

    def sheet_names(self, year: int) -> list[str]:
        """The configured sheets for a period of ``year``: ``{YYYY}`` is the period's year
        (a budget sheet 预算_2024), ``#1`` the workbook's first sheet whatever its name."""
        return [s.replace("{YYYY}", f"{year:04d}") for s in self.sheets]

    @field_validator("base_path")
    @classmethod
    def _base_path(cls, v: str) -> str:
        if "{YYYYMM}" not in v:
            raise ValueError("must contain the placeholder {YYYYMM}")
        _inside_root(v)
        return v

    @field_validator("file_patterns", "exclude_patterns", "supplement_patterns")
    @classmethod
    def _patterns(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for p in v:
            if "/" in p or "\\" in p or ".." in p:
                raise ValueError(f"pattern '{p}' must be a file-name glob (no '/', '\\' or '..')")
        return v

    @field_validator("file_patterns", "sheets")
    @classmethod
    def _non_empty(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("must list at least one entry")
        return v


def _inside_root(path: str) -> None:
    p = PurePosixPath(path.replace("\\", "/"))
    if p.is_absolute() or ".." in p.parts or (len(path) > 1 and path[1] == ":"):
        raise ValueError(f"'{path}' must be relative to the data root without '..'")


def merge(base: Any, override: Any) -> Any:
    """The defaults/domains merge rule described in the module docstring."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = merge(base[key], value) if key in base else _strip_plus(value)
        return out
    if isinstance(base, list) and isinstance(override, list):
        if any(isinstance(i, str) and i.startswith("+") for i in override):
            return base + [i[1:] if isinstance(i, str) and i.startswith("+") else i for i in override]
        return list(override)
    return _strip_plus(override)


def _strip_plus(value: Any) -> Any:
    if isinstance(value, list):
        return [i[1:] if isinstance(i, str) and i.startswith("+") else i for i in value]
    return value


def load_data_sources(path: Path) -> dict[str, DomainSource]:
    """Parse and validate the file; any problem raises ConfigError naming file and key path."""
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}".replace("\n", " ")) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("domains"), dict):
        raise ConfigError(f"{path}: domains: missing or not a mapping")
    defaults = raw.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ConfigError(f"{path}: defaults: must be a mapping")
    unknown_top = set(raw) - {"defaults", "domains"}
    if unknown_top:
        raise ConfigError(f"{path}: {sorted(unknown_top)[0]}: unknown key")
    out: dict[str, DomainSource] = {}
    for name, block in raw["domains"].items():
        if not isinstance(block, dict):
            raise ConfigError(f"{path}: domains.{name}: must be a mapping")
        try:
            out[name] = DomainSource.model_validate(merge(defaults, block))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            raise ConfigError(f"{path}: domains.{name}.{where}: {msg}") from None
    return out
