"""The production server started as the README says: ``flask --app wsgi serve --production``
(gunicorn, several processes), on a free port of ``TEST_PORTS`` (default 5600-5699)."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import requests

# The live view's published journey with 120 members waiting, shared with tests/live.
from tests.live.conftest import running  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")


def pytest_collection_modifyitems(config, items):
    """Tests marked ``sqlite`` are about SQLite's file lock: deselected on PostgreSQL."""
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("sqlite") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def free_port() -> int:
    """A port of ``TEST_PORTS`` ("first-last") nobody listens on now."""
    first, last = (int(p) for p in os.environ.get("TEST_PORTS", "5600-5699").split("-"))
    ports = list(range(first, last + 1))
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{last}")


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    """Poll ``url`` until it answers 200; fail with the server's log if the server exits."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited ({process.returncode}):\n{log.read_text()}")
        try:
            if requests.get(url, timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise AssertionError(f"the server did not answer within 90 s:\n{log.read_text()}")


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name in parentheses may hold spaces; the parent id follows it.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def established_connections(pid: int, port: int) -> int:
    """TCP connections process ``pid`` holds open on local ``port``."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01" and fields[9] in inodes:
                count += 1
    return count


@dataclass
class ProductionServer:
    url: str
    port: int
    process: subprocess.Popen
    log: Path
    env: dict

    def workers(self) -> list[int]:
        return children(self.process.pid)


@pytest.fixture
def socketio_channel() -> str:
    """A Redis pub/sub channel of this test alone (pub/sub ignores the database number)."""
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def start_production(database_url, tmp_path, socketio_channel) -> Iterator:
    """Start ``flask --app wsgi serve --production`` with extra environment; stopped after."""
    started: list[ProductionServer] = []

    def start(workers: int = 2, **env: str) -> ProductionServer:
        redis.Redis.from_url(REDIS_URL).ping()
        port = free_port()
        log = tmp_path / f"server-{port}.log"
        full_env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "SOCKETIO_CHANNEL": socketio_channel,
            "RATELIMIT_KEY_PREFIX": socketio_channel,
            "FRONTEND_DIST": os.environ.get("FRONTEND_DIST", str(tmp_path / "no-frontend")),
            **env,
        }
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--production"]
        command += ["--workers", str(workers), "--port", str(port)]
        with log.open("w") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT
            )
        server = ProductionServer(f"http://127.0.0.1:{port}", port, process, log, full_env)
        started.append(server)
        wait_until_up(f"{server.url}/api/health", process, log)
        return server

    yield start
    for server in started:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
            try:
                server.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()
