"""Dagster definitions for WorkDataHub; filled in by the orchestration issue."""
