"""Dagster definitions for WorkDataHub: one monthly-partitioned asset per registered domain,
each materialisation running core's batch runner exactly as ``etl --execute`` does.

Dagster's entry point is ``work_data_hub.orchestration.definitions:defs``; the helpers here
build every definition from the domain registry, so a new domain needs no code in this
package. Core never imports this package, and neither does the CLI."""
