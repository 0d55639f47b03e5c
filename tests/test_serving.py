"""`flask serve` really serves the app (with its websocket endpoint)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_its_port(database_url):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SCHEDULER_ENABLED": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                    body = r.read()
            except OSError:
                time.sleep(0.5)
        assert body == b'{"status":"ok"}\n'
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_refuses_an_unmigrated_database(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/empty.db"}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--port", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "flask --app wsgi db upgrade" in result.stderr
