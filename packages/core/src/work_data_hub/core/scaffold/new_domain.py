"""Creating a domain: its folder (spec, transform, sample — placeholders to fill in), its
block in config/data_sources.yml and its migration, written by autogenerate from the new
declaration. Refuses to touch anything that exists already."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from work_data_hub.core.config.data_sources import load_data_sources
from work_data_hub.core.errors import UsageError
from work_data_hub.core.scaffold import templates

_NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
_IDENTIFIER = re.compile(r"^[\w\u4e00-\u9fff]+$")
_COLLECTED = "{YYYYMM}/收集数据"


@dataclass(frozen=True)
class NewDomain:
    name: str
    sheet: str
    schema: str
    table: str
    pattern: str
    base_path: str
    recursive: bool = False


@dataclass
class Scaffolded:
    folder: Path
    files: list[Path] = field(default_factory=list)
    config: Path | None = None
    migration: Path | None = None


def parse_table(text: str) -> tuple[str, str]:
    schema, dot, table = text.partition(".")
    if not dot or not _IDENTIFIER.match(schema) or not _IDENTIFIER.match(table):
        raise UsageError(f"--table {text!r}: expected SCHEMA.TABLE, e.g. business.提费扩面")
    return schema, table


def _check(new: NewDomain, domains_dir: Path, config: Path) -> None:
    from work_data_hub.core.domains import registry
    from work_data_hub.core.load.database import SCHEMAS

    if not _NAME.match(new.name):
        raise UsageError(f"domain name {new.name!r}: lower-case letters, digits and _ (e.g. fee_expansion)")
    if new.name in registry.domain_names() or (domains_dir / new.name).exists():
        raise UsageError(f"domain {new.name} exists already ({domains_dir / new.name})")
    if new.schema not in SCHEMAS:
        raise UsageError(f"--table: schema {new.schema} is not a warehouse schema ({', '.join(SCHEMAS)})")
    taken = {d.table for d in registry.all_domains()}
    if new.table in taken:
        raise UsageError(f"--table: a domain already writes a table named {new.table}")
    if new.name in load_data_sources(config):
        raise UsageError(f"{config}: domains.{new.name} exists already")
    if not new.base_path.startswith(_COLLECTED):
        raise UsageError(f"--base-path {new.base_path!r}: must start with {_COLLECTED}")


def scaffold(new: NewDomain, config_dir: Path) -> Scaffolded:
    from work_data_hub.core import domains
    from work_data_hub.core.domains import registry
    from work_data_hub.core.load.autogen import new_revision

    domains_dir = Path(domains.__file__).parent
    config = config_dir / "data_sources.yml"
    _check(new, domains_dir, config)
    order = max((d.order for d in registry.all_domains()), default=0) + 10
    folder_below = new.base_path.removeprefix(_COLLECTED).strip("/") or "业务收集"
    values = {
        "name": new.name,
        "sheet": new.sheet,
        "schema": new.schema,
        "table": new.table,
        "order": order,
        "folder": folder_below,
        "file_stem": new.pattern.replace("*", "").removesuffix(".xlsx") or new.sheet,
    }
    folder = domains_dir / new.name
    out = Scaffolded(folder=folder)
    folder.mkdir()
    for file, template in (
        ("__init__.py", templates.INIT),
        ("spec.py", templates.SPEC),
        ("transform.py", templates.TRANSFORM),
        ("sample.py", templates.SAMPLE),
    ):
        path = folder / file
        path.write_text(template.format(**values), encoding="utf-8")
        out.files.append(path)

    block = templates.DATA_SOURCE.format(
        name=new.name,
        base_path=new.base_path,
        pattern=new.pattern,
        sheet=new.sheet,
        recursive="\n    recursive: true" if new.recursive else "",
    )
    with config.open("a", encoding="utf-8") as fh:
        fh.write(block)
    out.config = config

    importlib.invalidate_caches()
    registry.reset()
    out.migration = new_revision(f"{new.name}: {new.schema}.{new.table}")
    return out
