"""The report's figures as pure functions of data frames (no database, no Flask).

``attributed``: one row per order credited to the journey, with ``order_id, member_id,
node_id, paid_at, status, amount, discount, net_amount, coupon_code, prior_paid`` (the
member's paid orders before this one). An order is *paid* when ``net_amount`` is not null.
"""

from __future__ import annotations

import pandas as pd

MEMBER_TYPES = ("no_first_order", "first_order", "repurchase")


def money(value) -> float:
    return round(float(value or 0), 2)


def member_type(orders_before: pd.Series) -> pd.Series:
    """``no_first_order`` (no paid order before), ``first_order`` (one), ``repurchase``."""
    n = orders_before.fillna(0).astype("int64")
    return pd.Series(
        pd.Categorical.from_codes(n.clip(upper=2), MEMBER_TYPES), index=orders_before.index
    )


def paid_only(attributed: pd.DataFrame) -> pd.DataFrame:
    return attributed[attributed["net_amount"].notna()]


def member_block(attributed: pd.DataFrame, journey_codes: set[str]) -> dict:
    """Member-side figures of the attributed orders."""
    paid = paid_only(attributed)
    with_coupon = paid[paid["coupon_code"].isin(journey_codes)]
    first = paid[paid["prior_paid"] == 0]
    again = paid[paid["prior_paid"] > 0]
    return {
        "ordering_members": int(attributed["member_id"].nunique()),
        "paying_members": int(paid["member_id"].nunique()),
        "paid_orders": len(paid),
        "paid_amount": money(paid["net_amount"].sum()),
        "coupon_discount": money(with_coupon["discount"].sum()),
        "first_order_members": int(first["member_id"].nunique()),
        "first_order_amount": money(first["net_amount"].sum()),
        "repurchase_members": int(again["member_id"].nunique()),
        "repurchase_amount": money(again["net_amount"].sum()),
    }


def _coupon_figures(coupons: pd.DataFrame, redeemed: pd.DataFrame) -> dict:
    issued = len(coupons)
    used = int((coupons["status"] == "redeemed").sum())
    orders = redeemed[redeemed["coupon_code"].isin(coupons["code"])]
    return {
        "issued": issued,
        "claimed": int(coupons["claimed"].sum()),
        "used": used,
        "sales_with_coupon": money(orders["amount"].sum()),
        "paid_with_coupon": money(orders["net_amount"].sum()),
        "usage_rate": round(used / issued, 4) if issued else None,
    }


def coupon_block(coupons: pd.DataFrame, redeemed: pd.DataFrame) -> dict:
    """Coupons the journey granted (``code, status, claimed, orders_before``) and the paid
    orders that used one (``coupon_code, amount, net_amount``), also by member type at the
    grant."""
    block = _coupon_figures(coupons, redeemed)
    types = member_type(coupons["orders_before"])
    block["by_member_type"] = {
        kind: _coupon_figures(coupons[types == kind], redeemed) for kind in MEMBER_TYPES
    }
    return block


CHANNEL_STEPS = {
    "sent": ("sent", "delivered", "opened", "clicked"),
    "delivered": ("delivered", "opened", "clicked"),
    "opened": ("opened", "clicked"),
    "clicked": ("clicked",),
}


def channel_block(messages: pd.DataFrame, paid_amount: float, coupon_discount: float) -> dict:
    """Per channel: messages queued, sent, delivered, opened, clicked, unsubscribed (the
    member left the channel after the message) and cost; SMS cost and return on spend."""
    by_channel = {}
    for channel, group in messages.groupby("channel", sort=True):
        row = {"queued": len(group)}
        for name, statuses in CHANNEL_STEPS.items():
            row[name] = int(group["status"].isin(statuses).sum())
        row["unsubscribed"] = int(group["unsubscribed"].sum())
        row["cost"] = money(group["cost"].sum())
        by_channel[str(channel)] = row
    sms_cost = by_channel.get("sms", {}).get("cost", 0.0)
    spend = sms_cost + coupon_discount
    return {
        "by_channel": by_channel,
        "sms_cost": money(sms_cost),
        "return_on_spend": round(paid_amount / spend, 4) if spend else None,
    }


