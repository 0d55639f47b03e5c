"""With REDIS_URL set, an engine worker in another process reaches the browsers connected to
the web process, through Redis (needs the Redis server at 127.0.0.1:6379; uses database 15)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from werkzeug.serving import make_server

from app import create_app
from app.live.deltas import merge, without_zeros
from tests.engine.factories import START
from tests.live.conftest import Watcher, apply_event, database_counters, session_cookies

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_server(app, database_url):
    """The app again, its Socket.IO server using Redis as message queue, served live."""
    redis.Redis.from_url(REDIS_URL).ping()
    queued = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "SCHEDULER_ENABLED": False,
            "REDIS_URL": REDIS_URL,
        }
    )
    server = make_server("127.0.0.1", 0, queued, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="redis-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def test_a_worker_process_emits_through_redis_to_the_browser(
    redis_server, running, make_user, database_url
):
    watcher = Watcher()
    try:
        watcher.connect(redis_server, session_cookies(redis_server, make_user("viewer").email))
        joined = watcher.join("live-basics")
        assert joined["ok"] is True

        at = (START + timedelta(days=2, seconds=1)).isoformat()
        worker = subprocess.run(
            [sys.executable, "-m", "tests.live.worker_tick", database_url, REDIS_URL, at],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stderr[-3000:]
        assert int(worker.stdout.split()[-1]) == 240  # 120 leave the wait, 120 exit

        expected = database_counters("live-basics")
        state, seen = without_zeros(joined["nodes"]), []
        while state != expected:
            name, data = watcher.next_event(timeout=20)
            seen.append(name)
            state = apply_event(state, name, data)
        assert "counters" in seen
        assert merge({}, state)["done"] == {"entered": 120, "exited": 120}
    finally:
        watcher.close()
