"""Expiring coupons whose validity has ended (a scheduled job)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.models import Coupon, CouponEvent
from app.models.coupon_grants import LIVE_STATUSES

CHUNK = 5000


def expire_coupons(session: Session, now: datetime) -> int:
    """Mark every live coupon past ``valid_until`` as expired, with history; returns count."""
    total = 0
    while True:
        ids = list(
            session.scalars(
                select(Coupon.id)
                .where(Coupon.status.in_(LIVE_STATUSES), Coupon.valid_until <= now)
                .limit(CHUNK)
            )
        )
        if not ids:
            return total
        session.execute(
            update(Coupon)
            .where(Coupon.id.in_(ids), Coupon.status.in_(LIVE_STATUSES))
            .values(status="expired", expired_at=now)
            .execution_options(synchronize_session=False)
        )
        session.execute(
            insert(CouponEvent),
            [{"coupon_id": i, "status": "expired", "at": now, "detail": {}} for i in ids],
        )
        total += len(ids)
