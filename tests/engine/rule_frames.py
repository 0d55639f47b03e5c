"""Audience rules evaluated with pandas over member and order tables: the test's own reading
of the rule kinds the example journeys use, written from their documented meaning."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import select

from app.extensions import db
from app.models import Category, Member, MemberReplenishment, Order, OrderItem


class MemberData:
    """Members, their orders and the categories bought, loaded once as DataFrames."""

    def __init__(self) -> None:
        self.members = pd.DataFrame(
            db.session.execute(
                select(
                    Member.id,
                    Member.tier,
                    Member.gender,
                    Member.city,
                    Member.points_balance,
                    Member.registered_at,
                    Member.first_order_at,
                    Member.last_order_at,
                    Member.orders_count,
                    Member.total_spent,
                    Member.consent_email,
                    Member.consent_sms,
                    Member.consent_push,
                    Member.attributes,
                )
            ).all(),
            columns=[
                "id",
                "tier",
                "gender",
                "city",
                "points_balance",
                "registered_at",
                "first_order_at",
                "last_order_at",
                "orders_count",
                "total_spent",
                "consent_email",
                "consent_sms",
                "consent_push",
                "attributes",
            ],
        ).set_index("id", drop=False)
        orders = pd.DataFrame(
            db.session.execute(
                select(
                    Order.id,
                    Order.member_id,
                    Order.amount,
                    Order.discount,
                    Order.refunded,
                    Order.status,
                    Order.paid_at,
                )
            ).all(),
            columns=["id", "member_id", "amount", "discount", "refunded", "status", "paid_at"],
        )
        # Purchases only (paid orders), each at what was paid net of discount and refunds:
        # the one definition of spend, restated here from the raw columns.
        orders = orders[orders.status == "paid"].copy()
        orders["amount"] = (
            orders.amount.astype(float)
            - orders.discount.astype(float)
            - orders.refunded.astype(float)
        )
        self.orders = orders
        self.items = pd.DataFrame(
            db.session.execute(
                select(OrderItem.order_id, Category.key).join(
                    Category, Category.id == OrderItem.category_id
                )
            ).all(),
            columns=["order_id", "category"],
        )
        # Stored run-out dates of the categories members buy again (predict refresh).
        self.replenishments = pd.DataFrame(
            db.session.execute(
                select(
                    MemberReplenishment.member_id, Category.key, MemberReplenishment.runs_out_at
                ).join(Category, Category.id == MemberReplenishment.category_id)
            ).all(),
            columns=["member_id", "category", "runs_out_at"],
        )

    def _orders_in(self, now: datetime, window_days: int | None) -> pd.DataFrame:
        orders = self.orders[self.orders.paid_at <= now] if window_days else self.orders
        if window_days:
            orders = orders[orders.paid_at >= now - timedelta(days=window_days)]
        return orders

    def matches(self, rule: dict, now: datetime) -> pd.Series:
        """A boolean Series over members: who matches ``rule`` at ``now``."""
        m = self.members
        if "all" in rule:
            out = pd.Series(True, index=m.index)
            for part in rule["all"]:
                out &= self.matches(part, now)
            return out
        if "any" in rule:
            out = pd.Series(False, index=m.index)
            for part in rule["any"]:
                out |= self.matches(part, now)
            return out
        if "not" in rule:
            return ~self.matches(rule["not"], now)
        kind = rule["kind"]
        if kind == "profile":
            return _compare(m[rule["field"]], rule["op"], rule["value"])
        if kind == "consent":
            return m[f"consent_{rule['channel']}"] == rule["value"]
        if kind == "attribute":
            values = m.attributes.map(lambda a: (a or {}).get(rule["key"]))
            return _compare(values, rule["op"], rule["value"])
        if kind == "no_first_order":
            return m.first_order_at.isna()
        if kind == "days_since_last_order":
            return _days_since(m.last_order_at, now, rule["op"], rule["value"])
        if kind == "registered_days_ago":
            out = pd.Series(True, index=m.index)
            if rule.get("min") is not None:
                out &= _days_since(m.registered_at, now, "gte", rule["min"])
            if rule.get("max") is not None:
                out &= _days_since(m.registered_at, now, "lte", rule["max"])
            return out
        if kind in ("order_count", "avg_spend"):
            orders = self._orders_in(now, rule.get("window_days"))
            grouped = orders.groupby("member_id").amount
            if kind == "order_count":
                values = grouped.count().reindex(m.index).fillna(0)
            else:
                values = grouped.mean().reindex(m.index)
            return _compare(values, rule["op"], rule["value"])
        if kind == "bought":
            orders = self._orders_in(now, rule.get("window_days"))
            bought = self.items[self.items.category == rule["category"]].order_id
            buyers = set(orders[orders.id.isin(bought)].member_id)
            return pd.Series(m.index.isin(list(buyers)), index=m.index)
        if kind == "runs_out_within":
            r = self.replenishments
            due = (r.runs_out_at >= now) & (r.runs_out_at <= now + timedelta(days=rule["days"]))
            who = set(r[due & (r.category == rule["category"])].member_id)
            return pd.Series(m.index.isin(list(who)), index=m.index)
        raise NotImplementedError(f"the test does not evaluate {kind!r} rules")


def _compare(values: pd.Series, op: str, value) -> pd.Series:
    def one(v) -> bool:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return op == "is_not_set"
        if op == "eq":
            return v == value
        if op == "ne":
            return v != value
        if op == "in":
            return v in value
        if op == "not_in":
            return v not in value
        if op == "between":
            return value[0] <= v <= value[1]
        return {"gt": v > value, "gte": v >= value, "lt": v < value, "lte": v <= value}[op]

    return values.map(one).astype(bool)


def _days_since(column: pd.Series, now: datetime, op: str, n: int) -> pd.Series:
    """Whole days elapsed since each timestamp (never set: no match)."""

    def one(moment) -> bool:
        if moment is None or pd.isna(moment):
            return False
        days = (now - moment) // timedelta(days=1)
        return {
            "gte": days >= n,
            "gt": days > n,
            "lt": days < n,
            "lte": days <= n,
            "eq": days == n,
        }[op]

    return column.map(one).astype(bool)
