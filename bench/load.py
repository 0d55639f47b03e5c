"""Load test: 20 clients post events and read pages against the production server while the
engine steps the members those events bring in.

    .venv/bin/python bench/load.py [--database-url URL] [--users 20] [--seconds 60]
                                   [--members 10000] [--workers 2] [--port 5650]
                                   [--lock-profile]

Builds a database (a fresh SQLite file in a temp dir, or the given PostgreSQL database,
emptied), stores members, a token and a published journey (``login`` event → tag → exit),
then starts ``flask --app wsgi serve --production`` (with ``REDIS_URL``, default Redis
database 13) and one ``flask --app wsgi worker`` (the engine), and runs locust (as a library)
with ``--users`` clients for ``--seconds``: each client posts single events (3 in 5
requests), reads a page of members and reads the journey's counters. Prints per request
kind: count, failures, server errors, p50/p95/p99/max in ms; and the engine's member steps
and its longest pause while events were waiting. With ``--lock-profile`` (SQLite), also how
long each kind of transaction waited for and held the write lock
(``bench/lock_profile/sitecustomize.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

# locust patches the standard library with gevent when imported: before the app loads.
import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JOURNEY = {
    "schema_version": 1,
    "key": "load",
    "name": "Load test",
    "nodes": [
        {"id": "start", "type": "entry.event", "config": {"event_type": "login", "where": []}},
        {"id": "tag", "type": "action.tag", "config": {"tag": "seen"}},
        {"id": "done", "type": "exit", "config": {}},
    ],
    "edges": [
        {"id": "e1", "source": "start", "target": "tag", "branch": "next"},
        {"id": "e2", "source": "tag", "target": "done", "branch": "next"},
    ],
    "settings": {"entry": {"reentry": "always"}},
}
PASSWORD = "load test password"


def prepare(url: str, members: int) -> str:
    """Migrate and fill the database; returns the API token's secret."""
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text

    from app import create_app
    from app.auth.cli import ensure_user
    from app.auth.tokens import issue_token
    from app.config import normalise_database_url
    from app.extensions import db

    url = normalise_database_url(url)
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False})
    with app.app_context():
        upgrade()
        ensure_user("load@example.com", "admin", PASSWORD)
        _, secret = issue_token("load", ["members:write", "events:write", "members:read"])
        db.session.commit()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {secret}"}
        for start in range(0, members, 10_000):
            records = [{"external_id": f"M{i}"} for i in range(start, min(start + 10_000, members))]
            r = client.post("/api/members/bulk", json={"records": records}, headers=headers)
            assert r.status_code == 200, r.get_json()
        client.get("/api/auth/session")
        csrf = {"X-CSRFToken": client.get_cookie("csrf_token").value}
        r = client.post(
            "/api/auth/login",
            json={"email": "load@example.com", "password": PASSWORD},
            headers=csrf,
        )
        assert r.status_code == 200, r.get_json()
        csrf = {"X-CSRFToken": client.get_cookie("csrf_token").value}
        r = client.post("/api/journeys/import", json=JOURNEY, headers=csrf)
        assert r.status_code in (200, 201), r.get_json()
        r = client.post("/api/journeys/load/publish", json={}, headers=csrf)
        assert r.status_code == 200, r.get_json()
        db.engine.dispose()
    return secret


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_up(url: str, process: subprocess.Popen, log: Path) -> None:
    import requests

    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"the server exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/api/health", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not start")


