"""The production server as the README starts it: gunicorn, two processes, Socket.IO through
Redis, browsers on websockets only."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import requests

from app.auth.passwords import CONCURRENT_HASHES
from app.live.deltas import without_zeros
from tests.conftest import PASSWORD
from tests.engine.factories import START
from tests.live.conftest import Watcher, apply_event, database_counters, session_cookies
from tests.serving.conftest import REDIS_URL, ROOT, established_connections

CLIENTS = 20


def test_twenty_live_clients_over_two_processes_all_get_their_counters(
    start_production, running, make_user, database_url
):
    server = start_production(workers=2)
    workers = server.workers()
    assert len(workers) == 2
    # One sign-in, as one browser with many tabs: the sign-in itself is throttled per address.
    cookie = session_cookies(server.url, make_user("viewer").email)

    watchers = [Watcher() for _ in range(CLIENTS)]
    try:
        states = []
        for watcher in watchers:
            watcher.connect(server.url, cookie)
            joined = watcher.join("live-basics")
            assert joined["ok"] is True, joined
            states.append(without_zeros(joined["nodes"]))
        held = {pid: established_connections(pid, server.port) for pid in workers}
        # (A sign-in connection still in keep-alive may be counted too.)
        assert sum(held.values()) >= CLIENTS, held
        print(f"websockets per web process: {held}")

        # An engine worker in a third process moves the 120 members on; its counters reach
        # every web process through Redis, and each delivers them to its own sockets.
        at = (START + timedelta(days=2, seconds=1)).isoformat()
        worker = subprocess.run(
            [sys.executable, "-m", "tests.live.worker_tick", database_url, REDIS_URL, at],
            cwd=ROOT,
            env=server.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stderr[-3000:]

        expected = database_counters("live-basics")
        assert expected["done"] == {"entered": 120, "exited": 120}
        for i, watcher in enumerate(watchers):
            seen = []
            while states[i] != expected:
                name, data = watcher.next_event(timeout=30)
                seen.append(name)
                states[i] = apply_event(states[i], name, data)
            assert {"counters", "snapshot"} & set(seen), seen
    finally:
        for watcher in watchers:
            watcher.close()
    assert "Invalid session" not in server.log.read_text()


def test_long_polling_is_refused_so_no_session_spans_two_processes(start_production):
    server = start_production(workers=2)
    response = requests.get(
        f"{server.url}/socket.io/", params={"EIO": "4", "transport": "polling"}, timeout=10
    )
    assert response.status_code == 400


def test_production_without_redis_refuses_several_processes(database_url):
    env = {"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--production", "--workers", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_the_production_server_sends_security_headers_and_no_software_banner(start_production):
    server = start_production(workers=2)
    response = requests.get(f"{server.url}/api/health", timeout=10)
    assert response.headers["Server"] == "loyalty-canvas"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    spec = requests.get(f"{server.url}/api/auth/session", timeout=10)
    assert spec.headers["X-Frame-Options"] == "DENY"


def _sign_in(url: str, email: str, password: str, http=None) -> requests.Response:
    http = http or requests.Session()
    http.get(f"{url}/api/auth/session", timeout=10)
    return http.post(
        f"{url}/api/auth/login",
        json={"email": email, "password": password},
        headers={"X-CSRFToken": http.cookies["csrf_token"]},
        timeout=30,
    )


def test_failed_sign_ins_are_counted_across_processes_in_redis(start_production, make_user):
    make_user("admin", "ada@example.com")
    server = start_production(workers=2, LOGIN_LIMIT_ACCOUNT="3 per 15 minutes")
    # A new connection for each try: gunicorn hands them to either process.
    for _ in range(3):
        assert _sign_in(server.url, "ada@example.com", "wrong password").status_code == 401
    response = _sign_in(server.url, "ada@example.com", PASSWORD)
    assert response.status_code == 429
    assert "Retry-After" in response.headers


def test_a_copied_session_is_refused_after_sign_out(start_production, make_user):
    make_user("marketer", "mia@example.com")
    server = start_production(workers=2)
    browser = requests.Session()
    assert _sign_in(server.url, "mia@example.com", PASSWORD, browser).status_code == 200
    copied = requests.Session()
    copied.cookies.update(browser.cookies)
    assert copied.get(f"{server.url}/api/journeys", timeout=10).status_code == 200
    logout = browser.post(
        f"{server.url}/api/auth/logout",
        headers={"X-CSRFToken": browser.cookies["csrf_token"]},
        timeout=10,
    )
    assert logout.status_code == 200
    assert copied.get(f"{server.url}/api/journeys", timeout=10).status_code == 401


def _peak_mib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    return int(next(line for line in status if line.startswith("VmHWM")).split()[1]) // 1024


def test_a_burst_of_sign_ins_does_not_grow_the_server_by_a_hash_each(start_production):
    server = start_production(workers=1)
    (worker,) = server.workers()
    before = _peak_mib(worker)
    with ThreadPoolExecutor(16) as pool:
        answers = list(
            pool.map(
                lambda i: _sign_in(server.url, f"nobody{i}@example.com", "wrong").status_code,
                range(16),
            )
        )
    assert answers == [401] * 16
    # Argon2id holds 64 MiB per hash; at most CONCURRENT_HASHES are computed at once.
    assert _peak_mib(worker) - before <= (CONCURRENT_HASHES + 1) * 64 + 64
