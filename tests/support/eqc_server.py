"""A real EQC stand-in: an HTTP server on 127.0.0.1 speaking the endpoints of enrichment
spec §10 under ``/kg-api-hfd/api/search/``. It enforces the ``token`` header (401
otherwise), answers from the companies a test registers, can be scripted to answer
401/403/404/429/5xx/non-JSON/TokenExpired or slowly, and logs every request so tests can
assert exact request counts. Runs in a thread of the test process; the CLI (in-process or a
subprocess) reaches it over TCP like the real service."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PREFIX = "/kg-api-hfd/api/search/"
ENDPOINTS = {"": "search", "findDepart": "findDepart", "findLabels": "findLabels", "searchAll": "searchAll"}


@dataclass(frozen=True)
class Logged:
    endpoint: str  # search, findDepart, findLabels, searchAll, or the unknown path
    query: dict[str, str]
    path: str  # as requested, to check no credential ever appears in a URL
    headers: dict[str, str]
    status: int
    at: float


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict → JSON; str/bytes → sent as is
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


NORMAL = Reply(status=0)  # in a script: "answer this call as usual"


@dataclass
class Company:
    company_id: str | int
    full_name: str
    match_type: str | None = "全称精确匹配"
    unite_code: str | None = None
    former_names: str | None = None
    labels: list[dict[str, Any]] | None = None
    details: dict[str, Any] | None = None


class EqcServer:
    def __init__(self) -> None:
        self.token = "tok-" + uuid.uuid4().hex
        self.companies: dict[str, Company] = {}
        self.search_index: dict[str, list[Company]] = {}
        self.scripts: dict[str, list[Reply]] = {}
        self.always: dict[str, Reply] = {}
        self.delay = 0.0
        self.requests: list[Logged] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def env(self, token: str | None = None) -> dict[str, str]:
        """What a CLI subprocess needs to talk to this server (fast retries, no rate wait)."""
        return {
            "WDH_EQC_BASE_URL": self.url,
            "WDH_EQC_TOKEN": self.token if token is None else token,
            "WDH_EQC_RATE_LIMIT": "60000",
            "WDH_EQC_RETRY_BASE": "0.01",
            "WDH_EQC_TIMEOUT": "5",
        }

    # -- what the server knows -----------------------------------------------------------
    def add_company(self, company: Company, *search_keys: str) -> Company:
        """Register a company; searching any of ``search_keys`` (default: its full name)
        returns it as the first item."""
        self.companies[str(company.company_id)] = company
        for key in search_keys or (company.full_name,):
            self.search_index.setdefault(key, []).insert(0, company)
        return company

    def script(self, endpoint: str, *replies: Reply) -> None:
        """The next calls of ``endpoint`` get these replies, in order, then normal answers."""
        with self._lock:
            self.scripts.setdefault(endpoint, []).extend(replies)

    def fail_always(self, endpoint: str, reply: Reply) -> None:
        self.always[endpoint] = reply

    # -- what happened ------------------------------------------------------------------
    def calls(self, endpoint: str | None = None) -> list[Logged]:
        with self._lock:
            return [r for r in self.requests if endpoint is None or r.endpoint == endpoint]

    def count(self, endpoint: str | None = None) -> int:
        return len(self.calls(endpoint))

    def searched(self) -> list[str]:
        return [r.query.get("key", "") for r in self.calls("search")]

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- answers --------------------------------------------------------------------------
    def _answer(self, endpoint: str, query: dict[str, str]) -> Reply:
        with self._lock:
            queued = self.scripts.get(endpoint)
            scripted = queued.pop(0) if queued else None
        if scripted is not None and scripted.status != NORMAL.status:
            return scripted
        if endpoint in self.always:
            return self.always[endpoint]
        if endpoint == "searchAll":
            return Reply(body={"list": [], "total": 0})
        if endpoint == "search":
            found = self.search_index.get(query.get("key", ""), [])
            return Reply(body={"list": [_item(c) for c in found]})
        company = self.companies.get(query.get("targetId", ""))
        if company is None:
            return Reply(404, {"message": "not found"})
        if endpoint == "findDepart":
            dto = {
                "companyFullName": company.full_name,
                "unite_code": company.unite_code,
                "registered_date": "2001-05-12",
            }
            if company.former_names is not None:
                dto["company_former_name"] = company.former_names
            return Reply(body={"businessInfodto": company.details if company.details is not None else dto})
        if endpoint == "findLabels":
            return Reply(body={"labels": company.labels or []})
        return Reply(404, {"message": "unknown endpoint"})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                rest = parts.path[len(PREFIX) :] if parts.path.startswith(PREFIX) else None
                endpoint = ENDPOINTS.get(rest.rstrip("/"), parts.path) if rest is not None else parts.path
                if self.headers.get("token") != server.token:
                    reply = Reply(401, {"error": "Unauthorized"})
                else:
                    reply = server._answer(endpoint, query)
                delay = max(reply.delay, server.delay)
                with server._lock:
                    server.requests.append(
                        Logged(endpoint, query, self.path, dict(self.headers.items()), reply.status, time.time())
                    )
                if delay:
                    time.sleep(delay)
                payload = reply.body
                if isinstance(payload, str):
                    data = payload.encode("utf-8")
                elif isinstance(payload, bytes):
                    data = payload
                else:
                    data = json.dumps(payload if payload is not None else {}, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                    pass

        return Handler

    def start(self) -> EqcServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _item(company: Company) -> dict[str, Any]:
    item: dict[str, Any] = {
        "companyId": company.company_id,
        "companyFullName": company.full_name,
        "unite_code": company.unite_code,
    }
    if company.match_type is not None:
        item["type"] = company.match_type
    return item


@contextmanager
def running_eqc() -> Iterator[EqcServer]:
    server = EqcServer().start()
    try:
        yield server
    finally:
        server.stop()
