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


def first_two_purchases(all_orders: pd.DataFrame) -> dict[int, tuple]:
    """Each member's first two purchases by payment time, then id."""
    paid = all_orders[all_orders["net"].notna()].sort_values(["paid_at", "id"])
    out: dict[int, tuple] = {}
    for member_id, group in paid.groupby("member_id"):
        ids = [int(i) for i in group["id"]][:2]
        out[int(member_id)] = (*ids, *[None] * (2 - len(ids)))
    return out


def coupon_figures(all_orders: pd.DataFrame) -> dict:
    """Coupon figures in all and by the member's purchases before the grant."""
    coupons = table("SELECT code, status, member_id, granted_at FROM coupons")
    coupons["granted_at"] = pd.to_datetime(coupons["granted_at"], utc=True)
    paid = all_orders[all_orders["net"].notna()]
    before = [
        int(((paid["member_id"] == c.member_id) & (paid["paid_at"] < c.granted_at)).sum())
        for c in coupons.itertuples()
    ]
    coupons["type"] = [["no_first_order", "first_order", "repurchase"][min(n, 2)] for n in before]

    def figures(group: pd.DataFrame) -> dict:
        used = paid[paid["coupon_code"].isin(group["code"])]
        issued, redeemed = len(group), int((group["status"] == "redeemed").sum())
        return {
            "issued": issued,
            "claimed": int(group["status"].isin(["claimed", "redeemed"]).sum()),
            "used": redeemed,
            "sales_with_coupon": round(used["amount"].sum(), 2),
            "paid_with_coupon": round(used["net"].sum(), 2),
            "usage_rate": round(redeemed / issued, 4) if issued else None,
        }

    kinds = ("no_first_order", "first_order", "repurchase")
    return figures(coupons) | {
        "by_member_type": {k: figures(coupons[coupons["type"] == k]) for k in kinds}
    }


def arm_figures(journey_id: int, node_id: str, all_orders: pd.DataFrame, window_days: int):
    """Per branch of a split: members (from their first pass), paying members, purchases and
    paid amount from leaving it to the window's end."""
    steps = table(
        "SELECT s.member_id, s.branch, s.at FROM journey_steps s "
        "JOIN journey_members jm ON jm.id = s.journey_member_id "
        "WHERE s.journey_id = :j AND s.node_id = :n AND s.outcome = 'passed' AND jm.is_test = :f",
        j=journey_id,
        n=node_id,
        f=False,
    )
    steps["at"] = pd.to_datetime(steps["at"], utc=True)
    steps = steps.groupby(["branch", "member_id"], as_index=False)["at"].min()
    paid = all_orders[all_orders["net"].notna()]
    out = {}
    for branch, group in steps.groupby("branch"):
        orders_n, amounts = [], []
        for arm in group.itertuples():
            mine = paid[
                (paid["member_id"] == arm.member_id)
                & (paid["paid_at"] >= arm.at)
                & (paid["paid_at"] <= arm.at + timedelta(days=window_days))
            ]
            orders_n.append(len(mine))
            amounts.append(mine["net"].sum())
        out[branch] = {
            "members": len(group),
            "paying_members": sum(1 for n in orders_n if n),
            "paid_orders": sum(orders_n),
            "paid_amount": round(sum(amounts), 2),
        }
    return out


def channel_figures(journey_id: int) -> dict:
    """Per channel: queued, sent or further, delivered, opened, clicked, messages whose
    member left the channel after them, and cost, from the outbox and the members."""
    outbox = table(
        "SELECT o.channel, o.status, o.sent_at, o.cost, m.unsubscribed_email_at AS email, "
        "m.unsubscribed_sms_at AS sms, m.unsubscribed_push_at AS push FROM outbox o "
        "JOIN members m ON m.id = o.member_id WHERE o.journey_id = :j",
        j=journey_id,
    )
    reached = {
        "sent": ["sent", "delivered", "opened", "clicked"],
        "delivered": ["delivered", "opened", "clicked"],
        "opened": ["opened", "clicked"],
        "clicked": ["clicked"],
    }
    out = {}
    for channel, group in outbox.groupby("channel"):
        left = 0
        if channel in ("email", "sms", "push"):
            at = pd.to_datetime(group[channel], utc=True)
            left = int((at >= pd.to_datetime(group["sent_at"], utc=True)).sum())
        out[channel] = {
            "queued": len(group),
            **{k: int(group["status"].isin(v).sum()) for k, v in reached.items()},
            "unsubscribed": left,
            "cost": round(float(group["cost"].fillna(0).astype(float).sum()), 2),
        }
    return out
