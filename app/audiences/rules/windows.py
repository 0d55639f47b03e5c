"""Correlated filters for behaviour "in the last N days" (from ``now - N days`` to ``now``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, literal

from app.models import Event, Member, Order


def _since(column, now: datetime, days: int) -> list[ColumnElement[bool]]:
    return [
        column >= literal(now - timedelta(days=days), column.type),
        column <= literal(now, column.type),
    ]


def member_orders(now: datetime, window_days: int | None) -> list[ColumnElement[bool]]:
    """The member's purchases, within the window when one is given.

    A purchase is an order that counts (``net_amount`` is set: paid, not fully refunded;
    a free order counts with 0), the one definition the member facts use too.
    """
    where = [Order.member_id == Member.id, Order.net_amount.is_not(None)]
    return where + (_since(Order.paid_at, now, window_days) if window_days else [])


def member_events(now: datetime, window_days: int) -> list[ColumnElement[bool]]:
    """The member's events within the window."""
    return [Event.member_id == Member.id, *_since(Event.occurred_at, now, window_days)]
