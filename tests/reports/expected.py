"""The report's figures recomputed from the raw tables with plain pandas, written apart from
app/reports and app/attribution: touches come from the step log, credit from a loop."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from sqlalchemy import text

from app.extensions import db

TOUCHING = {("action.coupon", "granted"), ("action.send", "next"), ("action.points", "next")}


def table(sql: str, **params) -> pd.DataFrame:
    result = db.session.execute(text(sql), params)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def touches(journey_id: int, node_types: dict[str, str]) -> pd.DataFrame:
    """Steps at touching nodes of real runs, from the step log."""
    steps = table(
        "SELECT s.member_id, s.node_id, s.branch, s.at, s.journey_member_id, s.step_no "
        "FROM journey_steps s JOIN journey_members jm ON jm.id = s.journey_member_id "
        "WHERE s.journey_id = :j AND jm.is_test = :f AND s.outcome = 'passed'",
        j=journey_id,
        f=False,
    )
    keep = [
        (node_types.get(n), b) in TOUCHING for n, b in zip(steps.node_id, steps.branch, strict=True)
    ]
    out = steps[keep].copy()
    out["at"] = pd.to_datetime(out["at"], utc=True)
    return out


def orders() -> pd.DataFrame:
    out = table(
        "SELECT id, member_id, paid_at, status, amount, discount, refunded, coupon_code FROM orders"
    )
    out["paid_at"] = pd.to_datetime(out["paid_at"], utc=True)
    for column in ("amount", "discount", "refunded"):
        out[column] = out[column].astype(float)
    out["net"] = (out["amount"] - out["discount"] - out["refunded"]).where(out["status"] == "paid")
    return out


def credited(all_orders: pd.DataFrame, all_touches: pd.DataFrame, window_days: int):
    """For each order, the last touch at or before its payment, if within the window."""
    rows = []
    window = timedelta(days=window_days)
    by_member = {m: g for m, g in all_touches.groupby("member_id")}
    for order in all_orders.itertuples():
        mine = by_member.get(order.member_id)
        if mine is None:
            continue
        before = mine[mine["at"] <= order.paid_at]
        if before.empty:
            continue
        last = before.sort_values(["at", "journey_member_id", "step_no"]).iloc[-1]
        if order.paid_at - last["at"] <= window:
            rows.append({"order_id": order.id, "node_id": last["node_id"]})
    return pd.DataFrame(rows, columns=["order_id", "node_id"])


def member_figures(all_orders: pd.DataFrame, credit: pd.DataFrame, codes: set[str]) -> dict:
    paid_all = all_orders[all_orders["net"].notna()].sort_values(["paid_at", "id"])
    paid_all = paid_all.assign(rank=paid_all.groupby("member_id").cumcount())
    mine = all_orders[all_orders["id"].isin(credit["order_id"])]
    paid = paid_all[paid_all["id"].isin(credit["order_id"])]
    first, again = paid[paid["rank"] == 0], paid[paid["rank"] > 0]
    return {
        "ordering_members": mine["member_id"].nunique(),
        "paying_members": paid["member_id"].nunique(),
        "paid_orders": len(paid),
        "paid_amount": round(paid["net"].sum(), 2),
        "coupon_discount": round(paid[paid["coupon_code"].isin(codes)]["discount"].sum(), 2),
        "first_order_members": first["member_id"].nunique(),
        "first_order_amount": round(first["net"].sum(), 2),
        "repurchase_members": again["member_id"].nunique(),
        "repurchase_amount": round(again["net"].sum(), 2),
    }
