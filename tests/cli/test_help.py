"""`--help` of every command: no `<bool>` type label on an on/off flag, while options that
take a value keep their type."""

from __future__ import annotations

from typing import Any

import pytest
import typer

from work_data_hub.cli.app import app


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    if hasattr(command, "commands"):  # a group (typer ships its own click)
        for name, sub in command.commands.items():
            out += _commands(sub, (*path, name))
    return out


COMMANDS = _commands(typer.main.get_command(app))


def test_every_command_is_found() -> None:
    assert ("etl",) in COMMANDS and ("auth", "status") in COMMANDS and ("db", "upgrade") in COMMANDS


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "wdh")
def test_help_shows_no_bool_labels(cli, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*path, "--help", extra_env={"COLUMNS": "200"})
    assert result.code == 0, result.stderr
    assert "<bool>" not in result.stdout and "BOOLEAN" not in result.stdout
    if path == ("etl",):
        assert "<str>" in result.stdout and "--execute" in result.stdout  # value options keep theirs
