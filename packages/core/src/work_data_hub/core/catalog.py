"""Read-only services behind the CLI's information commands (discover, runs, domains)
and the explicit migration command."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from work_data_hub.core.config.data_sources import load_data_sources
from work_data_hub.core.discovery import discover
from work_data_hub.core.discovery.finder import FileSelection
from work_data_hub.core.domains import registry
from work_data_hub.core.errors import ConfigError, UsageError
from work_data_hub.core.load import database, migrate
from work_data_hub.core.load.ledger import recent_runs as _recent
from work_data_hub.core.load.lock import warehouse_lock
from work_data_hub.core.period import Period
from work_data_hub.core.settings import Settings


@dataclass
class DomainDiscovery:
    domain: str
    chosen: str | None
    version: str | None
    folder: str | None
    sheets: list[str]
    error: str | None
    supplements: list[str] = field(default_factory=list)
    excluded: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def discover_period(
    settings: Settings, period_text: str, names: list[str] | None, selection: FileSelection | None
) -> list[DomainDiscovery]:
    period = Period.parse(period_text)
    specs = registry.resolve(names)
    config = settings.resolved_config_dir() / "data_sources.yml"
    sources = load_data_sources(config)
    out = []
    for spec in specs:
        if spec.name not in sources:
            raise ConfigError(f"{config}: domains.{spec.name}: missing")
        found = discover(spec.name, sources[spec.name], settings.data_root, period, selection)
        out.append(
            DomainDiscovery(
                domain=spec.name,
                chosen=found.rel(found.chosen) if found.chosen else None,
                version=found.version,
                folder=found.rel(found.folder) if found.folder else None,
                sheets=list(sources[spec.name].sheets),
                error=found.error,
                supplements=[found.rel(p) for p in found.supplements],
                excluded=[{"file": found.rel(e.path), "reason": e.reason} for e in found.excluded],
            )
        )
    return out


def recent_runs(settings: Settings, limit: int) -> list[dict[str, Any]]:
    url = settings.resolved_database_url()
    if not database.warehouse_exists(url):
        return []
    engine = database.create_warehouse_engine(url, read_only=True)
    database.check_reachable(engine, url)
    try:
        return _recent(engine, limit)
    finally:
        engine.dispose()


def upgrade_database(settings: Settings) -> tuple[str, set[str], set[str]]:
    url = settings.resolved_database_url()
    database.ensure_sqlite_folder(url)
    engine = database.create_warehouse_engine(url)
    database.check_reachable(engine, url)
    # The warehouse lock, as `etl --execute` takes it before migrating: concurrent upgrades
    # (and first runs) apply each migration once, one after the other.
    with warehouse_lock(engine, url, settings.lock_timeout):
        before, after = migrate.upgrade(engine)
    return database.mask_url(url), before, after


def database_revision(settings: Settings) -> tuple[str, set[str], set[str]]:
    url = settings.resolved_database_url()
    if not database.warehouse_exists(url):
        return database.mask_url(url), set(), migrate.head_revisions()
    engine = database.create_warehouse_engine(url, read_only=True)
    database.check_reachable(engine, url)
    return database.mask_url(url), migrate.current_revisions(engine), migrate.head_revisions()


def check_database(settings: Settings) -> tuple[str, list[str]]:
    """What ``alembic check`` reports for the warehouse: its differences from the
    declarations (the warehouse must be at head; a dry read, nothing is changed)."""
    from work_data_hub.core.load import autogen

    url = settings.resolved_database_url()
    target = database.mask_url(url)
    if not database.warehouse_exists(url):
        raise UsageError(f"database {target} does not exist: run `python -m work_data_hub.cli db upgrade` first")
    engine = database.create_warehouse_engine(url, read_only=True)
    database.check_reachable(engine, url)
    if not migrate.is_current(engine):
        raise UsageError(f"database {target} is not at the latest migration: run `db upgrade` first")
    return target, autogen.differences(engine)


def list_domains(settings: Settings) -> list[dict[str, Any]]:
    sources = load_data_sources(settings.resolved_config_dir() / "data_sources.yml")
    return [
        {
            "domain": d.name,
            "description": d.description,
            "table": f"{d.schema}.{d.table}",
            "sheets": list(sources[d.name].sheets) if d.name in sources else [],
            "refresh": d.refresh,
            "monitored_measure": d.monitored_measure,
        }
        for d in registry.all_domains()
    ]
