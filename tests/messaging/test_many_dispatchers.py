"""Several dispatcher processes and a slow SMTP server: each message is sent exactly once.

Three ``flask channels dispatch --forever`` processes share 2,000 emails with a lease of
1.5 s, batches of 250 and an SMTP server that takes 30 ms per message, so a batch takes
longer to send than its lease. Without the lease being kept alive, other workers would
claim rows still being sent and send them again; with it, the SMTP server sees every
Message-ID once.
"""

from __future__ import annotations

import time

from sqlalchemy import func, select

from app.extensions import db
from app.messaging.outbox import enqueue_messages
from app.models import OutboxMessage
from app.models.base import utcnow
from tests.messaging.dispatchers import DispatcherProcess
from tests.messaging.sinks import SmtpSink

TOTAL = 2_000
WORKERS = 3
LEASE_SECONDS = 1.5


def test_three_dispatchers_send_each_of_2000_messages_once(
    database_url, tmp_path, members, message_template, channels
):
    with SmtpSink(delay=0.03) as sink:
        channels(
            "email",
            {
                "host": "127.0.0.1",
                "port": sink.port,
                "tls": "none",
                "from_address": "club@brand.example",
                "connections": 4,
            },
        )
        message_template("e", "email", subject="Hi {{ member.name }}", body="<p>Offer</p>")
        ids = members(TOTAL)
        db.session.remove()

        args = ["--forever", "--interval", "0.1", "--batch-size", "250"]
        args += ["--lease-seconds", str(LEASE_SECONDS)]
        workers = [
            DispatcherProcess(database_url, tmp_path / f"dispatcher{i}.log", *args)
            for i in range(WORKERS)
        ]
        try:
            for w in workers:
                w.wait_until_ready()
            # Queued at the real time the dispatchers read: all due at once.
            enqueue_messages(
                db.session, [(m, "email", "e", {}, f"many:{m}") for m in ids], utcnow()
            )
            db.session.commit()
            db.session.remove()
            deadline = time.monotonic() + 120
            while sum(sink.attempts.values()) < TOTAL or unsettled() > 0:
                assert time.monotonic() < deadline, (sum(sink.attempts.values()), unsettled())
                for w in workers:
                    assert w.process.poll() is None, w.output()
                time.sleep(0.1)
            # Longer than a lease: a row wrongly given up would be claimed and sent again.
            time.sleep(LEASE_SECONDS * 2)
        finally:
            for w in workers:
                w.stop()

    repeated = {key: n for key, n in sink.attempts.items() if n > 1}
    assert not repeated, f"{len(repeated)} Message-IDs sent more than once"
    assert len(sink.attempts) == TOTAL
    assert status_counts() == {"sent": TOTAL}
    claimed = [w.claimed() for w in workers]
    assert sum(1 for n in claimed if n) >= 2, claimed  # the work was shared
    print(f"\nclaimed per dispatcher: {claimed}")


def unsettled() -> int:
    n = db.session.scalar(
        select(func.count()).where(OutboxMessage.status.notin_(("sent", "failed")))
    )
    db.session.remove()
    return n


def status_counts() -> dict:
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    db.session.remove()
    return counts
