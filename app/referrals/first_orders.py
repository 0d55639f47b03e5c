"""Mark invitees' first paid orders and emit ``referral_first_order``, once per invitee.

Called where orders settle (``app.ingestion.settle``), in the same transaction, with the
orders just stored; after the members' order facts were refreshed, so an invitee whose
``first_order_at`` is now set and whose referral has none yet has just made a first paid
order. One select and one update per batch.
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
    paid = {
        m
        for (m,) in _in_chunks(
            session,
            select(orders.c.member_id).where(orders.c.net_amount.is_not(None)).distinct(),
            orders.c.id,
            order_ids,
        )
    }
    if not paid:
        return 0
    query = (
        select(referrals.c.invitee_id, referrals.c.inviter_id, members.c.first_order_at)
        .join(members, members.c.id == referrals.c.invitee_id)
        .where(referrals.c.first_order_at.is_(None), members.c.first_order_at.is_not(None))
    )
    found = list(_in_chunks(session, query, referrals.c.invitee_id, paid))
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