def node_block(
    nodes: list[dict], counters: dict[str, dict[str, int]], attributed, messages
) -> list[dict]:
    """Per node in the journey's order: members who reached it, messages it queued, and
    the attributed orders credited to it (its touches)."""
    paid = paid_only(attributed)
    by_node = paid.groupby("node_id").agg(
        paying_members=("member_id", "nunique"),
        paid_orders=("order_id", "size"),
        paid_amount=("net_amount", "sum"),
    )
    sent = messages[messages["status"].isin(CHANNEL_STEPS["sent"])].groupby("node_id").size()
    out = []
    for node in nodes:
        node_id = node["id"]
        counts = counters.get(node_id, {})
        credited = by_node.loc[node_id] if node_id in by_node.index else None
        out.append(
            {
                "node_id": node_id,
                "label": node.get("label") or node_id,
                "type": node["type"],
                "reached": int(counts.get("entered", 0)),
                "passed": int(counts.get("passed", 0)),
                "exited": int(counts.get("exited", 0)),
                "messages_sent": int(sent.get(node_id, 0)),
                "paying_members": int(credited["paying_members"]) if credited is not None else 0,
                "paid_orders": int(credited["paid_orders"]) if credited is not None else 0,
                "paid_amount": money(credited["paid_amount"]) if credited is not None else 0.0,
            }
        )
    return out


def arm_outcomes(assigned: pd.DataFrame, orders: pd.DataFrame, window_days: int) -> pd.DataFrame:
    """Per member of each arm (``node_id, branch, member_id, at``), the paid orders and
    amount from the split to ``window_days`` after it (attributed or not: holdouts are
    never touched, so arms compare what members did, not what was credited)."""
    if assigned.empty:
        return assigned.assign(orders=0, amount=0.0)
    joined = assigned.merge(orders, on="member_id", how="left")
    in_window = (joined["paid_at"] >= joined["at"]) & (
        joined["paid_at"] <= joined["at"] + pd.Timedelta(days=window_days)
    )
    joined = joined.assign(
        orders=in_window.astype("int64"), amount=joined["net_amount"].where(in_window, 0.0)
    )
    return (
        joined.groupby(["node_id", "branch", "member_id"], sort=False)
        .agg(orders=("orders", "sum"), amount=("amount", "sum"))
        .reset_index()
    )


def arm_block(outcomes: pd.DataFrame, labels: dict[str, str]) -> list[dict]:
    """Per split node and branch: members, paying members, orders, paid amount, rates."""
    out = []
    for (node_id, branch), group in outcomes.groupby(["node_id", "branch"], sort=True):
        members = len(group)
        paying = int((group["orders"] > 0).sum())
        out.append(
            {
                "node_id": node_id,
                "label": labels.get(node_id, node_id),
                "branch": branch,
                "members": members,
                "paying_members": paying,
                "paid_orders": int(group["orders"].sum()),
                "paid_amount": money(group["amount"].sum()),
                "conversion_rate": round(paying / members, 4) if members else None,
                "paid_per_member": round(float(group["amount"].sum()) / members, 2)
                if members
                else None,
            }
        )
    return out


def daily_block(
    attributed: pd.DataFrame, entries: pd.DataFrame, messages: pd.DataFrame, coupons: pd.DataFrame
) -> list[dict]:
    """Per UTC day: entries, messages sent, coupons issued and used, and attributed paying
    members, paid orders and paid amount."""
    paid = paid_only(attributed)
    frames = {
        "entered": entries.set_index("day")["entered"] if not entries.empty else pd.Series(),
        "messages_sent": _per_day(
            messages[messages["status"].isin(CHANNEL_STEPS["sent"])], "sent_at"
        ).size(),
        "coupons_issued": _per_day(coupons, "granted_at").size(),
        "coupons_used": _per_day(coupons[coupons["status"] == "redeemed"], "redeemed_at").size(),
        "paying_members": _per_day(paid, "paid_at")["member_id"].nunique(),
        "paid_orders": _per_day(paid, "paid_at").size(),
        "paid_amount": _per_day(paid, "paid_at")["net_amount"].sum(),
    }
    table = pd.DataFrame({k: v for k, v in frames.items()}).fillna(0).sort_index()
    return [
        {
            "date": str(day),
            **{k: int(row[k]) for k in frames if k != "paid_amount"},
            "paid_amount": money(row["paid_amount"]),
        }
        for day, row in table.iterrows()
    ]


def _per_day(frame: pd.DataFrame, column: str):
    days = pd.to_datetime(frame[column], utc=True).dt.strftime("%Y-%m-%d")
    return frame.groupby(days.rename("day"))
