"""Derived-data steps: computed from what the domains loaded, run by the batch runner
after the domain runs of a period, and told when the queue re-keys a temporary company
id. Each step declares which domains trigger it; the platform names none."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy.engine import Connection

from work_data_hub.core.period import Period

# Modules that declare a ``STEP``.
STEP_MODULES = ("work_data_hub.core.customer_mdm.step",)


@dataclass(frozen=True)
class PostLoadStep:
    name: str
    # The step runs after a batch in which one of these domains loaded successfully.
    after: frozenset[str]
    # (connection, period, config dir, execute) → counts; raises WdhError to fail the step.
    run: Callable[[Connection, Period, Any, bool], dict[str, int]]
    # (connection, temporary id, real id) → rows re-keyed per table, in the queue's transaction.
    rekey: Callable[[Connection, str, str], dict[str, int]] | None = None
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@cache
def post_load_steps() -> tuple[PostLoadStep, ...]:
    return tuple(importlib.import_module(m).STEP for m in STEP_MODULES)
