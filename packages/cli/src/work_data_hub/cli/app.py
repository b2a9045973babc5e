"""The ``wdh`` application and the one place that turns errors into exit codes."""

from __future__ import annotations

import sys

import typer

from work_data_hub.cli.commands import (
    auth,
    cleanse,
    db,
    discover,
    domains,
    enrich_queue,
    eqc_refresh,
    etl,
    reference,
    runs,
    samples,
)

app = typer.Typer(
    name="wdh",
    help="WorkDataHub: load the month's annuity workbooks into the warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("etl")(etl.etl)
app.command("discover")(discover.discover)
app.command("runs")(runs.runs)
app.add_typer(domains.app, name="domains")
app.add_typer(db.app, name="db")
app.add_typer(reference.app, name="reference")
app.command("enrich-queue")(enrich_queue.enrich_queue)
app.add_typer(auth.app, name="auth")
app.command("eqc-refresh")(eqc_refresh.eqc_refresh)
app.command("cleanse")(cleanse.cleanse)
app.command("sample-data")(samples.sample_data)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; core raises WdhError subclasses carrying their exit code."""
    from work_data_hub.core.errors import Interrupted, WdhError

    try:
        result = app(args=argv, standalone_mode=False)
    except Interrupted as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except WdhError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        print("interrupted", file=sys.stderr)
        return 130
    except typer.TyperException as exc:  # usage errors: show() prints the one-line message
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            print(f"error: {exc}", file=sys.stderr)
        return int(getattr(exc, "exit_code", 2))
    except Exception as exc:  # never a traceback for a user; -vv logs show details
        print(f"error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return int(result or 0)
