"""The EQC client against the real stand-in server (enrichment spec §10): headers and
token, retries and their request counts, the auth switch, timeouts, secrets."""

from __future__ import annotations

import itertools

import pytest

from support.eqc_server import Company, EqcServer, Reply
from work_data_hub.core.enrich.eqc_client import (
    AUTH_MESSAGE,
    AuthFailure,
    EqcClient,
    RateLimiter,
    RefusedFailure,
    TokenRefused,
    TransientFailure,
)


def test_headers_token_only_in_header_and_integer_ids(eqc: EqcServer, client: EqcClient) -> None:
    eqc.add_company(Company(614810477, "甲公司"))
    body = client.search("甲公司")
    assert body is not None and body["list"][0]["companyId"] == 614810477
    call = eqc.calls("search")[0]
    assert call.headers["token"] == eqc.token
    assert call.headers["Referer"] == eqc.url + "/"
    assert call.headers["Accept"] == "application/json"
    assert call.path.startswith("/kg-api-hfd/api/search/?key=")
    assert eqc.token not in call.path and eqc.token not in repr(client)


def test_429_twice_then_200_is_three_requests_and_one_answer(eqc: EqcServer, client: EqcClient) -> None:
    eqc.add_company(Company(1, "甲公司"))
    eqc.script("search", Reply(429, headers={"Retry-After": "0"}), Reply(429))
    assert client.search("甲公司") is not None
    assert [c.status for c in eqc.calls("search")] == [429, 429, 200]


def test_5xx_is_retried_three_times_then_transient(eqc: EqcServer, client: EqcClient) -> None:
    eqc.fail_always("search", Reply(503))
    with pytest.raises(TransientFailure) as exc:
        client.search("甲公司")
    assert eqc.count("search") == 4
    assert "HTTP 503" in str(exc.value) and eqc.token not in str(exc.value)


def test_backoff_is_jittered_exponential_without_sleeping(eqc: EqcServer) -> None:
    slept: list[float] = []
    factors = iter([0.5, 1.5, 1.0, 1.0])  # tenacity draws a wait for the last attempt too
    client = EqcClient(
        eqc.url, eqc.token, rate_per_minute=60000, retry_base=0.2, sleep=slept.append, jitter=lambda a, b: next(factors)
    )
    eqc.fail_always("search", Reply(500))
    with pytest.raises(TransientFailure):
        client.search("甲公司")
    assert slept == pytest.approx([0.2 * 0.5, 0.4 * 1.5, 0.8 * 1.0])  # base · 2^(n-1) · jitter
    assert eqc.count("search") == 4


def test_the_default_jitter_stays_within_half_to_one_and_a_half(eqc: EqcServer) -> None:
    slept: list[float] = []
    client = EqcClient(eqc.url, eqc.token, rate_per_minute=60000, retry_base=1.0, sleep=slept.append)
    eqc.fail_always("search", Reply(502))
    with pytest.raises(TransientFailure):
        client.search("甲公司")
    assert len(slept) == 3
    for n, delay in enumerate(slept):
        assert 0.5 * 2**n <= delay <= 1.5 * 2**n


def test_retry_after_is_honoured_and_capped(eqc: EqcServer) -> None:
    slept: list[float] = []
    client = EqcClient(eqc.url, eqc.token, rate_per_minute=60000, retry_base=0.01, sleep=slept.append)
    eqc.script("search", Reply(429, headers={"Retry-After": "7"}), Reply(503, headers={"Retry-After": "3600"}))
    assert client.search("甲公司") is not None
    assert slept == [7.0, 30.0]  # the server's wish, never above MAX_BACKOFF


def test_a_401_is_not_retried_and_nothing_is_slept(eqc: EqcServer) -> None:
    slept: list[float] = []
    client = EqcClient(eqc.url, eqc.token, rate_per_minute=60000, sleep=slept.append)
    eqc.script("search", Reply(401))
    with pytest.raises(AuthFailure):
        client.search("甲公司")
    assert slept == [] and eqc.count("search") == 1


@pytest.mark.parametrize("token", ["abc\ndef", "abc\rdef", "abc\x00def", "abc\x1bdef", "abc\x7fdef"])
def test_15_7_a_token_with_a_control_character_is_refused_without_showing_it(eqc: EqcServer, token: str) -> None:
    with pytest.raises(TokenRefused) as exc:
        EqcClient(eqc.url, token)
    assert "abc" not in str(exc.value) and "def" not in str(exc.value)
    assert "control character" in str(exc.value)
    assert eqc.count() == 0


