"""The registered domains: every sub-package of ``domains`` whose ``spec`` module declares
``DOMAIN``. Adding a domain is a new folder; the platform never names one."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from functools import cache

from work_data_hub.core import domains as _pkg
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.errors import UsageError
from work_data_hub.core.samples.declaration import DomainSample


@cache
def all_domains() -> tuple[DomainSpec, ...]:
    found = []
    for info in pkgutil.iter_modules(_pkg.__path__):
        if not info.ispkg or importlib.util.find_spec(f"{_pkg.__name__}.{info.name}.spec") is None:
            continue
        module = importlib.import_module(f"{_pkg.__name__}.{info.name}.spec")
        spec = getattr(module, "DOMAIN", None)
        if isinstance(spec, DomainSpec):
            found.append(spec)
    return tuple(sorted(found, key=lambda d: (d.order, d.name)))


def domain_names() -> list[str]:
    return [d.name for d in all_domains()]


def get_domain(name: str) -> DomainSpec:
    for spec in all_domains():
        if spec.name == name:
            return spec
    raise UsageError(f"unknown domain '{name}' (known: {', '.join(domain_names())})")


def resolve(names: list[str] | None) -> list[DomainSpec]:
    """Domains in the order given; ``None`` means all, in registry order."""
    if names is None:
        return list(all_domains())
    seen: list[DomainSpec] = []
    for name in names:
        spec = get_domain(name)
        if spec not in seen:
            seen.append(spec)
    return seen


def sample_of(spec: DomainSpec) -> DomainSample | None:
    """The ``SAMPLE`` of the domain's ``sample`` module (the generator of its own sheet
    rows), found next to the ``spec`` module that declares it."""
    package = _packages().get(spec.name)
    if package is None or importlib.util.find_spec(f"{package}.sample") is None:
        return None
    sample = getattr(importlib.import_module(f"{package}.sample"), "SAMPLE", None)
    return sample if isinstance(sample, DomainSample) else None


@cache
def _packages() -> dict[str, str]:
    out: dict[str, str] = {}
    for info in pkgutil.iter_modules(_pkg.__path__):
        if info.ispkg and importlib.util.find_spec(f"{_pkg.__name__}.{info.name}.spec") is not None:
            spec = getattr(importlib.import_module(f"{_pkg.__name__}.{info.name}.spec"), "DOMAIN", None)
            if isinstance(spec, DomainSpec):
                out[spec.name] = f"{_pkg.__name__}.{info.name}"
    return out


def reset() -> None:
    """Forget what was found (a domain was just added to the package)."""
    all_domains.cache_clear()
    _packages.cache_clear()
