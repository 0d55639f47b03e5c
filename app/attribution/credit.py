"""The attribution rule as a pure function of touches and orders (no database)."""

from __future__ import annotations

import pandas as pd

#: What :func:`credit` returns, one row per order and journey credited.
CREDIT_COLUMNS = ["order_id", "journey_id", "journey_member_id", "member_id", "node_id",
                  "touch_id", "paid_at"]  # fmt: skip


def credit(orders: pd.DataFrame, touches: pd.DataFrame, windows: dict[int, int]) -> pd.DataFrame:
    """Credit each order to every journey whose last touch before it is within the window.

    ``orders``: ``order_id, member_id, paid_at``; ``touches``: ``touch_id, journey_id,
    journey_member_id, member_id, node_id, at``; ``windows``: days per journey id. A touch
    at the very moment of payment counts (the coupon granted with the order's checkout).
    """
    if orders.empty or touches.empty:
        return pd.DataFrame(columns=CREDIT_COLUMNS)
    left = orders[["order_id", "member_id", "paid_at"]].copy()
    left["paid_at"] = pd.to_datetime(left["paid_at"], utc=True)
    left = left.sort_values("paid_at", kind="stable")
    found = []
    for journey_id, group in touches.groupby("journey_id", sort=False):
        right = group[["touch_id", "journey_member_id", "member_id", "node_id", "at"]].copy()
        right["at"] = pd.to_datetime(right["at"], utc=True)
        # The latest touch wins a tie of times by its id (the later step).
        right = right.sort_values(["at", "touch_id"], kind="stable")
        matched = pd.merge_asof(
            left,
            right,
            left_on="paid_at",
            right_on="at",
            by="member_id",
            direction="backward",
            allow_exact_matches=True,
        )
        window = pd.Timedelta(days=windows.get(int(journey_id), 7))
        matched = matched[
            matched["touch_id"].notna() & (matched["paid_at"] - matched["at"] <= window)
        ]
        if not matched.empty:
            matched = matched.assign(journey_id=int(journey_id))
            found.append(matched)
    if not found:
        return pd.DataFrame(columns=CREDIT_COLUMNS)
    out = pd.concat(found, ignore_index=True)[CREDIT_COLUMNS]
    return out.astype({"touch_id": "int64", "journey_member_id": "int64"})
