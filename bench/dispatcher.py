"""Dispatcher throughput: messages per second to a local SMTP sink and to a local HTTP sink.

    .venv/bin/python bench/dispatcher.py                      # 5,000 emails, 5,000 SMS
    .venv/bin/python bench/dispatcher.py --messages 20000 --batch-size 1000
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python bench/dispatcher.py

The database is a fresh SQLite file built by the real migrations (or the given PostgreSQL
database, whose schema is dropped and rebuilt). Members and outbox rows are queued through
``enqueue_messages``; the figure is the wall time of ``Dispatcher.run()`` per channel, which
includes claiming, the send rules, rendering, the provider I/O and recording each outcome.
Both sinks run in this process (aiosmtpd; http.server with keep-alive).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=5000, help="per channel")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8, help="HTTP requests in flight")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from app.extensions import db
    from app.messaging.dispatcher import Dispatcher
    from app.messaging.outbox import enqueue_messages
    from app.messaging.settings import save_channel
    from app.models import Member, MessageTemplate
    from tests.messaging.sinks import HttpSink, SmtpSink

    app, url = build_app(os.environ.get("DATABASE_URL"))
    with app.app_context(), SmtpSink() as smtp, HttpSink() as http:
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
            }
            for i in range(n)
        ]
        db.session.execute(insert(Member), rows)
        ids = list(db.session.scalars(select(Member.id).order_by(Member.id)))
        smtp_config = {
            "host": "127.0.0.1",
            "port": smtp.port,
            "tls": "none",
            "from_address": "club@brand.example",
        }
        assert not save_channel(db.session, "email", True, smtp_config, {})
        sms_config = {"endpoint": http.url + "/sms", "concurrency": args.concurrency}
        assert not save_channel(db.session, "sms", True, sms_config, {})
        db.session.add_all(
            [
                MessageTemplate(
                    key="e",
                    name="e",
                    channel="email",
                    subject="{{ member.name }}, 50 off",
                    body="<p>Hi {{ member.name }}, spend 200 get 50 off.</p>",
                ),
                MessageTemplate(key="s", name="s", channel="sms", body="{{ member.name }}: 50 off"),
            ]
        )
        db.session.commit()
        print(f"database: {url.split('@')[-1]}; {n} messages per channel; batch {args.batch_size}")
        for channel, template, sink_count in (
            ("email", "e", lambda: len(smtp.messages)),
            ("sms", "s", lambda: len(http.delivered)),
        ):
            items = [(m, channel, template, {}, f"bench:{channel}:{m}") for m in ids]
            enqueue_messages(db.session, items, NOW)
            db.session.commit()
            started = time.perf_counter()
            stats = Dispatcher(db.session, clock=lambda: NOW, batch_size=args.batch_size).run()
            elapsed = time.perf_counter() - started
            assert sink_count() == n, (channel, sink_count(), dict(stats.outcomes))
            print(
                f"{channel:5} -> {'SMTP' if channel == 'email' else 'HTTP'} sink: {n} sent in "
                f"{elapsed:.2f}s = {n / elapsed:,.0f} messages/s  {dict(stats.outcomes)}"
            )


if __name__ == "__main__":
    main()
