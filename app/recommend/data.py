"""What the recommendations are computed from, read in bulk: each member's purchased
products (paid order items) and the products they looked at (``page_view`` of
``/products/<sku>``) or put in their cart (``cart_add`` with a ``sku``), one query per
range of members and kind."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from app.models.base import UtcDateTime
from app.recommend.core import WEIGHTS

PRODUCT_PAGE = "/products/"
_ITEMS = """
SELECT o.member_id, i.product_id, o.id{at}
  FROM order_items i JOIN orders o ON o.id = i.order_id
 WHERE o.net_amount IS NOT NULL AND i.product_id IS NOT NULL AND o.paid_at >= :since
   AND o.member_id >= :lo AND o.member_id <= :hi{sample}
"""

_SKU = {
    "sqlite": (
        "CASE WHEN type = 'cart_add' THEN json_extract(properties, '$.sku') "
        "ELSE substr(json_extract(properties, '$.page'), {start}) END"
    ),
    "postgresql": (
        "CASE WHEN type = 'cart_add' THEN properties ->> 'sku' "
        "ELSE substr(properties ->> 'page', {start}) END"
    ),
}

_EVENTS = """
SELECT member_id, type, {sku}{at}
  FROM events
 WHERE type IN ('cart_add', 'page_view') AND occurred_at >= :since
   AND member_id >= :lo AND member_id <= :hi{sample}
"""


def _rows(session: Session, sql: str, params: dict) -> list[tuple]:
    query = text(sql).bindparams(bindparam("since", type_=UtcDateTime()))
    result = session.execute(query, params)
    # The driver's plain tuples: millions of rows cost seconds to build as row objects.
    rows = result.cursor.fetchall()
    result.close()
    return rows


def products(session: Session) -> pd.DataFrame:
    """The catalogue: ``id``, ``sku``, ``name``, ``category_id``, ``price``,
    ``replenish_days``, by id."""
    rows = session.execute(
        text("SELECT id, sku, name, category_id, price, replenish_days FROM products ORDER BY id")
    ).all()
    return pd.DataFrame(
        [tuple(r) for r in rows],
        columns=["id", "sku", "name", "category_id", "price", "replenish_days"],
    )


def _sql(session: Session, template: str, timed: bool, sampled: bool, at: str) -> str:
    dialect = "postgresql" if session.get_bind().dialect.name == "postgresql" else "sqlite"
    return template.format(
        sku=_SKU[dialect].format(start=len(PRODUCT_PAGE) + 1),
        at=f", {at}" if timed else "",
        sample=f" AND {'o.' if at == 'o.paid_at' else ''}member_id % :stride = 0"
        if sampled
        else "",
    )


def order_items(session: Session, since: datetime, lo: int, hi: int) -> np.ndarray:
    """``member_id``, ``product_id``, ``order_id`` of the paid order items of members
    ``lo``–``hi`` since ``since``, as an integer array of three columns."""
    rows = _rows(
        session,
        _sql(session, _ITEMS, False, False, "o.paid_at"),
        {"since": since, "lo": lo, "hi": hi},
    )
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


def product_events(
    session: Session, since: datetime, lo: int, hi: int, skus: pd.Series
) -> pd.DataFrame:
    """``member_id``, ``product_id`` and ``weight`` of the members' cart adds and product
    page views since ``since``; events naming an unknown product are left out."""
    rows = _rows(
        session,
        _sql(session, _EVENTS, False, False, "occurred_at"),
        {"since": since, "lo": lo, "hi": hi},
    )
    frame = pd.DataFrame(rows, columns=["member_id", "kind", "sku"])
    frame["product_id"] = frame["sku"].map(skus)
    frame = frame.dropna(subset=["product_id"])
    return pd.DataFrame(
        {
            "member_id": frame["member_id"].to_numpy(np.int64),
            "product_id": frame["product_id"].to_numpy(np.int64),
            "weight": frame["kind"].map(WEIGHTS).to_numpy(np.float64),
        }
    )


def timed_interactions(
    session: Session, since: datetime, stride: int, skus: pd.Series
) -> pd.DataFrame:
    """Every interaction since ``since`` of the members whose id is a multiple of
    ``stride``, with its time: ``member_id``, ``product_id``, ``kind`` (``order``,
    ``cart_add``, ``page_view``), ``weight`` and ``at`` (UTC), for the evaluation."""
    params = {"since": since, "lo": 0, "hi": 2**62, "stride": stride}
    items = pd.DataFrame(
        _rows(session, _sql(session, _ITEMS, True, True, "o.paid_at"), params),
        columns=["member_id", "product_id", "order_id", "at"],
    ).assign(kind="order")
    events = pd.DataFrame(
        _rows(session, _sql(session, _EVENTS, True, True, "occurred_at"), params),
        columns=["member_id", "kind", "sku", "at"],
    )
    events["product_id"] = events["sku"].map(skus)
    events = events.dropna(subset=["product_id"])
    frame = pd.concat(
        [
            items[["member_id", "product_id", "kind", "at"]],
            events[["member_id", "product_id", "kind", "at"]],
        ],
        ignore_index=True,
    )
    frame["member_id"] = frame["member_id"].astype(np.int64)
    frame["product_id"] = frame["product_id"].astype(np.int64)
    frame["weight"] = frame["kind"].map(WEIGHTS).astype(np.float64)
    frame["at"] = pd.to_datetime(frame["at"], utc=True, format="ISO8601")
    return frame
