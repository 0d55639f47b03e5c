"""The messages each journey queued, counted per node, channel, progress and day as they
change.

A message counts in one row of ``journey_message_days``: its journey and node, channel,
how far it got (``queued`` for any status short of sent, else ``sent``, ``delivered``,
``opened`` or ``clicked``), the UTC day it was sent and the UTC day it was queued. Every
change that can move it runs inside :func:`message_days_kept`: queuing it, recording a
send's outcome, a provider's later report (delivered, opened, clicked, bounced). The rows
the messages counted in are read before and after, and the difference added in the same
transaction, so the table always equals a count over the outbox. Whether the member left
the channel after a message is read when the report is, from the few members who left.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal

import pandas as pd
from sqlalchemy import and_, case, func, select, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.bulk import execute_many
from app.models import Member, OutboxMessage
from app.models.outbox import SENT_LIKE
from app.models.reports import JourneyMessageDay
from app.reports.days import utc_day
from app.reports.frames import frame, period

_outbox = OutboxMessage.__table__
#: How far a message got: a sent-or-further status, else ``queued``.
PROGRESS = case((_outbox.c.status.in_(SENT_LIKE), _outbox.c.status), else_="queued")
MESSAGE_COLUMNS = ["channel", "node_id", "status", "day", "messages", "unsubscribed", "cost"]


def _counted(db: Session | Connection, where) -> dict[tuple, tuple[int, Decimal]]:
    day = func.coalesce(utc_day(db, _outbox.c.sent_at), "")
    queued = utc_day(db, _outbox.c.created_at)
    node = func.coalesce(_outbox.c.node_id, "")
    keys = (_outbox.c.journey_id, node, _outbox.c.channel, PROGRESS, day, queued)
    rows = db.execute(
        select(*keys, func.count(), func.sum(_outbox.c.cost))
        .where(_outbox.c.journey_id.is_not(None), where)
        .group_by(*keys)
    )
    return {tuple(row[:6]): (int(row[6]), Decimal(str(row[7] or 0))) for row in rows}


@contextmanager
def message_days_kept(db: Session | Connection, where) -> Iterator[None]:
    """Keep ``journey_message_days`` right across a change of the messages ``where``
    selects (a condition on ``outbox``); ``db`` is a session or the connection writing."""
    before = _counted(db, where)
    yield
    if not isinstance(db, Connection):
        db.flush()
    _add(db, before, _counted(db, where))


def stored_day(value) -> str:
    """``utc_day`` of a stored time as the driver gives it back raw (SQLite: text whose first
    ten characters are the UTC day; PostgreSQL: an aware datetime), or ``""`` for NULL."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:10]
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.date().isoformat()


def counted_rows(rows) -> dict[tuple, tuple[int, Decimal]]:
    """What :func:`_counted` reads, for rows already in hand: ``(journey_id, node_id,
    channel, status, sent_at, created_at, cost)`` tuples with raw stored times. Lets a
    writer that already knows a message's state before and after a change (the dispatcher
    recording outcomes) keep the counts without reading them back."""
    counted: dict[tuple, tuple[int, Decimal]] = {}
    for journey_id, node_id, channel, status, sent_at, created_at, cost in rows:
        if journey_id is None:
            continue
        progress = status if status in SENT_LIKE else "queued"
        key = (journey_id, node_id or "", channel, progress, stored_day(sent_at))
        key += (stored_day(created_at),)
        n, c = counted.get(key, (0, Decimal(0)))
        counted[key] = (n + 1, c + (Decimal(str(cost)) if cost is not None else Decimal(0)))
    return counted


def add_counted(db: Session | Connection, before: dict, after: dict) -> None:
    """Add the change from ``before`` to ``after`` (as :func:`counted_rows` gives them)."""
    _add(db, before, after)


def _add(db: Session | Connection, before: dict, after: dict) -> None:
    """Add ``after`` minus ``before`` to the stored rows, in one sorted order."""
    connection = db if isinstance(db, Connection) else db.connection()
    exact = connection.dialect.name == "postgresql"
    rows = []
    for key in sorted(before.keys() | after.keys()):
        (n0, c0), (n1, c1) = before.get(key, (0, Decimal(0))), after.get(key, (0, Decimal(0)))
        if n1 != n0 or c1 != c0:
            rows.append((*key, n1 - n0, c1 - c0 if exact else float(c1 - c0)))
    if not rows:
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    execute_many(
        connection,
        "INSERT INTO journey_message_days (journey_id, node_id, channel, status, day, "
        f"queued_day, messages, cost) VALUES ({', '.join([mark] * 8)}) "
        "ON CONFLICT (journey_id, node_id, channel, status, day, queued_day) DO UPDATE SET "
        "messages = journey_message_days.messages + excluded.messages, "
        "cost = journey_message_days.cost + excluded.cost",
        rows,
    )


def count_journey_messages(session: Session, journey_id: int) -> None:
    """Count every message of a journey (for rows written outside the engine, such as a
    benchmark's)."""
    _add(session, {}, _counted(session, _outbox.c.journey_id == journey_id))


def _unsubscribed(session: Session, journey_id: int, since, until):
    """Per row of the report, messages whose member left their channel after them."""
    day = utc_day(session, _outbox.c.sent_at)
    parts = []
    for channel, left_at in (
        ("email", Member.unsubscribed_email_at),
        ("sms", Member.unsubscribed_sms_at),
        ("push", Member.unsubscribed_push_at),
    ):
        parts.append(
            select(_outbox.c.node_id, _outbox.c.channel, PROGRESS.label("status"), day.label("day"))
            .select_from(Member)
            .join(
                _outbox,
                and_(
                    _outbox.c.member_id == Member.id,
                    _outbox.c.channel == channel,
                    _outbox.c.sent_at <= left_at,
                ),
            )
            .where(
                left_at.is_not(None),
                _outbox.c.journey_id == journey_id,
                *period(_outbox.c.created_at, since, until),
            )
            # From the members who left the channel to their messages, not the other way.
            .with_hint(Member, f"INDEXED BY ix_members_unsubscribed_{channel}_at", "sqlite")
        )
    left = union_all(*parts).subquery()
    keys = (left.c.channel, left.c.node_id, left.c.status, left.c.day)
    return frame(
        session,
        select(*keys, func.count()).group_by(*keys),
        ["channel", "node_id", "status", "day", "unsubscribed"],
    )


def message_days(
    session: Session,
    journey_id: int,
    days: tuple[str | None, str | None],
    since: datetime | None,
    until: datetime | None,
) -> pd.DataFrame:
    """The journey's messages (``MESSAGE_COLUMNS``) queued within the whole ``days``
    (``since`` to ``until`` as moments), from the kept counts."""
    first_day, last_day = days
    kept = JourneyMessageDay
    rows = frame(
        session,
        select(kept.channel, kept.node_id, kept.status, kept.day, kept.messages, kept.cost).where(
            kept.journey_id == journey_id,
            kept.messages != 0,
            *([kept.queued_day >= first_day] if first_day else []),
            *([kept.queued_day <= last_day] if last_day else []),
        ),
        ["channel", "node_id", "status", "day", "messages", "cost"],
        money=("cost",),
    )
    keys = ["channel", "node_id", "status", "day"]
    rows = rows.groupby(keys, as_index=False)[["messages", "cost"]].sum()
    rows[["node_id", "day"]] = rows[["node_id", "day"]].replace("", None)
    left = _unsubscribed(session, journey_id, since, until)
    out = rows.merge(left, on=keys, how="left")
    out["unsubscribed"] = out["unsubscribed"].fillna(0).astype("int64")
    return out[MESSAGE_COLUMNS]
