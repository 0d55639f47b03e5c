"""Per-member purchase facts in the RFM window, aggregated by the database.

Only purchases count: orders with a net amount (``orders.net_amount``: paid, net of discount
and refunds; NULL for placed, cancelled and fully refunded orders). Frequency is their
number (a free order counts, with 0 spend), monetary their net amount, recency the last one.
The aggregate reads only the covering index ``(member_id, paid_at, net_amount)`` of ``orders``
(one pass, already grouped by member). Its million rows come back as one text per column
(:class:`~app.audiences.rules.portable.JoinedValues`) that numpy parses at once: a Python
tuple and four objects per member would cost more than the aggregate itself. Revenue is
summed in cents, so equal spend ranks equal on every database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, Select, cast, func, literal, select
from sqlalchemy.orm import Session

from app.audiences.rules.portable import EpochMicros, JoinedValues, Unindexed
from app.models import Order


def order_facts_query(now: datetime, days: int) -> Select:
    """Purchases, net revenue in cents and last payment per member with purchases from
    ``now - days`` to ``now``."""
    paid_at = Unindexed(Order.paid_at)
    return (
        select(
            Order.member_id.label("member_id"),
            func.count().label("orders"),
            cast(func.round(func.sum(Order.net_amount) * 100), BigInteger).label("cents"),
            EpochMicros(func.max(Order.paid_at)).label("last_paid"),
        )
        .where(
            paid_at >= literal(now - timedelta(days=days), Order.paid_at.type),
            paid_at <= literal(now, Order.paid_at.type),
            Order.net_amount.is_not(None),
        )
        .group_by(Order.member_id)
    )


def joined_columns(session: Session, query: Select) -> list[str | None]:
    """Every column of ``query`` as one joined text (see ``JoinedValues``), NULL if no rows."""
    rows = query.subquery()
    return list(session.execute(select(*(JoinedValues(c) for c in rows.c))).one())


def parse_integers(text: str | None) -> np.ndarray:
    """Int64 values from a joined text."""
    if not text:
        return np.empty(0, np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def parse_micros(text: str | None) -> np.ndarray:
    """Int64 microseconds since the epoch from joined :class:`EpochMicros` values."""
    if not text:
        return np.empty(0, np.int64)
    if ":" not in text:
        return parse_integers(text)
    return np.array(text.split(","), dtype="datetime64[us]").astype(np.int64)


def order_facts(session: Session, now: datetime, days: int) -> pd.DataFrame:
    """One row per member with purchases in the window, by ascending ``member_id``:
    ``orders`` (purchases), ``revenue`` (net paid) and ``last_paid_at`` (aware UTC)."""
    member_id, orders, cents, last = joined_columns(session, order_facts_query(now, days))
    frame = pd.DataFrame(
        {
            "member_id": parse_integers(member_id),
            "orders": parse_integers(orders),
            "revenue": parse_integers(cents) / 100.0,
            "last_paid_at": pd.to_datetime(parse_micros(last), unit="us", utc=True),
        }
    )
    if not frame["member_id"].is_monotonic_increasing:
        frame = frame.sort_values("member_id", ignore_index=True)
    return frame
