"""The cross-sell rate of a journey: of the orders credited to it, the share holding a
product that one of the journey's messages recommended to that member before the order
was paid (``recommendations(n)`` in the template, see docs/recommendations.md).

The products a message recommended are the ones the send step attached to it
(``outbox.context.recommendations``), so the rate counts what members were shown, not
what the model would say today.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.bulk import fetch_in
from app.models import MessageTemplate, Order, OrderAttribution, OutboxMessage
from app.reports.frames import credited_orders


def _has_recommendations(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        return OutboxMessage.context.op("->")("recommendations").is_not(None)
    return func.json_extract(OutboxMessage.context, "$.recommendations").is_not(None)


def recommended(session: Session, journey_id: int) -> pd.DataFrame:
    """``member_id``, ``product_id``, ``at`` (when the message was queued) of every product
    the journey's messages recommended."""
    rows = session.execute(
        select(OutboxMessage.member_id, OutboxMessage.created_at, OutboxMessage.context).where(
            OutboxMessage.journey_id == journey_id, _has_recommendations(session)
        )
    ).all()
    out = [
        (member_id, int(p["product_id"]), at)
        for member_id, at, context in rows
        for p in (context or {}).get("recommendations") or []
        if isinstance(p, dict) and "product_id" in p
    ]
    return pd.DataFrame(out, columns=["member_id", "product_id", "at"])


def shows_recommendations(session: Session, nodes: list[dict]) -> bool:
    """Whether a send node of the journey attaches recommended products to its messages
    (its template shows them, or it asks for a minimum score), as the send step decides."""
    sends = [n.get("config") or {} for n in nodes if n.get("type") == "action.send"]
    if any(c.get("recommendations_min_score") is not None for c in sends):
        return True
    keys = {c.get("template") for c in sends} - {None}
    if not keys:
        return False
    texts = session.execute(
        select(MessageTemplate.subject, MessageTemplate.body).where(MessageTemplate.key.in_(keys))
    ).all()
    return any("recommendations" in f"{subject} {body}" for subject, body in texts)


def _ids(credited: pd.DataFrame) -> list[int]:
    return sorted({int(o) for o in credited["order_id"]}) if len(credited) else []


def _credited_count(session: Session, journey_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(OrderAttribution)
        .join(Order, Order.id == OrderAttribution.order_id)
        .where(OrderAttribution.journey_id == journey_id)
    )


def cross_sell_block(
    session: Session, journey_id: int, nodes: list[dict], credited: pd.DataFrame | None
) -> dict:
    """``attributed_orders``, ``orders_with_recommended_product`` and ``rate`` (None
    without credited orders) over the report's credited orders; ``credited`` None stands for
    all the orders credited under the journey's own window, read here only when needed: a
    journey whose messages show no recommendations has no such order, and its credited
    orders are only counted."""
    if not shows_recommendations(session, nodes):
        n = _credited_count(session, journey_id) if credited is None else len(_ids(credited))
        return {
            "attributed_orders": n,
            "orders_with_recommended_product": 0,
            "rate": 0.0 if n else None,
        }
    if credited is None:
        credited = credited_orders(session, journey_id, None, None)
    orders = _ids(credited)
    shown = recommended(session, journey_id) if orders else pd.DataFrame()
    hits = 0
    if orders and len(shown):
        items = pd.DataFrame(
            fetch_in(
                session,
                "SELECT i.order_id, o.member_id, i.product_id, o.paid_at FROM order_items i "
                "JOIN orders o ON o.id = i.order_id WHERE i.order_id IN ({values})",
                orders,
            ),
            columns=["order_id", "member_id", "product_id", "paid_at"],
        )
        # Naive timestamps (SQLite's) are UTC.
        items["paid_at"] = pd.to_datetime(items["paid_at"], utc=True, format="ISO8601")
        shown["at"] = pd.to_datetime(shown["at"], utc=True)
        both = items.merge(shown, on=["member_id", "product_id"])
        hits = both.loc[both["at"] <= both["paid_at"], "order_id"].nunique()
    return {
        "attributed_orders": len(orders),
        "orders_with_recommended_product": int(hits),
        "rate": hits / len(orders) if orders else None,
    }
