"""The referral report for a period: invitations, registrations, refusals, first orders,
rewards and their cost, top inviters, invitees by registration channel.

Definitions (``docs/referrals.md``), all over ``[start, end)``:

- **invitations**: codes presented at registration, linked or refused;
- **registrations**: invitees linked to an inviter (``referrals.linked_at``);
- **first orders**: invitees whose first paid order settled (``referrals.first_order_at``);
- **rewards**: what journeys entering on a referral event granted — coupons (by their
  ``source``) and points (ledger entries with points > 0) — and **rewards cost**, the
  discount taken with those coupons (redeemed ones); points are counted, not priced;
- **top inviters**: the ten with most registrations, then most of those invitees with a first
  order, then the lowest member id.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.models import Coupon, Journey, JourneyVersion, Member, PointsEntry
from app.models.referrals import Referral, ReferralRefusal

REFERRAL_EVENTS = ("referral", "referral_registered", "referral_first_order")
TOP = 10


def referral_journeys(session: Session) -> list[int]:
    """Ids of journeys with a version entering on a referral event."""
    ids = set()
    for journey_id, document in session.execute(
        select(JourneyVersion.journey_id, JourneyVersion.document)
    ):
        for node in (document or {}).get("nodes", []):
            config = node.get("config") or {}
            if node.get("type") == "entry.event" and config.get("event_type") in REFERRAL_EVENTS:
                ids.add(journey_id)
    return sorted(ids)


def _from_journeys(column, journey_ids: list[int]):
    if not journey_ids:
        return False
    return or_(*(column.like(f"journey:{j}:%") for j in journey_ids))


def _count(session, model, column, start, end, *where) -> int:
    return session.scalar(
        select(func.count()).select_from(model).where(column >= start, column < end, *where)
    )


def referral_report(session: Session, start: datetime, end: datetime) -> dict:
    """Every figure of the report for ``[start, end)``."""
    linked = _count(session, Referral, Referral.linked_at, start, end)
    refused = dict(
        session.execute(
            select(ReferralRefusal.reason, func.count())
            .where(ReferralRefusal.at >= start, ReferralRefusal.at < end)
            .group_by(ReferralRefusal.reason)
        ).all()
    )
    first_orders = _count(session, Referral, Referral.first_order_at, start, end)
    journeys = referral_journeys(session)
    names = dict(
        session.execute(select(Journey.id, Journey.key).where(Journey.id.in_(journeys))).all()
    )
    granted, discount = session.execute(
        select(func.count(), func.coalesce(func.sum(Coupon.discount), 0)).where(
            Coupon.granted_at >= start,
            Coupon.granted_at < end,
            _from_journeys(Coupon.source, journeys),
        )
    ).one()
    points = session.scalar(
        select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
            PointsEntry.created_at >= start,
            PointsEntry.created_at < end,
            PointsEntry.points > 0,
            _from_journeys(PointsEntry.source, journeys),
        )
    )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "invitations": linked + sum(refused.values()),
        "registrations": linked,
        "refused": refused,
        "first_orders": first_orders,
        "conversion": round(first_orders / linked, 4) if linked else None,
        "rewards": {
            "journeys": [names[j] for j in journeys],
            "coupons_granted": int(granted),
            "points_granted": int(points or 0),
            "cost": str(Decimal(str(discount)).quantize(Decimal("0.01"))),
        },
        "top_inviters": _top_inviters(session, start, end),
        "by_channel": _by_channel(session, start, end),
    }


def _top_inviters(session: Session, start: datetime, end: datetime) -> list[dict]:
    registrations = func.count(Referral.id)
    ordered = func.sum(case((Referral.first_order_at.is_not(None), 1), else_=0))
    rows = session.execute(
        select(Referral.inviter_id, Member.external_id, Member.name, registrations, ordered)
        .join(Member, Member.id == Referral.inviter_id)
        .where(and_(Referral.linked_at >= start, Referral.linked_at < end))
        .group_by(Referral.inviter_id, Member.external_id, Member.name)
        .order_by(registrations.desc(), ordered.desc(), Referral.inviter_id)
        .limit(TOP)
    ).all()
    return [
        {"member_id": m, "external_id": e, "name": n, "registrations": r, "first_orders": int(o)}
        for m, e, n, r, o in rows
    ]


def _by_channel(session: Session, start: datetime, end: datetime) -> list[dict]:
    channel = func.coalesce(Member.registration_channel, "unknown")
    rows = session.execute(
        select(channel, func.count())
        .select_from(Referral)
        .join(Member, Member.id == Referral.invitee_id)
        .where(Referral.linked_at >= start, Referral.linked_at < end)
        .group_by(channel)
        .order_by(func.count().desc(), channel)
    ).all()
    return [{"channel": c, "registrations": n} for c, n in rows]
