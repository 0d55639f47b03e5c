"""Mark invitees' first paid orders and emit ``referral_first_order``, once per invitee.

Called where orders settle (``app.ingestion.settle``), in the same transaction, with the
orders just stored, after the members' order facts were refreshed: an invitee whose referral
has no first order yet and whose ``first_order_at`` is the payment time of one of these paid
orders has just made its first paid order. A select per batch and an update per 5,000
invitees.
"""

from __future__ import annotations

from sqlalchemy import select

from app.models import Member, Order
from app.models.referrals import Referral
from app.referrals.links import CHUNK, _announce, _in_chunks

referrals = Referral.__table__
members = Member.__table__
orders = Order.__table__


def settle_first_orders(session, order_ids: list[int], now) -> int:
    """Record first orders of invitees among these orders' members; returns how many."""
    if not order_ids:
        return 0
    waiting = select(referrals.c.id).where(referrals.c.first_order_at.is_(None)).limit(1)
    if session.execute(waiting).first() is None:
        return 0
    paid: dict[int, set] = {}
    for member_id, paid_at in _in_chunks(
        session,
        select(orders.c.member_id, orders.c.paid_at).where(orders.c.net_amount.is_not(None)),
        orders.c.id,
        order_ids,
    ):
        paid.setdefault(member_id, set()).add(paid_at)
    if not paid:
        return 0
    query = (
        select(referrals.c.invitee_id, referrals.c.inviter_id, members.c.first_order_at)
        .join(members, members.c.id == referrals.c.invitee_id)
        .where(referrals.c.first_order_at.is_(None), members.c.first_order_at.is_not(None))
    )
    # Only when the member's first paid order is one of these: a member who had bought
    # before being invited makes no referral first order.
    found = [
        row
        for row in _in_chunks(session, query, referrals.c.invitee_id, paid)
        if row[2] in paid[row[0]]
    ]
    if not found:
        return 0
    first_order = (
        select(members.c.first_order_at)
        .where(members.c.id == referrals.c.invitee_id)
        .scalar_subquery()
    )
    invitees = [invitee for invitee, _, _ in found]
    for start in range(0, len(invitees), CHUNK):
        session.execute(
            referrals.update()
            .where(
                referrals.c.invitee_id.in_(invitees[start : start + CHUNK]),
                referrals.c.first_order_at.is_(None),
            )
            .values(first_order_at=first_order)
        )
    _announce(session, {i: inv for i, inv, _ in found}, "referral_first_order", now, "order")
    return len(found)
