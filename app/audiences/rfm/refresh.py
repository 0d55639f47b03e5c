"""Refresh the RFM scores stored on members, set-based.

The database aggregates orders per member within the window; pandas scores them; the
scores go back through a temporary table and two bulk UPDATEs, in one transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from flask import current_app
from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    exists,
    func,
    insert,
    literal,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from app.audiences.rfm.scoring import score_members
from app.audiences.rfm.segments import NO_ORDERS, SEGMENT_RULES, SegmentRule
from app.models import Member, Order

DEFAULT_WINDOW_DAYS = 365
CHUNK = 50_000

_tmp_meta = MetaData()
_scores = Table(
    "tmp_rfm_scores",
    _tmp_meta,
    Column("member_id", Integer, primary_key=True),
    Column("r", SmallInteger),
    Column("f", SmallInteger),
    Column("m", SmallInteger),
    Column("segment", String(32)),
    prefixes=["TEMPORARY"],
)


def window_days() -> int:
    """The configured window (``RFM_WINDOW_DAYS``), 365 days by default."""
    return int(current_app.config.get("RFM_WINDOW_DAYS", DEFAULT_WINDOW_DAYS))


def order_facts(session: Session, now: datetime, days: int) -> pd.DataFrame:
    """Per member with orders in the window: orders, revenue and last payment time."""
    since = literal(now - timedelta(days=days), Order.paid_at.type)
    query = (
        select(
            Order.member_id.label("member_id"),
            func.count(Order.id).label("orders"),
            func.sum(type_coerce(Order.amount, Float)).label("revenue"),
            type_coerce(func.max(Order.paid_at), NullType()).label("last_paid_at"),
        )
        .where(Order.paid_at >= since, Order.paid_at <= literal(now, Order.paid_at.type))
        .group_by(Order.member_id)
    )
    frame = pd.read_sql(query, session.connection())
    frame["last_paid_at"] = pd.to_datetime(frame["last_paid_at"], utc=True, format="ISO8601")
    frame["revenue"] = frame["revenue"].astype("float64")
    return frame


def refresh_rfm(
    session: Session,
    now: datetime,
    days: int | None = None,
    rules: tuple[SegmentRule, ...] = SEGMENT_RULES,
) -> dict:
    """Recompute and store every member's RFM scores and segment; commits.

    Members without orders in the window get no scores and the segment ``No orders``.
    Returns ``{"scored": n, "refreshed_at": now, "window_days": days}``.
    """
    days = days or window_days()
    facts = order_facts(session, now, days)
    scored = score_members(facts, pd.Timestamp(now), rules) if len(facts) else facts
    conn = session.connection()
    _scores.drop(conn, checkfirst=True)
    _scores.create(conn)
    rows = [
        {"member_id": int(i), "r": int(r), "f": int(f), "m": int(m), "segment": s}
        for i, r, f, m, s in zip(
            scored.get("member_id", []),
            scored.get("r", []),
            scored.get("f", []),
            scored.get("m", []),
            scored.get("segment", []),
            strict=True,
        )
    ]
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(_scores), rows[start : start + CHUNK])
    stamp = literal(now, Member.rfm_updated_at.type)
    conn.execute(
        update(Member)
        .where(Member.id == _scores.c.member_id)
        .values(
            rfm_r=_scores.c.r,
            rfm_f=_scores.c.f,
            rfm_m=_scores.c.m,
            rfm_segment=_scores.c.segment,
            rfm_updated_at=stamp,
        )
        .execution_options(synchronize_session=False)
    )
    conn.execute(
        update(Member)
        .where(~exists(select(_scores.c.member_id).where(_scores.c.member_id == Member.id)))
        .values(rfm_r=None, rfm_f=None, rfm_m=None, rfm_segment=NO_ORDERS, rfm_updated_at=stamp)
        .execution_options(synchronize_session=False)
    )
    _scores.drop(conn)
    session.commit()
    return {"scored": len(rows), "refreshed_at": now, "window_days": days}
