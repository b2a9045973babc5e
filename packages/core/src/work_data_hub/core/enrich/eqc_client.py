"""The EQC HTTP client (enrichment spec §10): GET calls under
``<base>/kg-api-hfd/api/search/`` with the ``token`` header, connect/read timeouts, a rate
limiter shared by all workers, jittered retries on 429/5xx/network errors, and one switch
that stops every further call after a 401/403/TokenExpired.

The token lives only in the request header: never in a URL, log line, exception or repr.
Log lines name the endpoint and status, never the query string."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

import structlog

log = structlog.get_logger("work_data_hub.eqc")

AUTH_MESSAGE = 'EQC token expired or invalid: run "python -m work_data_hub.cli auth refresh"'
NO_TOKEN_MESSAGE = "no EQC token configured"
API_PATH = "/kg-api-hfd/api/"  # endpoint paths below start with search/
MAX_RETRIES = 3
MAX_BACKOFF = 30.0

Validity = Literal["valid", "invalid", "unknown"]


class EqcFailure(Exception):
    """A call that did not give a usable answer; the message never holds the token."""


class AuthFailure(EqcFailure):
    def __init__(self) -> None:
        super().__init__(AUTH_MESSAGE)


class TransientFailure(EqcFailure):
    """Timeouts, connection errors, 429 and 5xx after the client's own retries."""


class RefusedFailure(EqcFailure):
    """200 with an error text, another 4xx, or a body that is not JSON: not retried."""


class RateLimiter:
    """At most ``per_minute`` requests per minute, evenly spaced, shared by threads."""

    def __init__(self, per_minute: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 60.0 / per_minute
        self._next = 0.0
        self._lock = threading.Lock()
        self._sleep = sleep

    def acquire(self) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            self._sleep(slot - now)


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any] | None  # None for 404


class EqcClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        read_timeout: float = 30.0,
        connect_timeout: float = 5.0,
        rate_per_minute: float = 10.0,
        retry_base: float = 1.0,
    ) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"EQC base URL must be http(s)://host[:port]: {parts.scheme}://{parts.hostname}")
        self.base_url = f"{parts.scheme}://{parts.netloc}{parts.path}"
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/") + API_PATH
        self.__token = token
        self.read_timeout = read_timeout
        self.connect_timeout = connect_timeout
        self.retry_base = retry_base
        self.limiter = RateLimiter(rate_per_minute)
        self.auth_failed = threading.Event()
        self._count_lock = threading.Lock()
        self.requests_sent = 0

    def __repr__(self) -> str:
        return f"EqcClient({self.base_url!r})"

    # -- endpoints -------------------------------------------------------------------
    def search(self, key: str) -> dict[str, Any] | None:
        """The search body, or None when EQC answers 404."""
        return self._get("search/", {"key": key}).body

    def find_depart(self, company_id: str) -> dict[str, Any] | None:
        return self._get("search/findDepart", {"targetId": company_id}).body

    def find_labels(self, company_id: str) -> dict[str, Any] | None:
        return self._get("search/findLabels", {"targetId": company_id}).body

    def validate(self) -> Validity:
        """The cheap call (spec §10.4), once, without retries."""
        try:
            self._get("search/searchAll", {"keyword": "test", "currentPage": "1", "pageSize": "1"}, retries=0)
        except AuthFailure:
            return "invalid"
        except EqcFailure:
            return "unknown"
        return "valid"

    # -- transport -------------------------------------------------------------------
    def _get(self, endpoint: str, query: dict[str, str], retries: int = MAX_RETRIES) -> Reply:
        attempt = 0
        while True:
            if self.auth_failed.is_set():
                raise AuthFailure()
            self.limiter.acquire()
            retry_after: float | None = None
            try:
                status, retry_header, raw = self._send(endpoint, query)
            except (OSError, http.client.HTTPException) as exc:
                problem = f"{endpoint}: {type(exc).__name__}"
                log.info("eqc_call_failed", endpoint=endpoint, error=type(exc).__name__)
            else:
                log.debug("eqc_call", endpoint=endpoint, status=status)
                if status in (401, 403):
                    self.auth_failed.set()
                    raise AuthFailure()
                if status == 404:
                    return Reply(404, None)
                if 200 <= status < 300:
                    return Reply(status, self._parse(endpoint, raw))
                if status != 429 and status < 500:
                    raise RefusedFailure(f"{endpoint}: HTTP {status}")
                problem = f"{endpoint}: HTTP {status}"
                retry_after = _seconds(retry_header)
            if attempt >= retries:
                raise TransientFailure(problem)
            attempt += 1
            delay = retry_after if retry_after is not None else self._backoff(attempt)
            time.sleep(min(delay, MAX_BACKOFF))

    def _backoff(self, attempt: int) -> float:
        return self.retry_base * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)

    def _parse(self, endpoint: str, raw: bytes) -> dict[str, Any]:
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise RefusedFailure(f"{endpoint}: response is not JSON") from None
        if not isinstance(body, dict):
            raise RefusedFailure(f"{endpoint}: response is not a JSON object")
        error = body.get("error")
        if error:
            if str(error).strip() == "TokenExpired":
                self.auth_failed.set()
                raise AuthFailure()
            raise RefusedFailure(f"{endpoint}: refused ({str(error)[:80]})")
        return body

    def _send(self, endpoint: str, query: dict[str, str]) -> tuple[int, str | None, bytes]:
        cls = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
        conn = cls(self._host, self._port, timeout=self.connect_timeout)
        with self._count_lock:
            self.requests_sent += 1
        try:
            conn.connect()
            if conn.sock is not None:
                conn.sock.settimeout(self.read_timeout)
            headers = {"token": self.__token, "Referer": self.base_url + "/", "Accept": "application/json"}
            conn.request("GET", f"{self._prefix}{endpoint}?{urlencode(query)}", headers=headers)
            response = conn.getresponse()
            return response.status, response.getheader("Retry-After"), response.read()
        finally:
            conn.close()


def _seconds(header: str | None) -> float | None:
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        return None
