"""A journey's send rate (messages per minute) holds across batches and dispatchers; the
rest wait for the next minute without using an attempt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.messaging.outbox import enqueue_messages
from app.models import Journey, JourneyVersion, OutboxMessage

NOW = datetime(2026, 3, 2, 4, 0, 10, tzinfo=UTC)


def journey(rate: int | None, key: str = "day") -> int:
    j = Journey(key=key, name=key, status="published")
    db.session.add(j)
    db.session.flush()
    settings = {"send_rate_per_minute": rate} if rate else {}
    db.session.add(
        JourneyVersion(
            journey_id=j.id,
            number=1,
            status="published",
            document={"settings": settings},
            checksum="x",
        )
    )
    db.session.commit()
    return j.id


def statuses(journey_id: int) -> dict:
    db.session.expire_all()
    return dict(
        db.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.journey_id == journey_id)
            .group_by(OutboxMessage.status)
        ).all()
    )


def test_a_journey_sends_at_most_its_rate_per_minute(members, message_template):
    message_template("hi", "inapp", body="Hi")
    limited, free = journey(3, "limited"), journey(None, "free")
    ids = members(5)
    for jid in (limited, free):
        items = [(m, "inapp", "hi", {}, f"{jid}:{m}") for m in ids]
        enqueue_messages(db.session, items, NOW, source=(jid, "n1"))
    db.session.commit()

    # Small batches: the minute's budget holds across them.
    run = Dispatcher(db.session, clock=lambda: NOW, batch_size=2).run()
    assert run.outcomes == {"sent": 8, "deferred": 2}
    assert statuses(limited) == {"sent": 3, "deferred": 2}
    assert statuses(free) == {"sent": 5}
    waiting = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == "deferred")
    ).all()
    assert {(w.reason, w.attempts) for w in waiting} == {("journey_send_rate", 0)}
    assert {w.next_attempt_at for w in waiting} == {datetime(2026, 3, 2, 4, 1, tzinfo=UTC)}

    # Still the same minute: nothing more goes out.
    assert Dispatcher(db.session, clock=lambda: NOW + timedelta(seconds=40)).run().claimed == 0
    later = NOW + timedelta(minutes=1)
    assert Dispatcher(db.session, clock=lambda: later).run().outcomes == {"sent": 2}
    assert statuses(limited) == {"sent": 5}
