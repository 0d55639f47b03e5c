"""The report's figures as pure functions of small data frames (no database, no Flask).

``credited``: one row per order credited to the journey (``frames.CREDITED_COLUMNS``): an
order is a purchase when ``net_amount`` is not null; ``prior_paid`` counts the member's
purchases before it; ``journey_coupon`` says it used a coupon the journey granted.
"""

from __future__ import annotations

import pandas as pd

MEMBER_TYPES = ("no_first_order", "first_order", "repurchase")
#: A message status and the statuses that count as having reached it.
CHANNEL_STEPS = {
    "sent": ("sent", "delivered", "opened", "clicked"),
    "delivered": ("delivered", "opened", "clicked"),
    "opened": ("opened", "clicked"),
    "clicked": ("clicked",),
}


def money(value) -> float:
    return round(float(value or 0), 2)


def purchases(credited: pd.DataFrame) -> pd.DataFrame:
    return credited[credited["net_amount"].notna()]


def member_block(credited: pd.DataFrame) -> dict:
    """Member-side figures of the credited orders."""
    paid = purchases(credited)
    first = paid[paid["prior_paid"] == 0]
    again = paid[paid["prior_paid"] > 0]
    return member_figures(
        {
            "ordering_members": credited["member_id"].nunique(),
            "paying_members": paid["member_id"].nunique(),
            "paid_orders": len(paid),
            "paid_amount": paid["net_amount"].sum(),
            "coupon_discount": paid.loc[paid["journey_coupon"].astype(bool), "discount"].sum(),
            "first_order_members": first["member_id"].nunique(),
            "first_order_amount": first["net_amount"].sum(),
            "repurchase_members": again["member_id"].nunique(),
            "repurchase_amount": again["net_amount"].sum(),
        }
    )


def member_figures(sums: dict) -> dict:
    """The member block from its sums (counted here, or kept: ``app.reports.credit_days``)."""
    return {
        key: money(sums.get(key))
        if key.endswith(("_amount", "_discount"))
        else int(sums.get(key) or 0)
        for key in MEMBER_FIGURES
    }


#: The member block's figures, in order.
MEMBER_FIGURES = ("ordering_members", "paying_members", "paid_orders", "paid_amount",
                  "coupon_discount", "first_order_members", "first_order_amount",
                  "repurchase_members", "repurchase_amount")  # fmt: skip
#: Per node or per day: paying members, paid orders and amount of the credited purchases.
PAID_FIGURES = ["paying_members", "paid_orders", "paid_amount"]


def paid_by(credited: pd.DataFrame, column: str) -> pd.DataFrame:
    """``PAID_FIGURES`` of the credited purchases per ``column`` (``node_id`` or ``day``)."""
    return (
        purchases(credited)
        .groupby(column)
        .agg(
            paying_members=("member_id", "nunique"),
            paid_orders=("order_id", "size"),
            paid_amount=("net_amount", "sum"),
        )
    )


def _coupon_figures(counts: pd.DataFrame, sales: pd.DataFrame) -> dict:
    issued, used = int(counts["issued"].sum()), int(counts["used"].sum())
    return {
        "issued": issued,
        "claimed": int(counts["claimed"].sum()),
        "used": used,
        "sales_with_coupon": money(sales["sales_with_coupon"].sum()),
        "paid_with_coupon": money(sales["paid_with_coupon"].sum()),
        "usage_rate": round(used / issued, 4) if issued else None,
    }


def coupon_block(counts: pd.DataFrame, sales: pd.DataFrame) -> dict:
    """Coupons the journey granted, in all and by member type at the grant."""
    block = _coupon_figures(counts, sales)
    block["by_member_type"] = {
        kind: _coupon_figures(
            counts[counts["member_type"] == kind], sales[sales["member_type"] == kind]
        )
        for kind in MEMBER_TYPES
    }
    return block


def channel_block(messages: pd.DataFrame, paid_amount: float, coupon_discount: float) -> dict:
    """Per channel: messages queued, sent, delivered, opened, clicked, unsubscribed (the
    member left the channel after the message) and cost; SMS cost and return on spend."""
    by_channel = {}
    for channel, group in messages.groupby("channel", sort=True):
        row = {"queued": int(group["messages"].sum())}
        for name, statuses in CHANNEL_STEPS.items():
            row[name] = int(group[group["status"].isin(statuses)]["messages"].sum())
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


def node_block(nodes: list[dict], counters: dict, by_node: pd.DataFrame, messages) -> list[dict]:
    """Per node in the journey's order: members who reached it, messages it sent, and the
    credited purchases it holds (its touches were the last before them; ``by_node``:
    ``PAID_FIGURES`` per node id)."""
    sent = messages[messages["status"].isin(CHANNEL_STEPS["sent"])]
    sent = sent.groupby("node_id")["messages"].sum()
    out = []
    for node in nodes:
        node_id = node["id"]
        counts = counters.get(node_id, {})
        held = node_id in by_node.index
        out.append(
            {
                "node_id": node_id,
                "label": node.get("label") or node_id,
                "type": node["type"],
                "reached": int(counts.get("entered", 0)),
                "passed": int(counts.get("passed", 0)),
                "exited": int(counts.get("exited", 0)),
                "messages_sent": int(sent.get(node_id, 0)),
                "paying_members": int(by_node.at[node_id, "paying_members"]) if held else 0,
                "paid_orders": int(by_node.at[node_id, "paid_orders"]) if held else 0,
                "paid_amount": money(by_node.at[node_id, "paid_amount"]) if held else 0.0,
            }
        )
    return out


def arm_block(arms: pd.DataFrame, labels: dict[str, str]) -> list[dict]:
    """Per split node and branch (``app.reports.arms.arm_totals``): members, paying
    members, orders, paid amount, rates."""
    return [
        {
            "node_id": arm.node_id,
            "label": labels.get(arm.node_id, arm.node_id),
            "branch": arm.branch,
            "members": int(arm.members),
            "paying_members": int(arm.paying),
            "paid_orders": int(arm.orders),
            "paid_amount": money(arm.amount),
            "conversion_rate": round(arm.paying / arm.members, 4),
            "paid_per_member": round(float(arm.amount) / arm.members, 2),
        }
        for arm in arms.sort_values(["node_id", "branch"]).itertuples(index=False)
    ]


def daily_block(by_day: pd.DataFrame, entries, messages, coupons: pd.DataFrame) -> list[dict]:
    """Per UTC day: entries, messages sent, coupons issued and used, and the credited
    paying members, purchases and paid amount (``by_day``: ``PAID_FIGURES`` per day)."""
    sent = messages[messages["status"].isin(CHANNEL_STEPS["sent"])]
    series = {
        "entered": entries.groupby("day")["entered"].sum(),
        "messages_sent": sent.groupby("day")["messages"].sum(),
        "coupons_issued": coupons.groupby("day")["issued"].sum(),
        "coupons_used": coupons.dropna(subset=["used_day"]).groupby("used_day")["used"].sum(),
        "paying_members": by_day["paying_members"],
        "paid_orders": by_day["paid_orders"],
        "paid_amount": by_day["paid_amount"],
    }
    table = pd.DataFrame(series).fillna(0).sort_index()
    table = table[table.index.notna()]
    return [
        {
            "date": str(day),
            **{k: int(row[k]) for k in series if k != "paid_amount"},
            "paid_amount": money(row["paid_amount"]),
        }
        for day, row in table.iterrows()
    ]
