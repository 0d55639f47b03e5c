"""Kill the dispatcher in the middle of a 10,000-message batch and restart it: every
message is delivered exactly once by its idempotency key, and none is lost.

The dispatcher runs as a real subprocess (``flask channels dispatch``) against the test
database; the SMTP and HTTP sinks run in this process, so they outlive the kill. They
deliver each key once (Message-ID for SMTP, Idempotency-Key for HTTP), as the providers do.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.messaging.outbox import enqueue_messages
from app.models import OutboxMessage

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # noon in Shanghai: outside quiet hours
TOTAL = 10_000
BATCH = 500


def start_dispatcher(database_url: str, now: datetime) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "SCHEDULER_ENABLED": "0"}
    cmd = [sys.executable, "-m", "flask", "--app", "wsgi", "channels", "dispatch"]
    cmd += ["--now", now.isoformat(), "--batch-size", str(BATCH), "--lease-seconds", "300"]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def delivered(smtp_sink, http_sink) -> int:
    return len(smtp_sink.messages) + len(http_sink.delivered)


def test_sigkill_mid_batch_then_restart_sends_each_message_once(
    database_url, members, message_template, channels, smtp_sink, http_sink
):
    channels(
        "email",
        {"host": "127.0.0.1", "port": smtp_sink.port, "tls": "none", "from_address": "c@b.example"},
    )
    channels("sms", {"endpoint": http_sink.url + "/sms", "concurrency": 4})
    message_template("e", "email", subject="Hi {{ member.name }}", body="<p>Offer</p>")
    message_template("s", "sms", body="Offer for {{ member.name }}")
    ids = members(TOTAL // 2)
    items = [(m, "email", "e", {}, f"crash:e:{m}") for m in ids]
    items += [(m, "sms", "s", {}, f"crash:s:{m}") for m in ids]
    enqueue_messages(db.session, items, NOW)
    db.session.commit()
    db.session.remove()

    first = start_dispatcher(database_url, NOW)
    deadline = time.monotonic() + 300
    while delivered(smtp_sink, http_sink) < 2_500 and first.poll() is None:
        assert time.monotonic() < deadline, "the dispatcher delivered too little"
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    before_restart = delivered(smtp_sink, http_sink)
    assert before_restart < TOTAL, "killed too late to test anything"
    leased = db.session.scalar(select(func.count()).where(OutboxMessage.status == "sending"))
    db.session.remove()

    # After the lease (5 minutes) the rows the dead worker held are due again.
    second = start_dispatcher(database_url, NOW + timedelta(minutes=6))
    output = second.communicate(timeout=600)[0].decode()
    assert second.returncode == 0, output

    keys = {key for *_, key in items}
    smtp_keys = [m["X-Loyalty-Key"] for m in smtp_sink.parsed()]
    delivered_keys = smtp_keys + list(http_sink.delivered)
    assert len(delivered_keys) == TOTAL and set(delivered_keys) == keys
    statuses = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    assert statuses == {"sent": TOTAL}
    resent = sum(n - 1 for n in smtp_sink.attempts.values()) + sum(
        n - 1 for n in http_sink.attempts.values()
    )
    # Only what the killed worker held could be sent twice, and the sinks kept one copy.
    assert resent <= leased <= BATCH
    print(f"\nkilled after {before_restart} deliveries; {leased} leased rows; {resent} re-sent")
