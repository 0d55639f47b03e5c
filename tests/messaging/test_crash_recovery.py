"""Kill the dispatcher again and again while it sends, restart it each time: every message
is delivered, and each kill re-sends at most the chunk that was in flight.

The dispatcher runs as a real subprocess (``flask channels dispatch``) against the test
database; the SMTP and HTTP sinks run in this process, so they outlive the kills. They count
every attempt per Message-ID / Idempotency-Key and keep one copy, as the receiving side
does. The bound (``docs/channels.md``): a SIGKILL re-sends at most two messages per open
connection (or HTTP request slot), those sent but not yet recorded.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.messaging.outbox import enqueue_messages
from app.messaging.providers.email_smtp import message_id_for
from app.models import OutboxMessage
from tests.messaging.dispatchers import DispatcherProcess

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # noon in Shanghai: outside quiet hours
TOTAL = 4_000
BATCH = 500
CHUNK = 50
KILLS = 4
LANES = 4  # SMTP connections, HTTP requests at once
#: The stated bound: two messages per connection sent and not yet recorded.
BOUND = 2 * LANES


def dispatcher(database_url, log, now) -> DispatcherProcess:
    args = ["--now", now.isoformat(), "--batch-size", str(BATCH), "--lease-seconds", "300"]
    return DispatcherProcess(database_url, log, *args, "--chunk-size", str(CHUNK))


def attempts(smtp_sink, http_sink) -> int:
    return sum(smtp_sink.attempts.values()) + sum(http_sink.attempts.values())


def leases() -> dict[str, str]:
    """Idempotency key → claim token of every leased row."""
    found = dict(
        db.session.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.claim_token).where(
                OutboxMessage.status == "sending"
            )
        ).all()
    )
    db.session.remove()
    return found


def in_flight_at_kill(smtp_sink, http_sink, old_tokens: set) -> int:
    """Rows leased by the dead worker whose message the sink already received."""
    return sum(
        1
        for key, token in leases().items()
        if token not in old_tokens
        and (message_id_for(key, "b.example") in smtp_sink.attempts or key in http_sink.attempts)
    )


def resent(smtp_sink, http_sink) -> int:
    return sum(n - 1 for n in smtp_sink.attempts.values()) + sum(
        n - 1 for n in http_sink.attempts.values()
    )


def test_each_sigkill_resends_at_most_the_chunk_in_flight(
    database_url, tmp_path, members, message_template, channels, smtp_sink, http_sink
):
    channels(
        "email",
        {
            "host": "127.0.0.1",
            "port": smtp_sink.port,
            "tls": "none",
            "from_address": "c@b.example",
            "connections": LANES,
        },
    )
    channels("sms", {"endpoint": http_sink.url + "/sms", "concurrency": LANES})
    message_template("e", "email", subject="Hi {{ member.name }}", body="<p>Offer</p>")
    message_template("s", "sms", body="Offer for {{ member.name }}")
    ids = members(TOTAL // 2)
    items = [(m, "email", "e", {}, f"crash:e:{m}") for m in ids]
    items += [(m, "sms", "s", {}, f"crash:s:{m}") for m in ids]
    enqueue_messages(db.session, items, NOW)
    db.session.commit()
    db.session.remove()

    per_kill = []
    now = NOW
    for k in range(KILLS):
        old_tokens = set(leases().values())  # rows earlier dead workers still hold
        worker = dispatcher(database_url, tmp_path / f"run{k}.log", now)
        target = (k + 1) * TOTAL // (KILLS + 1)
        deadline = time.monotonic() + 120
        while attempts(smtp_sink, http_sink) < target:
            assert worker.process.poll() is None, worker.output()
            assert time.monotonic() < deadline, "the dispatcher delivered too little"
            time.sleep(0.005)
        worker.kill()
        time.sleep(0.3)  # requests written just before the kill reach the sinks' handlers
        per_kill.append(in_flight_at_kill(smtp_sink, http_sink, old_tokens))
        # After the lease (5 minutes) the rows the dead worker held are due again.
        now += timedelta(minutes=6)

    last = dispatcher(database_url, tmp_path / "last.log", now)
    assert last.wait(timeout=300) == 0, last.output()

    print(f"\nsent but not recorded at each of {KILLS} kills: {per_kill}")
    assert all(n <= BOUND for n in per_kill), per_kill
    # Exactly those, and nothing else, were sent twice.
    assert resent(smtp_sink, http_sink) == sum(per_kill)

    keys = {key for *_, key in items}
    smtp_keys = [m["X-Loyalty-Key"] for m in smtp_sink.parsed()]
    assert len(smtp_keys) + len(http_sink.delivered) == TOTAL
    assert set(smtp_keys) | set(http_sink.delivered) == keys
    statuses = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    assert statuses == {"sent": TOTAL}
