"""Purchase occasions per member, and the BG/NBD summary of each member's history.

A purchase is an order with a net amount (see ``docs/audience-rules.md``: paid, not fully
refunded; a free order counts). Purchases on the same UTC day are one occasion, their
spend summed. The summary is in days: ``x`` repeat occasions, ``t_x`` days from the first
occasion to the last, ``T`` days from the first occasion to the as-of day, and ``m`` the
mean spend of the repeat occasions (NaN without one), as Fader & Hardie define them.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, cast, func, literal, select
from sqlalchemy.orm import Session

from app.audiences.rfm.facts import joined_columns, parse_integers, parse_micros
from app.audiences.rules.portable import EpochMicros
from app.models import Order, OrderItem, Product

MICROS_PER_DAY = 86_400_000_000


def epoch_day(moment: datetime) -> int:
    """The UTC day number (days since 1970-01-01) of an aware datetime."""
    return int(moment.timestamp() // 86_400)


def load_purchases(session: Session, as_of: datetime) -> pd.DataFrame:
    """Every purchase paid up to ``as_of``: ``member_id``, ``day`` and ``cents``."""
    query = select(
        Order.member_id,
        EpochMicros(Order.paid_at),
        cast(func.round(Order.net_amount * 100), BigInteger),
    ).where(Order.net_amount.is_not(None), Order.paid_at <= literal(as_of, Order.paid_at.type))
    member, micros, cents = joined_columns(session, query)
    return pd.DataFrame(
        {
            "member_id": parse_integers(member),
            "day": parse_micros(micros) // MICROS_PER_DAY,
            "cents": parse_integers(cents),
        }
    )


def load_items(session: Session, as_of: datetime) -> pd.DataFrame:
    """Every item of a purchase paid up to ``as_of``: ``member_id``, ``day``, ``product_id``
    and ``category_id`` (0 when the item has none)."""
    query = (
        select(
            Order.member_id,
            EpochMicros(Order.paid_at),
            func.coalesce(OrderItem.product_id, 0),
            func.coalesce(OrderItem.category_id, 0),
        )
        .select_from(OrderItem)
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.net_amount.is_not(None), Order.paid_at <= literal(as_of, Order.paid_at.type))
    )
    member, micros, product, category = joined_columns(session, query)
    return pd.DataFrame(
        {
            "member_id": parse_integers(member),
            "day": parse_micros(micros) // MICROS_PER_DAY,
            "product_id": parse_integers(product),
            "category_id": parse_integers(category),
        }
    )


def occasions(purchases: pd.DataFrame) -> pd.DataFrame:
    """One row per member and day with a purchase, spend summed, by member then day."""
    keys = purchases["member_id"].to_numpy(np.int64), purchases["day"].to_numpy(np.int64)
    order = np.lexsort((keys[1], keys[0]))
    member, day = keys[0][order], keys[1][order]
    cents = purchases["cents"].to_numpy(np.int64)[order]
    starts = np.ones(len(member), dtype=bool)
    starts[1:] = (member[1:] != member[:-1]) | (day[1:] != day[:-1])
    at = np.flatnonzero(starts)
    return pd.DataFrame(
        {"member_id": member[at], "day": day[at], "cents": np.add.reduceat(cents, at)}
        if len(at)
        else {"member_id": member, "day": day, "cents": cents}
    )


def summarise(occ: pd.DataFrame, as_of_day: int) -> pd.DataFrame:
    """Per member (ascending id): ``x``, ``t_x``, ``T``, ``m`` (see the module), plus
    ``first_day``, ``last_day`` and ``occasions``; ``occ`` as :func:`occasions` returns it."""
    member = occ["member_id"].to_numpy(np.int64)
    day = occ["day"].to_numpy(np.int64)
    spend = occ["cents"].to_numpy(np.int64) / 100.0
    if not len(member):
        columns = ("member_id", "x", "t_x", "T", "m", "first_day", "last_day", "occasions")
        return pd.DataFrame({c: np.empty(0) for c in columns})
    starts = np.ones(len(member), dtype=bool)
    starts[1:] = member[1:] != member[:-1]
    first_at = np.flatnonzero(starts)
    last_at = np.append(first_at[1:] - 1, len(member) - 1)
    count = last_at - first_at + 1
    repeat_spend = np.add.reduceat(spend, first_at) - spend[first_at]
    x = count - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        m = np.where(x > 0, repeat_spend / np.maximum(x, 1), np.nan)
    first_day, last_day = day[first_at], day[last_at]
    return pd.DataFrame(
        {
            "member_id": member[first_at],
            "x": x.astype(np.float64),
            "t_x": (last_day - first_day).astype(np.float64),
            "T": (as_of_day - first_day).astype(np.float64),
            "m": m,
            "first_day": first_day,
            "last_day": last_day,
            "occasions": count,
        }
    )


def load_catalogue(session: Session) -> pd.DataFrame:
    """Products with what a unit lasts: ``id``, ``category_id``, ``replenish_days``."""
    rows = session.execute(select(Product.id, Product.category_id, Product.replenish_days)).all()
    return pd.DataFrame(rows, columns=["id", "category_id", "replenish_days"])