def test_15_7_error_bodies_are_redacted_of_the_token(eqc: EqcServer, client: EqcClient) -> None:
    eqc.script("search", Reply(200, {"error": f"bad header token={eqc.token}"}))
    with pytest.raises(RefusedFailure) as refused:
        client.search("甲公司")
    eqc.script("search", Reply(400, f"echo: {eqc.token} was malformed"))
    with pytest.raises(RefusedFailure) as bad_request:
        client.search("甲公司")
    for exc in (refused.value, bad_request.value):
        assert eqc.token not in str(exc) and "[token]" in str(exc)
    assert "HTTP 400" in str(bad_request.value) and "malformed" in str(bad_request.value)


@pytest.mark.parametrize("reply", [Reply(401), Reply(403), Reply(200, {"error": "TokenExpired"})])
def test_auth_failure_stops_every_later_call(eqc: EqcServer, client: EqcClient, reply: Reply) -> None:
    eqc.script("search", reply)
    with pytest.raises(AuthFailure) as exc:
        client.search("甲公司")
    assert str(exc.value) == AUTH_MESSAGE
    with pytest.raises(AuthFailure):
        client.find_depart("1")
    with pytest.raises(AuthFailure):
        client.search("乙公司")
    assert eqc.count() == 1


def test_wrong_token_is_rejected_by_the_server(eqc: EqcServer) -> None:
    bad = EqcClient(eqc.url, "not-the-token", rate_per_minute=60000, retry_base=0.01)
    assert bad.validate() == "invalid"
    assert eqc.calls()[0].endpoint == "searchAll" and eqc.calls()[0].status == 401


def test_validate_valid_and_unknown(eqc: EqcServer, client: EqcClient) -> None:
    assert client.validate() == "valid"
    eqc.script("searchAll", Reply(502))
    assert client.validate() == "unknown"
    assert eqc.count("searchAll") == 2  # no retry for the cheap call


def test_404_other_4xx_error_text_and_non_json(eqc: EqcServer, client: EqcClient) -> None:
    eqc.script("search", Reply(404))
    assert client.search("甲公司") is None
    eqc.script("search", Reply(400))
    with pytest.raises(RefusedFailure):
        client.search("甲公司")
    eqc.script("search", Reply(200, {"error": "参数错误"}))
    with pytest.raises(RefusedFailure):
        client.search("甲公司")
    eqc.script("search", Reply(200, "<html>gateway</html>"))
    with pytest.raises(RefusedFailure):
        client.search("甲公司")
    assert eqc.count("search") == 4  # none of these is retried


def test_read_timeout_is_transient_after_retries(eqc: EqcServer) -> None:
    quick = EqcClient(eqc.url, eqc.token, rate_per_minute=60000, retry_base=0.01, read_timeout=0.1)
    eqc.delay = 0.5
    with pytest.raises(TransientFailure) as exc:
        quick.search("甲公司")
    assert "TimeoutError" in str(exc.value) or "timeout" in str(exc.value).lower()
    assert eqc.count("search") == 4


def test_connection_refused_is_transient() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = EqcClient(f"http://127.0.0.1:{port}", "secret-token-xyz", rate_per_minute=60000, retry_base=0.01)
    with pytest.raises(TransientFailure) as exc:
        down.search("甲公司")
    assert "secret-token-xyz" not in str(exc.value) and down.requests_sent == 4
    assert down.validate() == "unknown"


def test_rate_limiter_spaces_requests() -> None:
    slept: list[float] = []
    limiter = RateLimiter(per_minute=120, sleep=slept.append)  # one every 0.5 s
    for _ in range(4):
        limiter.acquire()
    assert len(slept) == 3 and all(0.3 < s <= 1.5 + 0.01 for s in slept)
    assert slept == sorted(slept)


def test_rate_limit_applies_to_real_calls(eqc: EqcServer) -> None:
    limited = EqcClient(eqc.url, eqc.token, rate_per_minute=600, retry_base=0.01)  # 0.1 s apart
    for name in ("甲", "乙", "丙", "丁"):
        limited.search(name)
    times = [c.at for c in eqc.calls("search")]
    # the limiter spaces the sends 0.1 s apart; arrival at a busy server may shift each a little
    assert times[-1] - times[0] >= 0.27 and all(b - a >= 0.05 for a, b in itertools.pairwise(times))
