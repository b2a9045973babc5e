"""Typed errors. Core never prints or exits: it raises these, and the caller turns the
message (one line a user can act on) and the exit code into output."""

from __future__ import annotations


class WdhError(Exception):
    """Base of every error a user may see. ``exit_code`` follows the CLI contract."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(WdhError):
    """The run cannot start: bad arguments (malformed period, unknown domain …)."""

    exit_code = 2


class ConfigError(WdhError):
    """A configuration file is malformed; the message names file, key path and problem."""

    exit_code = 2


class DatabaseUnavailable(WdhError):
    """The warehouse cannot be reached."""

    exit_code = 2


class PendingMigrations(WdhError):
    """The PostgreSQL warehouse is behind the migrations; `db upgrade` must run first."""

    exit_code = 2


class DiscoveryError(WdhError):
    """No source file, or an ambiguous choice, for a domain and period."""


class SourceError(WdhError):
    """The source file cannot be used: corrupt, missing sheet, missing required column …"""


class ValidationFailed(WdhError):
    """The data breaks a domain-level rule: period mismatch, too many rejections, empty sheet."""


class LoadError(WdhError):
    """The warehouse refused the write; the transaction was rolled back."""


class Interrupted(WdhError):
    """Ctrl-C (SIGINT): the message says which domain was not written and what had been
    committed; printed as is (``interrupted: …``), exit 130 like a shell."""

    exit_code = 130