class EngineWatch(threading.Thread):
    """Samples the member steps the engine has logged, once a second."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        from sqlalchemy import create_engine

        from app.config import normalise_database_url

        self.engine = create_engine(normalise_database_url(url))
        self.samples: list[tuple[float, int, int]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        from sqlalchemy import text

        while not self.stop.is_set():
            with self.engine.connect() as conn:
                steps = conn.scalar(text("SELECT count(*) FROM journey_steps"))
                waiting = conn.scalar(
                    text("SELECT count(*) FROM events WHERE type = 'login'")
                ) - conn.scalar(text("SELECT count(*) FROM journey_members"))
            self.samples.append((time.monotonic(), steps, waiting))
            self.stop.wait(1)

    def longest_pause(self) -> float:
        """Longest time the step count stood still while some events had no run yet."""
        longest, since = 0.0, None
        for (t0, s0, w0), (t1, s1, _) in zip(self.samples, self.samples[1:], strict=False):
            if s1 == s0 and w0 > 0:
                since = t0 if since is None else since
                longest = max(longest, t1 - since)
            else:
                since = None
        return longest


def run_locust(url: str, secret: str, users: int, seconds: int):
    server_errors: dict[str, int] = {}

    @events.request.add_listener
    def _count(name, response, **_):
        if response is not None and getattr(response, "status_code", 0) >= 500:
            server_errors[name] = server_errors.get(name, 0) + 1

    class Client(HttpUser):
        host = url
        wait_time = between(0.05, 0.15)

        def on_start(self):
            self.headers = {"Authorization": f"Bearer {secret}"}

        @task(3)
        def post_event(self):
            member = random.randrange(self.environment.parsed_members)
            self.client.post(
                "/api/events",
                json={
                    "member_external_id": f"M{member}",
                    "type": "login",
                    "occurred_at": datetime.now(UTC).isoformat(),
                },
                headers=self.headers,
                name="POST /api/events",
            )

        @task(1)
        def members_page(self):
            self.client.get("/api/members?limit=50", headers=self.headers, name="GET /api/members")

        @task(1)
        def health(self):
            self.client.get("/api/health", name="GET /api/health")

    env = Environment(user_classes=[Client], events=events)
    env.parsed_members = run_locust.members
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    return env.stats, server_errors


def _at(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(len(values) * q))]


def lock_profile(folder: Path, seconds: int) -> None:
    """Print, per request route or job thread, the transactions that wrote and how long they
    waited for and held SQLite's write lock."""
    by_who: dict[str, list[dict]] = {}
    for file in folder.glob("*.jsonl"):
        for line in file.read_text().splitlines():
            record = json.loads(line)
            by_who.setdefault(record["who"], []).append(record)
    print(f"\nwrite lock, {seconds} s: transactions that wrote, wait and hold in ms")
    print(
        f"{'who':<32}{'count':>7}{'held s':>8}{'SQL s':>7}"
        f"{'hold p50':>9}{'p99':>6}{'max':>6}{'wait p50':>9}{'p99':>6}{'max':>6}"
    )
    for who, records in sorted(by_who.items(), key=lambda kv: -sum(r["hold"] for r in kv[1])):
        holds = sorted(r["hold"] * 1000 for r in records)
        waits = sorted(r["wait"] * 1000 for r in records)
        n = len(records)
        print(
            f"{who[:31]:<32}{n:>7}{sum(holds) / 1000:>8.1f}"
            f"{sum(r['sql'] for r in records):>7.1f}"
            f"{_at(holds, 0.5):>9.0f}{_at(holds, 0.99):>6.0f}{holds[-1]:>6.0f}"
            f"{_at(waits, 0.5):>9.0f}{_at(waits, 0.99):>6.0f}{waits[-1]:>6.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=5650)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument(
        "--lock-profile",
        action="store_true",
        help="time every writing transaction of the server and the worker (SQLite)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/load.db"
        secret = prepare(url, args.members)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": args.redis_url,
            "SOCKETIO_CHANNEL": f"load-{os.getpid()}",
            "RATELIMIT_KEY_PREFIX": f"load-{os.getpid()}",
            "ACCESS_LOG": "/dev/null",
        }
        locks = Path(tmp) / "locks"
        if args.lock_profile:
            locks.mkdir()
            path = os.environ.get("PYTHONPATH")
            env["PYTHONPATH"] = os.pathsep.join(
                [str(ROOT / "bench" / "lock_profile"), *([path] if path else [])]
            )
            env["LOCK_PROFILE"] = str(locks)
        base = f"http://127.0.0.1:{args.port}"
        web_log, worker_log = Path(tmp) / "web.log", Path(tmp) / "worker.log"
        web = start(
            [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--production"]
            + ["--workers", str(args.workers), "--port", str(args.port)],
            env,
            web_log,
        )
        worker = start([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], env, worker_log)
        try:
            wait_up(base, web, web_log)
            watch = EngineWatch(url)
            watch.start()
            run_locust.members = args.members
            stats, server_errors = run_locust(base, secret, args.users, args.seconds)
            time.sleep(2)
            watch.stop.set()
            watch.join()
        finally:
            for process in (web, worker):
                process.send_signal(signal.SIGTERM)
            for process in (web, worker):
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
        database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"\n{database}, {args.users} clients, {args.seconds} s, {args.workers} web processes")
        print(
            f"{'request':<20}{'count':>8}{'fail':>6}{'5xx':>6}{'p50':>7}{'p95':>7}{'p99':>7}{'max':>8}"
        )
        for name, entry in sorted(stats.entries.items()):
            label = name[0]
            print(
                f"{label:<20}{entry.num_requests:>8}{entry.num_failures:>6}"
                f"{server_errors.get(label, 0):>6}"
                f"{entry.get_response_time_percentile(0.5):>7.0f}"
                f"{entry.get_response_time_percentile(0.95):>7.0f}"
                f"{entry.get_response_time_percentile(0.99):>7.0f}{entry.max_response_time:>8.0f}"
            )
        steps = watch.samples[-1][1] - watch.samples[0][1]
        print(
            f"engine: {steps} member steps ({steps / args.seconds:.0f}/s), longest pause with "
            f"events waiting {watch.longest_pause():.1f} s, events without a run at the end "
            f"{watch.samples[-1][2]}"
        )
        errors = [line for line in web_log.read_text().splitlines() if "Traceback" in line]
        print(f"server tracebacks: {len(errors)}")
        if args.lock_profile:
            lock_profile(locks, args.seconds)


if __name__ == "__main__":
    main()
