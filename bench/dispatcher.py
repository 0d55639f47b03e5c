"""Dispatcher throughput per channel, against a bare client loop to the same sink.

    .venv/bin/python bench/dispatcher.py                      # 5,000 messages per channel
    .venv/bin/python bench/dispatcher.py --messages 20000 --batch-size 1000
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python bench/dispatcher.py

The database is a fresh SQLite file built by the real migrations (or the given PostgreSQL
database, whose schema is dropped and rebuilt). Members and outbox rows are queued through
``enqueue_messages``; the dispatcher figure is the wall time of ``Dispatcher.run()`` per
channel: claiming, the send rules, rendering, the provider I/O and recording each outcome.

In the same run, per channel, a bare client loop sends the same number of messages to the
same sink with the same number of connections and nothing else: pooled ``smtplib``
connections sending prebuilt messages for email, keep-alive ``requests`` sessions posting
prebuilt JSON for SMS and push. Both sinks (aiosmtpd; http.server with keep-alive) run in a
process of their own, as a relay or provider would, so they do not share the measured
process's interpreter lock. Output, per channel:

    email: <n> messages/s
    email bare client: <n> messages/s
    email ratio: <dispatcher / bare>
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import os
import smtplib
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402
from sqlalchemy import create_engine, insert, select, text  # noqa: E402

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # noon in Shanghai, outside quiet hours


def build_app(url: str | None):
    from app import create_app
    from app.config import normalise_database_url

    if url:
        url = normalise_database_url(url)
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False}), url


def serve_sinks(pipe) -> None:
    """The sinks' process: answers ``ports``, ``counts``, ``email`` and ``http <channel>``."""
    from tests.messaging.sinks import HttpSink, SmtpSink

    with SmtpSink() as smtp, HttpSink() as http:
        while True:
            command = pipe.recv()
            if command == "ports":
                pipe.send((smtp.port, http.url))
            elif command == "counts":
                paths = [d["path"] for d in list(http.delivered.values())]
                pipe.send({"email": len(smtp.messages), **{p: paths.count(p) for p in set(paths)}})
            elif command == "email":
                pipe.send(list(smtp.messages.values()))
            elif command.startswith("http "):
                path = "/" + command.split()[1]
                pipe.send(
                    [(k, d["json"]) for k, d in list(http.delivered.items()) if d["path"] == path]
                )
            else:
                pipe.send(None)
                return


class Sinks:
    def __init__(self):
        ctx = multiprocessing.get_context("spawn")
        self.pipe, child = ctx.Pipe()
        self.process = ctx.Process(target=serve_sinks, args=(child,), daemon=True)

    def ask(self, command: str):
        self.pipe.send(command)
        return self.pipe.recv()

    def __enter__(self):
        self.process.start()
        self.smtp_port, self.http_url = self.ask("ports")
        return self

    def __exit__(self, *exc):
        self.ask("stop")
        self.process.join(10)


def bare_smtp(port: int, raw: list[tuple[str, bytes]], connections: int) -> float:
    """Seconds for ``connections`` open smtplib connections to send ``raw`` (to, bytes)."""
    lanes = [raw[i::connections] for i in range(connections)]
    opened = [smtplib.SMTP("127.0.0.1", port) for _ in lanes]

    def lane(args):
        smtp, part = args
        for to, data in part:
            smtp.sendmail("club@brand.example", [to], data)

    started = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(lane, zip(opened, lanes, strict=True)))
    elapsed = time.perf_counter() - started
    for smtp in opened:
        smtp.quit()
    return elapsed


