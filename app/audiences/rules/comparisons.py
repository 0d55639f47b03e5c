"""Turn a valid ``op``/``value`` pair into a SQL comparison on an expression.

Values are always bound parameters. Comparisons may yield NULL for unset values; the
compiler turns every condition into a definite true/false, so an unset value never matches
``eq``, ``ne``, ``in`` or ``not_in`` (only ``is_not_set``), and ``not`` works as expected.
"""

from __future__ import annotations

import operator
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, literal, not_

from app.audiences.rules.portable import Contains, Unindexed
from app.audiences.rules.values import parse_date

#: The plain comparisons, the same on a SQL expression and on a Python value.
ORDERING = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
_BASIC = {
    **ORDERING,
    "in": lambda e, v: e.in_(v),
    "not_in": lambda e, v: e.not_in(v),
    "between": lambda e, v: e.between(v[0], v[1]),
    "contains": lambda e, v: Contains(e, v),
}


def compare(
    expr: ColumnElement, op: str, value: object, *, temporal: str | None = None
) -> ColumnElement[bool]:
    """``expr <op> value``. For dates, ``temporal`` says how ``expr`` stores them:

    ``"datetime"`` (aware UTC timestamps), ``"date"`` (calendar dates) or ``"text"``
    (ISO strings). ``before D`` is strictly before day D, ``after D`` strictly after it,
    ``between [A, B]`` from the start of A to the end of B.
    """
    if op == "is_set":
        return expr.is_not(None)
    if op == "is_not_set":
        return expr.is_(None)
    if temporal is not None:
        return _date_compare(expr, op, value, temporal)
    return _BASIC[op](expr, value)


def _date_compare(expr, op, value, temporal):
    def start(day: date):
        if temporal == "datetime":
            return literal(datetime(day.year, day.month, day.day, tzinfo=UTC), expr.type)
        if temporal == "date":
            return literal(day, expr.type)
        return day.isoformat()

    if op == "before":
        return expr < start(parse_date(value))
    if op == "after":
        return expr >= start(parse_date(value) + timedelta(days=1))
    low, high = parse_date(value[0]), parse_date(value[1])
    return and_(expr >= start(low), expr < start(high + timedelta(days=1)))


def days_ago(column: ColumnElement, now: datetime, op: str, value) -> ColumnElement[bool]:
    """Compare the whole days elapsed since ``column`` (floor of ``now - column``).

    ``days >= n`` is ``column <= now - n days``; ``days <= n`` is
    ``column > now - (n + 1) days``; the others are built from those two.

    A lone "at least n days ago" (``gt``/``gte``) takes everything older than a date, most
    of the table as a rule (dormant members, members of some standing), so on SQLite it is
    kept off the column's index: its planner has no histograms and would read that share
    of the table through random index lookups, several times slower than a scan.
    """

    def at_least(n: int, indexed: bool = True):
        subject = column if indexed else Unindexed(column)
        return subject <= literal(now - timedelta(days=n), column.type)

    def at_most(n: int):
        return column > literal(now - timedelta(days=n + 1), column.type)

    n = value
    if op == "eq":
        return and_(at_least(n), at_most(n))
    if op == "ne":
        return and_(column.is_not(None), not_(and_(at_least(n), at_most(n))))
    if op == "gt":
        return at_least(n + 1, indexed=False)
    if op == "gte":
        return at_least(n, indexed=False)
    if op == "lt":
        return at_most(n - 1)
    if op == "lte":
        return at_most(n)
    return and_(at_least(value[0]), at_most(value[1]))
