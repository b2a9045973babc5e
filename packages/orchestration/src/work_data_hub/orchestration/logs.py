"""Core logs through structlog; in Dagster processes they go to the stdlib logger of the
same name, so an instance listing ``work_data_hub.batch`` under
``python_logs: managed_python_loggers`` shows them in the run's logs."""

from __future__ import annotations

import structlog


def route_core_logs_to_stdlib() -> None:
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.processors.format_exc_info,
            structlog.processors.KeyValueRenderer(key_order=["event"]),
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
