"""The dashboard's figures recomputed with plain pandas from the raw tables, apart from
app/dashboard: no daily aggregate, no SQL grouping."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import text

from app.extensions import db


def table(sql: str) -> pd.DataFrame:
    result = db.session.execute(text(sql))
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def paid_orders() -> pd.DataFrame:
    """Orders that count as purchases, with the net amount recomputed from their parts."""
    out = table("SELECT id, member_id, paid_at, status, amount, discount, refunded FROM orders")
    out = out[out["status"] == "paid"].copy()
    out["net"] = (
        out["amount"].astype(float) - out["discount"].astype(float) - out["refunded"].astype(float)
    )
    out["day"] = pd.to_datetime(out["paid_at"], utc=True).dt.date
    return out


def _in(frame: pd.DataFrame, start: date, end: date, column: str = "day") -> pd.DataFrame:
    return frame[(frame[column] >= start) & (frame[column] <= end)]


def metrics(start: date, end: date, channel: str | None = None, split: bool = False) -> dict:
    """The figures of the whole base, or (``split``) of the members registered by
    ``channel`` (``None``: without one)."""
    orders = paid_orders()
    members = table("SELECT id, registered_at, registration_channel FROM members")
    if split:
        members = members[
            members["registration_channel"].isna()
            if channel is None
            else members["registration_channel"] == channel
        ]
        orders = orders[orders["member_id"].isin(members["id"])]
    members["day"] = pd.to_datetime(members["registered_at"], utc=True).dt.date
    inside = _in(orders, start, end)
    ordered = orders.sort_values(["paid_at", "id"])
    first_ids = set(ordered.groupby("member_id")["id"].first())
    repeaters = set(inside[~inside["id"].isin(first_ids)]["member_id"])
    payers = inside["member_id"].nunique()
    amount = inside["net"].sum()
    return {
        "active_30": _in(orders, end - timedelta(days=29), end)["member_id"].nunique(),
        "active_90": _in(orders, end - timedelta(days=89), end)["member_id"].nunique(),
        "new_members": len(_in(members, start, end)),
        "payers": payers,
        "repurchase_rate": len(repeaters) / payers if payers else None,
        "average_order_value": amount / len(inside) if len(inside) else None,
        "paid_orders": len(inside),
        "paid_amount": amount,
    }


def journeys(start: date, end: date) -> dict[int, tuple[int, float]]:
    credited = table("SELECT order_id, journey_id FROM order_attributions")
    joined = credited.merge(paid_orders(), left_on="order_id", right_on="id")
    inside = _in(joined, start, end)
    return {int(j): (len(g), round(g["net"].sum(), 2)) for j, g in inside.groupby("journey_id")}


def channels(start: date, end: date) -> dict[str, tuple[int, float]]:
    sent = table("SELECT channel, sent_at, cost FROM outbox WHERE sent_at IS NOT NULL")
    sent["day"] = pd.to_datetime(sent["sent_at"], utc=True).dt.date
    sent["cost"] = sent["cost"].astype(float).fillna(0.0)
    inside = _in(sent, start, end)
    return {c: (len(g), round(g["cost"].sum(), 4)) for c, g in inside.groupby("channel")}


def members_by(column: str, fill: str) -> dict[str, int]:
    frame = table(f"SELECT {column} AS k FROM members")
    return frame["k"].fillna(fill).value_counts().to_dict()
