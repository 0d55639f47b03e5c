"""Coupon templates made straight in the table (their API is tested on its own)."""

from __future__ import annotations

from app.extensions import db
from app.models import CouponTemplate


def make_coupon_template(key: str, **fields) -> CouponTemplate:
    """A coupon template, by default 50 off a spend of 200, valid 30 days online and at the POS,
    once per member; ``fields`` override any column."""
    values = {
        "key": key,
        "name": "Spend 200 get 50",
        "kind": "amount_off",
        "terms": {"threshold": "200", "amount": "50"},
        "validity": {"days_after_grant": 30},
        "stock_total": None,
        "per_member_limit": 1,
        "channels": ["online", "pos"],
        **fields,
    }
    template = CouponTemplate(**values)
    db.session.add(template)
    db.session.commit()
    return template
