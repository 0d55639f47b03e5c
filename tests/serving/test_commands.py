"""`flask serve` (the development server) really serves the app, and refuses what it should."""

from __future__ import annotations

import os
import subprocess
import sys

import requests

from tests.serving.conftest import ROOT, free_port, wait_until_up


def test_serve_answers_on_its_port_without_naming_its_software(database_url, tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SCHEDULER_ENABLED": "0"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/health", server, log)
        response = requests.get(f"http://127.0.0.1:{port}/api/health", timeout=10)
        assert response.json() == {"status": "ok"}
        assert "Werkzeug" not in response.headers.get("Server", "")
        assert "Python" not in response.headers.get("Server", "")
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
