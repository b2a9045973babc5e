"""A domain's own output rules, beyond what its ``Column`` declarations already say
(type, length, precision, nullability). Plain data, so a spec module declares them without
importing pandera; ``output_schema`` turns them into checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class OneOf:
    """Every non-NULL value of ``column`` is one of ``values``."""

    column: str
    values: tuple[object, ...]


@dataclass(frozen=True)
class Between:
    """Every non-NULL value of ``column`` lies in [low, high]."""

    column: str
    low: float
    high: float


@dataclass(frozen=True)
class Matches:
    """Every non-NULL value of ``column`` matches the regular expression ``pattern`` whole."""

    column: str
    pattern: str


@dataclass(frozen=True)
class RowRule:
    """A cross-column rule: ``test`` returns a boolean Series, True where a row is fine."""

    name: str
    test: Callable[[pd.DataFrame], pd.Series]


OutputRule = OneOf | Between | Matches | RowRule
