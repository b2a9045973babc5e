"""``wdh auth``: store and check the EQC token. The token is never printed."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from work_data_hub.cli import options as o

app = typer.Typer(help="The EQC company-information token.", no_args_is_help=True)


@app.command("refresh")
def refresh(
    token_stdin: Annotated[
        bool, typer.Option("--token-stdin", help="Read the token from standard input instead of a hidden prompt.")
    ] = False,
    json_out: o.Json = False,
) -> int:
    """Read a new token, validate it with one cheap EQC call, store it (mode 0600)."""
    from work_data_hub.cli import render
    from work_data_hub.core.enrich.services import auth_refresh

    if token_stdin:
        token = sys.stdin.read()
    else:
        import getpass

        token = getpass.getpass("EQC token (input hidden): ")
    result = auth_refresh(o.settings(), token)
    if json_out:
        render.print_json(result)
    elif result["stored"]:
        note = " (could not verify: EQC unreachable)" if result["validity"] == "unknown" else ""
        render.line(f"token stored in {result['token_file']}{note}")
    if not result["stored"]:
        print("error: EQC rejected the token (401/403): it was not stored", file=sys.stderr)
        return 1
    return 0


@app.command("status")
def status(json_out: o.Json = False, verbose: o.Verbose = 0) -> int:
    """Is a token stored, and does EQC accept it (valid / invalid / unknown)?"""
    from work_data_hub.cli import render
    from work_data_hub.core.enrich.services import auth_status

    o.configure_logging(verbose, quiet=False)  # logs on stderr: stdout stays one JSON object
    result = auth_status(o.settings())
    if json_out:
        render.print_json(result)
    elif not result["stored"]:
        render.line(f"no token stored (token file {result['token_file']}; or set WDH_EQC_TOKEN)")
    else:
        render.line(f"token from {result['source']} · {result['validity']}")
    return 0 if result["validity"] == "valid" else 1