def bare_http(url: str, bodies: list[tuple[str, dict]], concurrency: int) -> float:
    """Seconds for ``concurrency`` keep-alive sessions to POST ``bodies`` (key, json)."""
    lanes = [bodies[i::concurrency] for i in range(concurrency)]

    def lane(part):
        with requests.Session() as http:
            for key, body in part:
                http.post(url, json=body, headers={"Idempotency-Key": key}, timeout=10)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lane, lanes))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=5000, help="per channel")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--connections", type=int, default=4, help="SMTP connections")
    parser.add_argument("--concurrency", type=int, default=8, help="HTTP requests in flight")
    parser.add_argument("--channels", default="email,sms,push")
    parser.add_argument(
        "--profile",
        metavar="PREFIX",
        help="profile Dispatcher.run() (cProfile, its own thread) into PREFIX.<channel>",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="also send one more round per channel with this many dispatcher processes",
    )
    args = parser.parse_args()

    from flask_migrate import upgrade

    from app.extensions import db
    from app.messaging.dispatcher import DEFAULT_CHUNK_SIZE, Dispatcher
    from app.messaging.outbox import enqueue_messages
    from app.messaging.providers.email_smtp import close_pools
    from app.messaging.settings import save_channel
    from app.models import Member, MessageTemplate

    chunk = args.chunk_size or DEFAULT_CHUNK_SIZE
    app, url = build_app(os.environ.get("DATABASE_URL"))
    with app.app_context(), Sinks() as sinks:
        upgrade()
        n = args.messages
        rows = [
            {
                "external_id": f"B{i:07d}",
                "name": f"Member {i}",
                "email": f"b{i}@example.com",
                "phone": f"139{i:08d}",
                "consent_email": True,
                "consent_sms": True,
                "consent_push": True,
            }
            for i in range(n)
        ]
        db.session.execute(insert(Member), rows)
        ids = list(db.session.scalars(select(Member.id).order_by(Member.id)))
        smtp_config = {
            "host": "127.0.0.1",
            "port": sinks.smtp_port,
            "tls": "none",
            "from_address": "club@brand.example",
            "connections": args.connections,
        }
        assert not save_channel(db.session, "email", True, smtp_config, {})
        for channel in ("sms", "push"):
            config = {"endpoint": f"{sinks.http_url}/{channel}", "concurrency": args.concurrency}
            # The day caps would stop all but the first message of a member.
            assert not save_channel(db.session, channel, True, config, {"day_cap": None})
        db.session.add_all(
            [
                MessageTemplate(
                    key="email",
                    name="e",
                    channel="email",
                    subject="{{ member.name }}, 50 off",
                    body="<p>Hi {{ member.name }}, spend 200 get 50 off.</p>",
                ),
                MessageTemplate(
                    key="sms", name="s", channel="sms", body="{{ member.name }}: 50 off"
                ),
                MessageTemplate(
                    key="push",
                    name="p",
                    channel="push",
                    subject="50 off",
                    body="{{ member.name }}: 50 off",
                ),
            ]
        )
        db.session.commit()
        print(
            f"database: {url.split('@')[-1]}; {n} messages per channel; batch "
            f"{args.batch_size}, chunk {chunk}; {args.connections} SMTP connections, "
            f"HTTP concurrency {args.concurrency}"
        )
        for channel in args.channels.split(","):
            sink_count = lambda c=channel: sinks.ask("counts").get(  # noqa: E731
                c if c == "email" else f"/{c}", 0
            )
            items = [(m, channel, channel, {}, f"bench:{channel}:{m}") for m in ids]
            enqueue_messages(db.session, items, NOW)
            db.session.commit()
            dispatcher = Dispatcher(
                db.session, clock=lambda: NOW, batch_size=args.batch_size, chunk_size=chunk
            )
            profile = cProfile.Profile() if args.profile else None
            cpu = time.process_time()
            started = time.perf_counter()
            if profile:
                profile.enable()
            stats = dispatcher.run()
            if profile:
                profile.disable()
                profile.dump_stats(f"{args.profile}.{channel}")
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu
            assert sink_count() == n, (channel, sink_count(), dict(stats.outcomes))

            if channel == "email":
                raw = [
                    (f"b{i}@example.com", data.replace(b"Message-ID: <", b"Message-ID: <bare"))
                    for i, data in enumerate(sinks.ask("email"))
                ]
                bare_cpu = time.process_time()
                bare = bare_smtp(sinks.smtp_port, raw, args.connections)
                bare_cpu = time.process_time() - bare_cpu
                assert sink_count() == 2 * n
            else:
                bodies = [(f"bare:{key}", body) for key, body in sinks.ask(f"http {channel}")]
                bare_cpu = time.process_time()
                bare = bare_http(f"{sinks.http_url}/bare-{channel}", bodies, args.concurrency)
                bare_cpu = time.process_time() - bare_cpu
                assert sinks.ask("counts")[f"/bare-{channel}"] == n
            rate, bare_rate = n / elapsed, n / bare
            print(f"{channel}: {rate:,.0f} messages/s")
            print(f"{channel} bare client: {bare_rate:,.0f} messages/s")
            print(f"{channel} ratio: {rate / bare_rate:.2f}")
            print(
                f"{channel} CPU of this process per message: {cpu / n * 1e6:,.0f} µs "
                f"(bare client {bare_cpu / n * 1e6:,.0f} µs)"
            )
            if args.workers > 1:
                items = [(m, channel, channel, {}, f"bench:{channel}:w:{m}") for m in ids]
                enqueue_messages(db.session, items, NOW)
                db.session.commit()
                seconds = run_workers(url, args.workers, args.batch_size, chunk)
                sent = sinks.ask("counts").get(channel if channel == "email" else f"/{channel}")
                assert sent == (3 if channel == "email" else 2) * n, sent
                print(f"{channel} with {args.workers} workers: {n / seconds:,.0f} messages/s")
        close_pools()


def _worker(url: str, batch_size: int, chunk: int, ready, go, done) -> None:
    from datetime import timedelta

    from app import create_app
    from app.extensions import db
    from app.messaging.dispatcher import Dispatcher

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False})
    with app.app_context():
        ready.release()
        go.wait()
        Dispatcher(
            db.session,
            clock=lambda: NOW,
            batch_size=batch_size,
            chunk_size=chunk,
            lease=timedelta(minutes=5),
        ).run()
        done.put(time.perf_counter())


def run_workers(url: str, workers: int, batch_size: int, chunk: int) -> float:
    """Seconds for ``workers`` dispatcher processes to send everything due, from the moment
    all of them are ready (imports and app set-up not counted)."""
    ctx = multiprocessing.get_context("spawn")
    ready, go, done = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(url, batch_size, chunk, ready, go, done))
        for _ in range(workers)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire()
    started = time.perf_counter()
    go.set()
    ends = [done.get() for _ in procs]
    for p in procs:
        p.join()
    return max(ends) - started


if __name__ == "__main__":
    main()
