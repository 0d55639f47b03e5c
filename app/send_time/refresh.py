"""Refresh every member's best send time from the database, in chunks of members.

Two passes over the responses of the last :data:`WINDOW_DAYS` days: the first sums each
segment's hours, the second estimates each member's and replaces their stored row. Each
chunk costs a fixed number of queries whatever its size; memory stays at one chunk.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, delete, select, text
from sqlalchemy.orm import Session

from app.bulk import insert_tuples
from app.models import Member, MemberSendTime
from app.models.base import UtcDateTime
from app.send_time.core import (
    NO_SEGMENT,
    WEIGHTS,
    SegmentHours,
    best_hours,
    counts_matrix,
    hours_of_week,
    smooth,
)

CHUNK = 20_000
WINDOW_DAYS = 180
#: Behaviour events that count as a visit.
VISIT_EVENTS = ("login", "page_view", "cart_add")

_RESPONSES = f"""
SELECT o.member_id, CASE WHEN d.status = 'clicked' THEN 'click' ELSE 'open' END, d.at
  FROM delivery_events d JOIN outbox o ON o.id = d.message_id
 WHERE d.status IN ('opened', 'clicked') AND d.at >= :since
   AND o.member_id >= :lo AND o.member_id <= :hi
UNION ALL
SELECT member_id, 'order', paid_at FROM orders
 WHERE paid_at >= :since AND member_id >= :lo AND member_id <= :hi
UNION ALL
SELECT member_id, 'visit', occurred_at FROM events
 WHERE type IN ({", ".join(f"'{t}'" for t in VISIT_EVENTS)}) AND occurred_at >= :since
   AND member_id >= :lo AND member_id <= :hi
"""


def _chunks(session: Session) -> Iterator[pd.DataFrame]:
    after = 0
    while True:
        rows = session.execute(
            select(Member.id, Member.timezone, Member.rfm_segment)
            .where(Member.id > after)
            .order_by(Member.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        yield pd.DataFrame(rows, columns=["member_id", "timezone", "segment"])
        after = rows[-1][0]


def _smoothed(session: Session, members: pd.DataFrame, since: datetime) -> np.ndarray:
    """The chunk's smoothed, weighted responses per member and hour of the week."""
    ids = members["member_id"].to_numpy()
    query = text(_RESPONSES).bindparams(bindparam("since", type_=UtcDateTime()))
    result = session.execute(query, {"since": since, "lo": int(ids[0]), "hi": int(ids[-1])})
    # The driver's plain tuples: a million result rows cost seconds to build, and a frame
    # built from them inspects each one. Timestamps are parsed below, on every database.
    rows = result.cursor.fetchall()
    result.close()
    columns = list(zip(*rows, strict=True)) if rows else [(), (), ()]
    found = pd.DataFrame(dict(zip(("member_id", "kind", "at"), columns, strict=True)))
    if len(found):
        zones = members.set_index("member_id")["timezone"]
        found["hour"] = hours_of_week(found["at"], found["member_id"].map(zones))
        found["weight"] = found["kind"].map(WEIGHTS)
    return smooth(counts_matrix(ids, found))


def _segments(members: pd.DataFrame) -> np.ndarray:
    return members["segment"].fillna(NO_SEGMENT).astype(str).to_numpy()


def refresh_send_times(session: Session, now: datetime) -> int:
    """Recompute and store every member's best send time, without committing; returns the
    number of members stored."""
    since = now - timedelta(days=WINDOW_DAYS)
    segments = SegmentHours({})
    for members in _chunks(session):
        segments.add(_segments(members), _smoothed(session, members, since))
    shares = segments.shares()
    stored = 0
    for members in _chunks(session):
        ids = members["member_id"].to_numpy()
        found = best_hours(ids, _segments(members), _smoothed(session, members, since), shares)
        session.execute(
            delete(MemberSendTime).where(
                MemberSendTime.member_id >= int(ids[0]), MemberSendTime.member_id <= int(ids[-1])
            )
        )
        insert_tuples(
            session,
            MemberSendTime.__table__,
            ("member_id", "hour_of_week", "share", "responses", "segment", "computed_at"),
            [
                (int(m), int(h), float(s), float(r), seg or None, now)
                for m, h, s, r, seg in found.itertuples(index=False)
            ],
        )
        stored += len(found)
    return stored
