"""Reading and validating the company-id override file (enrichment spec §5; mappings M8,
M8b, M9). YAML silently keeps the last of two equal keys, so the file is checked on its
node tree: a duplicate key (for names: after R-NAME), an empty id or a temporary id as a
value is a configuration error naming the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from work_data_hub.core.config.yaml_text import compose_yaml, parse_yaml
from work_data_hub.core.enrich.temp_ids import looks_temporary
from work_data_hub.core.errors import ConfigError

BY_PLAN = "按计划代码"
BLANK_NAME_BY_PLAN = "空名称按计划代码"
BY_NAME = "按客户名称"
SECTIONS = (BY_PLAN, BLANK_NAME_BY_PLAN, BY_NAME)


def _scalar(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)


def _check_section(path: Path, section: str, node: yaml.Node) -> None:
    if node.tag == "tag:yaml.org,2002:null":
        return
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"{path}:{node.start_mark.line + 1}: {section}: must be a mapping")
    keys: list[str] = []
    lines: list[int] = []
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = _scalar(key_node)
        if key is None or not key.strip():
            raise ConfigError(f"{path}:{line}: {section}: empty key")
        value = _scalar(value_node)
        if not isinstance(value_node, yaml.ScalarNode):
            raise ConfigError(f"{path}:{line}: {section}: {key}: the company id must be a single value")
        explicit_none = value is None and section == BY_NAME
        if not explicit_none and (value is None or not value.strip()):
            raise ConfigError(f"{path}:{line}: {section}: {key}: empty company id")
        if value is not None and looks_temporary(value.strip()):
            raise ConfigError(f"{path}:{line}: {section}: {key}: a temporary id ({value}) is not a company id")
        keys.append(key.strip())
        lines.append(line)
    compared = _compared_keys(section, keys)
    first: dict[str, int] = {}
    for key, shown, line in zip(compared, keys, lines, strict=True):
        if key is None:
            raise ConfigError(f"{path}:{line}: {section}: {shown}: the name normalises to nothing (R-NAME)")
        if key in first:
            raise ConfigError(f"{path}:{line}: {section}: duplicate key {shown} (first on line {first[key]})")
        first[key] = line


def _compared_keys(section: str, keys: list[str]) -> list[str | None]:
    if section != BY_NAME:
        return list(keys)
    from work_data_hub.core.cleansing.rules import r_name

    normalised = r_name(pd.Series(keys, dtype="str"))
    return [None if pd.isna(v) else str(v) for v in normalised]


def read_overrides(path: Path) -> dict[str, Any]:
    """The parsed file, after validation."""
    try:
        text = path.read_text(encoding="utf-8")
        root = compose_yaml(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read mapping file: {exc}".replace("\n", " ")) from None
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(f"{path}: must be a mapping")
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        section = _scalar(key_node) or ""
        line = key_node.start_mark.line + 1
        if section in seen:
            raise ConfigError(f"{path}:{line}: duplicate section {section} (first on line {seen[section]})")
        seen[section] = line
        if section in SECTIONS:
            _check_section(path, section, value_node)
    data = parse_yaml(text)
    plan_tables = (data.get(BY_PLAN) or {}, data.get(BLANK_NAME_BY_PLAN) or {})
    both = sorted(set(plan_tables[0]) & set(plan_tables[1]))
    if both:
        raise ConfigError(f"{path}: plan code(s) {', '.join(both)} in both {BY_PLAN} and {BLANK_NAME_BY_PLAN}")
    return dict(data)
