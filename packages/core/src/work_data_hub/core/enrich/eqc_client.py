"""The EQC HTTP client (enrichment spec §10): GET calls under
``<base>/kg-api-hfd/api/search/`` with the ``token`` header, on one pooled httpx client
with connect/read timeouts; a rate limiter shared by all workers; jittered exponential
retries (tenacity) on 429/5xx/network errors, honouring ``Retry-After``; and one switch
that stops every further call after a 401/403/TokenExpired.

The token lives only in the request header: never in a URL, log line, exception or repr.
A token holding a control character is refused before any call (it would break the header
and an HTTP library would print it back in its error). Every failure message passes
through ``redact`` so an error body echoing the token cannot carry it out. Log lines name
the endpoint and status, never the query string."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote, urlsplit

import httpx
import structlog
import tenacity

log = structlog.get_logger("work_data_hub.eqc")

AUTH_MESSAGE = 'EQC token expired or invalid: run "python -m work_data_hub.cli auth refresh"'
NO_TOKEN_MESSAGE = "no EQC token configured"
BAD_TOKEN_MESSAGE = (
    "the EQC token contains a line break or another control character: it was not used "
    '(store it again with "python -m work_data_hub.cli auth refresh" or fix WDH_EQC_TOKEN)'
)
REDACTED = "[token]"
API_PATH = "/kg-api-hfd/api/"  # endpoint paths below start with search/
MAX_RETRIES = 3
MAX_BACKOFF = 30.0
BODY_EXCERPT = 80  # characters of an error body kept in a message (after redaction)

Validity = Literal["valid", "invalid", "unknown"]
Sleep = Callable[[float], None]


class EqcFailure(Exception):
    """A call that did not give a usable answer; the message never holds the token."""


class AuthFailure(EqcFailure):
    def __init__(self) -> None:
        super().__init__(AUTH_MESSAGE)


class TransientFailure(EqcFailure):
    """Timeouts, connection errors, 429 and 5xx after the client's own retries."""


class RefusedFailure(EqcFailure):
    """200 with an error text, another 4xx, or a body that is not JSON: not retried."""


class TokenRefused(ValueError):
    """The token cannot be sent (control characters); the message does not show it."""

    def __init__(self) -> None:
        super().__init__(BAD_TOKEN_MESSAGE)


def has_control_characters(token: str) -> bool:
    return any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in token)


class _Retry(Exception):
    """One attempt that may be retried; ``retry_after`` is the server's wish, if any."""

    def __init__(self, problem: str, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.retry_after = retry_after


class RateLimiter:
    """At most ``per_minute`` requests per minute, evenly spaced, shared by threads."""

    def __init__(self, per_minute: float, sleep: Sleep = time.sleep) -> None:
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


class Backoff:
    """tenacity wait: ``Retry-After`` when the server sent one, else ``base · 2^(n-1)``
    times a jitter in [0.5, 1.5); never above ``MAX_BACKOFF``."""

    def __init__(self, base: float, jitter: Callable[[float, float], float] = random.uniform) -> None:
        self.base = base
        self.jitter = jitter

    def __call__(self, state: tenacity.RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome is not None else None
        if isinstance(failure, _Retry) and failure.retry_after is not None:
            return min(failure.retry_after, MAX_BACKOFF)
        return min(self.base * 2 ** (state.attempt_number - 1) * self.jitter(0.5, 1.5), MAX_BACKOFF)


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
        sleep: Sleep = time.sleep,
        jitter: Callable[[float, float], float] = random.uniform,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """``sleep`` waits between retries (a test passes ``list.append`` to record the
        schedule without waiting); ``jitter`` draws the backoff factor."""
        if has_control_characters(token):
            raise TokenRefused()
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"EQC base URL must be http(s)://host[:port]: {parts.scheme}://{parts.hostname}")
        self.base_url = f"{parts.scheme}://{parts.netloc}{parts.path}"
        self.__token = token
        self.read_timeout = read_timeout
        self.connect_timeout = connect_timeout
        self.retry_base = retry_base
        self.backoff = Backoff(retry_base, jitter)
        self._sleep = sleep
        self.limiter = RateLimiter(rate_per_minute)
        self.auth_failed = threading.Event()
        self._count_lock = threading.Lock()
        self.requests_sent = 0
        # One pool for every call and worker thread (httpx.Client is thread-safe).
        self._http = httpx.Client(
            base_url=self.base_url + API_PATH,
            headers={"token": token, "Referer": self.base_url + "/", "Accept": "application/json"},
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            follow_redirects=False,
            trust_env=False,  # a proxy variable must not route the token elsewhere
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"EqcClient({self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> EqcClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def redact(self, text: str) -> str:
        """``text`` with the token (raw or URL-encoded) replaced by ``[token]``."""
        for form in {self.__token, quote(self.__token, safe="")}:
            if form:
                text = text.replace(form, REDACTED)
        return text

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
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(retries + 1),
            retry=tenacity.retry_if_exception_type(_Retry),
            wait=self.backoff,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(endpoint, query)
        except _Retry as exc:
            raise TransientFailure(self.redact(exc.problem)) from None
        raise AssertionError("unreachable: tenacity either returns or re-raises")  # pragma: no cover

    def _once(self, endpoint: str, query: dict[str, str]) -> Reply:
        if self.auth_failed.is_set():
            raise AuthFailure()
        self.limiter.acquire()
        with self._count_lock:
            self.requests_sent += 1
        try:
            response = self._http.get(endpoint, params=query)
        except httpx.TimeoutException as exc:
            log.info("eqc_call_failed", endpoint=endpoint, error="TimeoutError")
            raise _Retry(f"{endpoint}: TimeoutError ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            log.info("eqc_call_failed", endpoint=endpoint, error=type(exc).__name__)
            raise _Retry(f"{endpoint}: {type(exc).__name__}") from None
        status = response.status_code
        log.debug("eqc_call", endpoint=endpoint, status=status)
        if status in (401, 403):
            self.auth_failed.set()
            raise AuthFailure()
        if status == 404:
            return Reply(404, None)
        if 200 <= status < 300:
            return Reply(status, self._parse(endpoint, response.content))
        if status != 429 and status < 500:
            raise RefusedFailure(self.redact(f"{endpoint}: HTTP {status}{self._excerpt(response.content)}"))
        raise _Retry(f"{endpoint}: HTTP {status}", _seconds(response.headers.get("Retry-After")))

    def _excerpt(self, raw: bytes) -> str:
        text = " ".join(self.redact(raw.decode("utf-8", "replace")).split())
        return f" ({text[:BODY_EXCERPT]})" if text else ""

    def _parse(self, endpoint: str, raw: bytes) -> dict[str, Any]:
        import json

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
            raise RefusedFailure(f"{endpoint}: refused ({self.redact(str(error))[:BODY_EXCERPT]})")
        return body


def _seconds(header: str | None) -> float | None:
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        return None
