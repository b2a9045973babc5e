"""The ``wdh`` application and the one place that turns errors into exit codes."""

from __future__ import annotations

import functools
import sys

import typer
import typer.core
import typer.main

from work_data_hub.cli.commands import (
    auth,
    cleanse,
    customer_mdm,
    db,
    discover,
    domains,
    enrich_queue,
    eqc_refresh,
    etl,
    import_legacy,
    reconcile,
    reference,
    runs,
    samples,
)


def _hide_flag_types() -> None:
    """typer's rich help labels every on/off flag `<bool>`, which reads as if it took a
    value; a flag shows no type label (options with a value keep theirs)."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich
    if getattr(shown, "_wdh_flags_hidden", False):
        return

    def display_type_rich(self: TyperOption, ctx: typer.Context) -> str | None:  # type: ignore[name-defined]
        return None if self.is_flag else shown(self, ctx)

    display_type_rich._wdh_flags_hidden = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign,assignment]


_hide_flag_types()

app = typer.Typer(
    name="wdh",
    help="WorkDataHub: load the month's annuity workbooks into the warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("etl")(etl.etl)
app.command("discover")(discover.discover)
app.add_typer(runs.app, name="runs")
app.command("reconcile")(reconcile.reconcile)
app.add_typer(domains.app, name="domains")
app.add_typer(db.app, name="db")
app.add_typer(reference.app, name="reference")
app.command("enrich-queue")(enrich_queue.enrich_queue)
app.add_typer(auth.app, name="auth")
app.command("eqc-refresh")(eqc_refresh.eqc_refresh)
app.command("cleanse")(cleanse.cleanse)
app.command("sample-data")(samples.sample_data)
app.command("import-legacy")(import_legacy.import_legacy)
app.add_typer(customer_mdm.app, name="customer-mdm")


@functools.cache
def _command() -> typer.core.TyperGroup:
    # Built once per process: ``app()`` rebuilds the whole click tree on every call (30 ms),
    # which every in-process run (tests, Dagster ops) would pay per command.
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    return command


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; core raises WdhError subclasses carrying their exit code. A run that
    cannot start prints its one line on stderr and, with ``--json``, also
    ``{"error": …, "exit_code": …}`` on stdout, so a script reading stdout always gets JSON."""
    args = sys.argv[1:] if argv is None else argv
    code, message = _run(args)
    if message is not None and "--json" in args:
        import json

        sys.stdout.write(json.dumps({"error": message, "exit_code": code}, ensure_ascii=False) + "\n")
    return code


def _run(argv: list[str]) -> tuple[int, str | None]:
    """The exit code and, when the command did not run to its end, the error message."""
    from work_data_hub.cli.options import configure_logging
    from work_data_hub.core.errors import Interrupted, WdhError

    configure_logging(0, quiet=False)  # every command logs to stderr, even one that sets no level
    try:
        result = _command().main(args=argv, standalone_mode=False)
    except Interrupted as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code, exc.message
    except WdhError as exc:
        from work_data_hub.cli.render import escape_controls

        print(f"error: {escape_controls(exc.message)}", file=sys.stderr)
        return exc.exit_code, exc.message
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130, "interrupted"
    except typer.Exit as exc:
        return int(exc.exit_code or 0), None
    except typer.Abort:
        print("interrupted", file=sys.stderr)
        return 130, "interrupted"
    except typer.TyperException as exc:  # usage errors: show() prints the one-line message
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            print(f"error: {exc}", file=sys.stderr)
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return int(getattr(exc, "exit_code", 2)), message
    except Exception as exc:  # never a traceback for a user; -vv logs show details
        print(f"error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1, f"internal error: {type(exc).__name__}: {exc}"
    return int(result or 0), None
