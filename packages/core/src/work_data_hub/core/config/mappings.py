"""The fixed lookup tables of ``config/mappings/*.yml``: one file per table family, read
here once and shared by the cleaning rules and the reference-data seeds."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from work_data_hub.core.config.yaml_text import parse_yaml
from work_data_hub.core.enrich.overrides import read_overrides
from work_data_hub.core.errors import ConfigError


@dataclass(frozen=True)
class PortfolioDefault:
    business_types: frozenset[str] | None
    plan_types: frozenset[str] | None
    code: str


@dataclass(frozen=True)
class Mappings:
    product_lines: dict[str, str]
    business_type_aliases: dict[str, str]
    branch_default: str
    branch_codes: dict[str, str]  # code → organisation name (the 38 organisation rows)
    branch_aliases: dict[str, str]  # extra name → code
    plan_type_aliases: dict[str, str]
    plan_code_defaults: dict[str, str]
    plan_code_corrections: dict[str, str]
    portfolio_defaults: tuple[PortfolioDefault, ...]
    company_by_plan: dict[str, str]
    company_by_plan_blank_name: dict[str, str]
    company_by_name: dict[str, str | None] = field(default_factory=dict)

    @property
    def branch_by_name(self) -> dict[str, str]:
        """M4: the organisation names plus the aliases, name → code."""
        names = {name: code for code, name in self.branch_codes.items()}
        return names | self.branch_aliases


def _read(directory: Path, name: str) -> dict[str, Any]:
    path = directory / "mappings" / name
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read mapping file: {exc}".replace("\n", " ")) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping")
    return data


def _str_map(data: dict[str, Any], key: str, path: str) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {key}: missing or not a mapping")
    return {str(k): str(v) for k, v in value.items()}


@cache
def load_mappings(config_dir: Path) -> Mappings:
    pl = _read(config_dir, "product_lines.yml")
    br = _read(config_dir, "branches.yml")
    plans = _read(config_dir, "plans.yml")
    pf = _read(config_dir, "portfolios.yml")
    co = read_overrides(config_dir / "mappings" / "company_overrides.yml")  # validated: enrichment spec §5
    rules = tuple(
        PortfolioDefault(
            business_types=frozenset(r["业务类型"]) if "业务类型" in r else None,
            plan_types=frozenset(r["计划类型"]) if "计划类型" in r else None,
            code=str(r["组合代码"]),
        )
        for r in pf.get("默认组合代码", [])
    )
    by_name = co.get("按客户名称") or {}
    return Mappings(
        product_lines=_str_map(pl, "产品线", "product_lines.yml"),
        business_type_aliases=_str_map(pl, "业务类型别名", "product_lines.yml"),
        branch_default=str(br.get("default", "G00")),
        branch_codes=_str_map(br, "组织架构", "branches.yml"),
        branch_aliases=_str_map(br, "别名", "branches.yml"),
        plan_type_aliases=_str_map(plans, "计划类型别名", "plans.yml"),
        plan_code_defaults=_str_map(plans, "默认计划代码", "plans.yml"),
        plan_code_corrections=_str_map(plans, "计划代码更正", "plans.yml"),
        portfolio_defaults=rules,
        company_by_plan=_str_map(co, "按计划代码", "company_overrides.yml"),
        company_by_plan_blank_name=_str_map(co, "空名称按计划代码", "company_overrides.yml"),
        company_by_name={str(k): (None if v is None else str(v)) for k, v in by_name.items()},
    )
