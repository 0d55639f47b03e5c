"""Shared shape of the order-metric conditions: a number about a member's orders, all time
(from the member's denormalised facts) or within the last N days (from the orders table).

A windowed metric is a correlated aggregate over the covering index
``(member_id, paid_at, net_amount)``: one index seek per member it is evaluated for. When the
comparison cannot hold for a member without orders in the window (``2+ orders``, ``spent
over 100``, any average), the member's last order must fall in the window, so
``last_order_at >= now - N days`` is added in front: a column test that spares the seek
for everyone who has not ordered since. It relies on ``last_order_at`` being the latest
``paid_at`` of the member's purchases, which order ingestion maintains. Only purchases
count (``net_amount`` set; see :func:`~app.audiences.rules.windows.member_orders`), in the
window and all time alike.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, literal, select

from app.audiences.rules.comparisons import ORDERING, compare
from app.audiences.rules.conditions.base import ConditionKind, check_whole, check_window
from app.audiences.rules.portable import Unindexed
from app.audiences.rules.problems import RuleProblem, join
from app.audiences.rules.values import OPERATORS, check_op_value
from app.audiences.rules.windows import member_orders
from app.models import Member

_HOLDS = {
    **ORDERING,
    "between": lambda x, v: v[0] <= x <= v[1],
}


class OrderMetricCondition(ConditionKind):
    """Subclasses define ``all_time()`` (an expression over ``Member``), ``aggregate()``
    (an aggregate over the member's orders in the window) and ``empty_value``, the
    aggregate's value for a member without orders in the window (``None`` when unset)."""

    keys = frozenset({"window_days", "op", "value"})
    empty_value: float | None = 0

    def describe(self) -> dict:
        return {
            "operators": list(OPERATORS["count"]),
            "fields": [
                {"field": "window_days", "type": "days", "nullable": True},
                {"field": "value", "type": "number"},
            ],
        }

    #: Whether the metric is a count (whole numbers); amounts may have cents.
    whole: bool = False

    def validate(self, cond, path):
        problems = check_window(cond, path, required=False) + check_op_value(cond, "count", path)
        if problems or cond.get("value") is None:
            return problems
        # No member has fewer than no orders or spent less than nothing: such a rule is a
        # slip of the keyboard, not a choice.
        if self.whole:
            return check_whole(cond, path)
        values = cond["value"] if isinstance(cond["value"], list) else [cond["value"]]
        if any(v < 0 for v in values):
            return [RuleProblem(join(path, "value"), "value cannot be negative")]
        return []

    def matches_without_orders(self, op: str, value) -> bool:
        """Whether a member without orders in the window satisfies ``op value``."""
        return self.empty_value is not None and _HOLDS[op](self.empty_value, value)

    def compile(self, cond, ctx):
        days = cond.get("window_days")
        if days is None:
            return compare(self.all_time(), cond["op"], cond["value"])
        subject = select(self.aggregate()).where(*member_orders(ctx.now, days)).scalar_subquery()
        comparison = compare(subject, cond["op"], cond["value"])
        if self.matches_without_orders(cond["op"], cond["value"]):
            return comparison
        # Kept off the last_order_at index on SQLite: a window often holds a large share
        # of members, where a scan with this test beats random lookups through the index.
        ordered_since = Unindexed(Member.last_order_at) >= literal(
            ctx.now - timedelta(days=days), Member.last_order_at.type
        )
        return and_(ordered_since, comparison)
